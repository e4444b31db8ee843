using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Platform;
using Berth.Platform.Processes;
using Berth.Runtime.Conmon;

namespace Berth.Cli.Commands;

/// <summary>exec and healthcheck run: processes started in a running container through conmon --exec.</summary>
public static partial class ContainerActions
{
    /// <summary>podman's ExecAttachCtr returns -1 with an error from libpod: the shell sees 255.</summary>
    private const int ExecEngineFailure = 255;

    public static async Task<int> ExecAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var latest = o.Changed("latest") && o.GetBool("latest");
        var args = invocation.Arguments;
        var command = latest ? args : args.Skip(1).ToList();
        var env = ExecEnvironment(o.Changed("env-file") ? o.GetStrings("env-file") : [], o.Changed("env") ? o.GetStrings("env") : []);
        var preserve = o.Changed("preserve-fds") ? o.GetInt("preserve-fds") : 0;
        for (var fd = 3; fd < 3 + preserve; fd++)
        {
            if (!InheritedDescriptors.IsInherited(fd))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"file descriptor {fd} is not available - the preserve-fds option requires that file descriptors must be passed");
            }
        }

        if (preserve > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--preserve-fds: handing descriptors to an exec session is not supported by berth yet");
        }

        var detach = o.Changed("detach") && o.GetBool("detach");
        var keys = DetachKeys.Parse(o.GetString("detach-keys") ?? DetachKeys.Default);
        var request = new ExecRequest
        {
            Command = command,
            Env = env,
            User = o.GetString("user"),
            WorkingDir = o.GetString("workdir"),
            Terminal = o.Changed("tty") && o.GetBool("tty"),
            Interactive = o.Changed("interactive") && o.GetBool("interactive"),
            Privileged = o.Changed("privileged") && o.GetBool("privileged"),
            Detach = detach,
        };

        using var service = Open(invocation);
        var c = latest ? service.Latest() : service.Find(args[0]);
        if (detach)
        {
            var started = await service.ExecAsync(c, request, cancellationToken).ConfigureAwait(false);
            await started.DisposeAsync().ConfigureAwait(false);
            invocation.Out.WriteLine(started.Id);
            return 0;
        }

        ExecSession session;
        try
        {
            session = await service.ExecAsync(c, request, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e) when (e.ExitCode is null or 125)
        {
            throw new BerthException(e.Kind, e.Message, e) { ExitCode = ExecEngineFailure };
        }

        await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            using (request.Terminal && request.Interactive ? TerminalRawMode.Enter(0) : null)
            using (request.Terminal ? WindowResizer.Start(session.ControlFifo) : null)
            {
                var outcome = await session.Started.Attach!.RunAsync(
                    request.Interactive ? StandardStreams.Input() : null,
                    StandardStreams.Output(),
                    StandardStreams.Error(),
                    keys,
                    cancellationToken).ConfigureAwait(false);
                if (outcome == AttachOutcome.Detached)
                {
                    return 0;
                }
            }

            return await service.WaitExecAsync(session, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>podman: nothing and 0 when the check passed; "unhealthy" and 1 when it failed.</summary>
    public static async Task<int> HealthcheckRunAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var outcome = await service.RunHealthcheckAsync(invocation.Arguments[0], cancellationToken).ConfigureAwait(false);
        if (outcome.Passed)
        {
            return 0;
        }

        invocation.Out.WriteLine(HealthStatus.Unhealthy);
        return 1;
    }

    /// <summary>The hidden <c>healthcheck timer ID</c>: the helper a container's start leaves running (docs/healthchecks.md).</summary>
    public static async Task<int> HealthcheckTimerAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        await service.RunHealthcheckTimerAsync(invocation.Arguments[0], cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// podman's exec environment: --env-file files, then -e, later keys replacing earlier ones in place. "KEY" alone takes
    /// the host's value (left out when unset); "PREFIX*" takes every host variable whose name starts with PREFIX.
    /// </summary>
    internal static List<string> ExecEnvironment(IReadOnlyList<string> envFiles, IReadOnlyList<string> env)
    {
        var result = new List<KeyValuePair<string, string>>();
        void Set(string key, string value)
        {
            var index = result.FindIndex(p => p.Key == key);
            if (index >= 0)
            {
                result[index] = new(key, value);
            }
            else
            {
                result.Add(new(key, value));
            }
        }

        void Parse(string entry)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? entry : entry[..eq];
            if (key.Length == 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"invalid environment variable: \"{entry}\"");
            }

            if (eq >= 0)
            {
                Set(key, entry[(eq + 1)..]);
            }
            else if (key.EndsWith('*'))
            {
                var prefix = key[..^1];
                foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
                {
                    if (((string)e.Key).StartsWith(prefix, StringComparison.Ordinal))
                    {
                        Set((string)e.Key, (string?)e.Value ?? "");
                    }
                }
            }
            else if (Environment.GetEnvironmentVariable(key) is { } value)
            {
                Set(key, value);
            }
        }

        foreach (var file in envFiles)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"open {file}: {e.Message}");
            }

            foreach (var line in lines.Select(l => l.TrimStart()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                Parse(line);
            }
        }

        foreach (var entry in env)
        {
            Parse(entry);
        }

        return [.. result.Select(p => $"{p.Key}={p.Value}")];
    }
}
