using System.Text.Json;

namespace Berth.Runtime.Conmon;

/// <summary>A started exec session: its process, the attached socket (when asked for), and its exit code to come.</summary>
public sealed class ExecStarted : IAsyncDisposable
{
    private readonly ConmonLauncher launch;
    private readonly ExecOptions options;

    internal ExecStarted(int pid, AttachSession? attach, ConmonLauncher launch, ExecOptions options)
    {
        Pid = pid;
        Attach = attach;
        this.launch = launch;
        this.options = options;
    }

    /// <summary>The exec'd process, as seen from the host.</summary>
    public int Pid { get; }

    /// <summary>Connected before the process started, so nothing it writes is lost; null without <see cref="ExecOptions.Attach"/>.</summary>
    public AttachSession? Attach { get; }

    /// <summary>
    /// The exit code: conmon sends it down the sync pipe once the process ends (its exit file in
    /// <see cref="ExecOptions.ExitDir"/> says the same and outlives this object).
    /// </summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        var message = await launch.ReadSyncAsync(cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            return message.Data;
        }

        return await ExitFile.WaitAsync(options.ExitDir, options.ContainerId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Attach is not null)
        {
            await Attach.DisposeAsync().ConfigureAwait(false);
        }

        launch.Dispose();
    }
}

public sealed partial class ConmonRuntime
{
    /// <summary>The attach socket of an exec session.</summary>
    public static string ExecAttachSocketPath(ExecOptions o) => Path.Combine(o.SessionDirectory, "attach");

    /// <summary>The control FIFO of an exec session (terminal resize).</summary>
    public static string ExecControlFifoPath(ExecOptions o) => Path.Combine(o.SessionDirectory, "ctl");

    /// <summary>
    /// Runs a process in a running container through <c>conmon --exec</c> (podman's ExecContainer): the process spec
    /// is written to the session directory, conmon is started and moved on, the attach socket is connected before
    /// conmon may run <c>runc exec</c>, and the pid comes back on the sync pipe. Failures to start the process are
    /// <see cref="ContainerCommandException"/>s with podman's messages and exit codes (127 not found, 126 not executable).
    /// </summary>
    public async Task<ExecStarted> ExecAsync(ExecOptions options, CancellationToken cancellationToken)
    {
        if (options.Process.Args is not { Count: > 0 })
        {
            throw BerthException.InvalidArgument("must provide a command to execute");
        }

        Directory.CreateDirectory(options.SessionDirectory);
        Directory.CreateDirectory(options.ExitDir);
        var ociLog = Path.Combine(options.SessionDirectory, "oci-log");
        File.Delete(ociLog);
        var processSpec = Path.Combine(options.SessionDirectory, $"exec-process-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(processSpec, JsonSerializer.SerializeToUtf8Bytes(options.Process, ConmonJsonContext.Writer.RuntimeProcess), cancellationToken).ConfigureAwait(false);

        var args = ConmonArguments.ForExec(Runtime.Path, RuntimeRoot, options, processSpec);
        var env = ConmonArguments.Environment(options.ExtraEnv, attachPipe: options.Attach);
        var launch = ConmonLauncher.Start(Conmon.Path, args, env, withAttachPipe: options.Attach, passthroughStdio: false);
        AttachSession? attach = null;
        try
        {
            launch.SignalStart();
            var first = launch.WaitFirstProcessAsync();
            if (options.Attach)
            {
                // conmon says when its attach socket listens; only then may its runtime child go on.
                var ready = await launch.ReadAttachAsync(cancellationToken).ConfigureAwait(false);
                if (ready is not { Data: >= 0 })
                {
                    Interpret(ready, ociLog, "exec failed");
                }

                attach = await AttachSession.ConnectAsync(ExecAttachSocketPath(options), cancellationToken).ConfigureAwait(false);
                launch.SignalStart();
            }

            var code = await first.ConfigureAwait(false);
            if (code != 0)
            {
                var text = await launch.StderrAsync().ConfigureAwait(false);
                throw new BerthException(ErrorKind.Internal, $"cannot run conmon: exit status {code}{(text.Length > 0 ? ": " + text : "")}");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConmonLauncher.CreateTimeout);
            var pid = Interpret(await launch.ReadSyncAsync(timeout.Token).ConfigureAwait(false), ociLog, "exec failed");
            return new ExecStarted(pid, attach, launch, options);
        }
        catch
        {
            if (attach is not null)
            {
                await attach.DisposeAsync().ConfigureAwait(false);
            }

            launch.Dispose();
            throw;
        }
        finally
        {
            File.Delete(processSpec);
        }
    }
}
