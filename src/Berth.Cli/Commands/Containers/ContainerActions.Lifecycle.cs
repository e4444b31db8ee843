using System.Globalization;
using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Runtime.Spec;

namespace Berth.Cli.Commands;

/// <summary>start, stop, kill, restart, rm, pause, unpause, init, wait, cleanup, rename, exists.</summary>
public static partial class ContainerActions
{
    public static async Task<int> StopAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var o = invocation.Options;
        uint? timeout = o.Changed("time") ? ParseTime(o.GetString("time")) : null;
        var ignore = o.Changed("ignore") && o.GetBool("ignore");
        return await ForEach(invocation, Targets(invocation, service, ignore), async (raw, c) =>
        {
            await service.StopAsync(c, timeout, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> KillAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var signal = Signals.Parse(invocation.Options.GetString("signal") ?? "KILL");
        return await ForEach(invocation, Targets(invocation, service), async (raw, c) =>
        {
            await service.KillAsync(c, signal, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> RestartAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var o = invocation.Options;
        uint? timeout = o.Changed("time") ? ParseTime(o.GetString("time")) : null;
        var runningOnly = o.Changed("running") && o.GetBool("running");
        var targets = Targets(invocation, service).Where(t => !runningOnly || t.Container?.IsRunning == true);
        return await ForEach(invocation, targets, async (raw, c) =>
        {
            c = await service.StopAsync(c, timeout, cancellationToken).ConfigureAwait(false);
            await service.StartAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var o = invocation.Options;
        var options = new RemoveOptions
        {
            Force = o.Changed("force") && o.GetBool("force"),
            Timeout = o.Changed("time") ? ParseTime(o.GetString("time")) : null,
            Volumes = o.Changed("volumes") && o.GetBool("volumes"),
        };
        var ignore = o.Changed("ignore") && o.GetBool("ignore");
        List<(string Raw, Container? Container)> targets;
        try
        {
            targets = Targets(invocation, service, ignore);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw new BerthException(e.Kind, e.Message) { ExitCode = 1 };
        }

        return await ForEach(invocation, targets, async (raw, c) =>
        {
            try
            {
                await service.RemoveAsync(c, options, cancellationToken).ConfigureAwait(false);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.InvalidState && e.ExitCode is null)
            {
                throw new BerthException(e.Kind, e.Message) { ExitCode = 2 };
            }

            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> StartAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var attach = o.Changed("attach") && o.GetBool("attach");
        if (attach)
        {
            return await StartAttachedAsync(invocation, cancellationToken).ConfigureAwait(false);
        }

        using var service = Open(invocation);
        return await ForEach(invocation, Targets(invocation, service), async (raw, c) =>
        {
            await service.StartAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> PauseAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var all = invocation.Options.Changed("all") && invocation.Options.GetBool("all");
        var targets = Targets(invocation, service).Where(t => !all || t.Container?.IsRunning == true);
        return await ForEach(invocation, targets, async (raw, c) =>
        {
            await service.PauseAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> UnpauseAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var all = invocation.Options.Changed("all") && invocation.Options.GetBool("all");
        var targets = Targets(invocation, service).Where(t => !all || t.Container?.State.Status == ContainerStatus.Paused);
        return await ForEach(invocation, targets, async (raw, c) =>
        {
            await service.UnpauseAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> InitAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        return await ForEach(invocation, Targets(invocation, service), async (raw, c) =>
        {
            await service.InitAsync(c, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> WaitAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var conditions = invocation.Options.Changed("condition") ? invocation.Options.GetStrings("condition") : ["stopped"];
        return await ForEach(invocation, Targets(invocation, service), async (raw, c) =>
        {
            var code = await WaitForConditionAsync(service, c, conditions, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(code.ToString(CultureInfo.InvariantCulture));
        }).ConfigureAwait(false);
    }

    public static async Task<int> CleanupAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        if (invocation.Options.GetString("exec") is { Length: > 0 } session)
        {
            // conmon's exit command of a detached exec session: forget the session (podman: cleanup --exec ID CTR).
            if (invocation.Arguments.Count != 1)
            {
                throw new UsageException("you must provide exactly one container with --exec");
            }

            if (service.TryFind(invocation.Arguments[0]) is { } owner)
            {
                await service.RemoveExecSessionAsync(owner.Id, session, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        var remove = invocation.Options.Changed("rm") && invocation.Options.GetBool("rm");
        return await ForEach(invocation, Targets(invocation, service, ignoreMissing: true), async (raw, c) =>
        {
            await service.CleanupAsync(c.Id, remove, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine(raw);
        }).ConfigureAwait(false);
    }

    public static async Task<int> RenameAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        var c = service.Find(invocation.Arguments[0]);
        await service.RenameAsync(c, invocation.Arguments[1], cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var service = Open(invocation);
        return Task.FromResult(service.TryFind(invocation.Arguments[0]) is null ? 1 : 0);
    }

    /// <summary>podman wait's conditions: stopped/exited (the default), running, paused, created, …; returns the exit code.</summary>
    private static async Task<int> WaitForConditionAsync(ContainerService service, Container c, IReadOnlyList<string> conditions, CancellationToken cancellationToken)
    {
        var wanted = conditions.Select(s => s.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        foreach (var condition in wanted)
        {
            if (condition is not ("configured" or "created" or "running" or "stopped" or "paused" or "exited" or "removing" or "stopping" or "healthy" or "unhealthy"))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"unknown condition {condition}");
            }
        }

        if (wanted.Count == 1 && (wanted.Contains("stopped") || wanted.Contains("exited")))
        {
            return await service.WaitForExitAsync(c, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var shown = ContainerStatus.Shown(c.State.Status);
            if (wanted.Contains(shown) || wanted.Contains(c.State.Status)
                || (c.State.Status == ContainerStatus.Exited && wanted.Contains("stopped"))
                || (c.State.Health is { } h && wanted.Contains(h.Status)))
            {
                return c.State.ExitCode;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            c = service.TryFind(c.Id) ?? throw ContainerService.NotFound(c.Id);
        }
    }

    /// <summary>podman's <c>-t/--time</c>: a non-negative number of seconds.</summary>
    private static uint ParseTime(string? text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new UsageException($"invalid argument \"{text}\" for \"-t, --time\" flag: strconv.ParseUint: parsing \"{text}\": invalid syntax");
}
