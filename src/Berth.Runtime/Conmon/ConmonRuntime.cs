using System.Globalization;
using System.Text.Json;
using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Drives conmon and the OCI runtime (runc, crun) for single containers, as podman 4.3's ConmonOCIRuntime does:
/// create through conmon (which stays as the container's monitor), everything else straight through the runtime's CLI.
/// </summary>
public sealed partial class ConmonRuntime(HelperBinary conmon, HelperBinary runtime, string runtimeRoot)
{
    private static readonly TimeSpan RuntimeTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long a conmon that closed its sync pipe unasked is given to end before its exit status is read.</summary>
    private static readonly TimeSpan ConmonExitGrace = TimeSpan.FromSeconds(1);

    public HelperBinary Conmon { get; } = conmon;

    public HelperBinary Runtime { get; } = runtime;

    /// <summary>The runtime's state directory (<c>--root</c> on every call).</summary>
    public string RuntimeRoot { get; } = runtimeRoot;

    /// <summary>Problems that did not stop the last create (e.g. conmon left outside its cgroup); podman logs them as warnings.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The attach socket: <c>BundlePath/attach</c> (podman's AttachSocketPath with conmon's --full-attach).</summary>
    public static string AttachSocketPath(ConmonOptions o) => Path.Combine(o.BundlePath, "attach");

    /// <summary>The control FIFO for resize and log reopen messages (<see cref="ConsoleControl"/>).</summary>
    public static string ControlFifoPath(ConmonOptions o) => Path.Combine(o.BundlePath, "ctl");

    /// <summary>The FIFO conmon relays resize messages through.</summary>
    public static string WinszFifoPath(ConmonOptions o) => Path.Combine(o.BundlePath, "winsz");

    /// <summary>The runtime's JSON log, read for its error text when create fails.</summary>
    public static string RuntimeLogPath(ConmonOptions o) => Path.Combine(o.BundlePath, "oci-log");

    /// <summary>
    /// Starts conmon for a create but holds it at its start pipe: conmon loads and sets itself up (several ms) while
    /// the caller still mounts the root file system and writes the bundle. Nothing of the bundle is read before
    /// <see cref="CreateAsync(PendingCreate, CancellationToken)"/>; disposing the result unused kills that conmon.
    /// </summary>
    public PendingCreate BeginCreate(ConmonOptions options)
    {
        var ociLog = RuntimeLogPath(options);
        File.Delete(ociLog);
        var args = ConmonArguments.ForCreate(Runtime.Path, RuntimeRoot, options, ociLog);
        var env = ConmonArguments.Environment(options.ExtraEnv, attachPipe: false);
        var launch = ConmonLauncher.Start(Conmon.Path, args, env, withAttachPipe: false, passthroughStdio: options.LogDriver == "passthrough", held: options.HeldDescriptors, monitor: true);
        return new PendingCreate(launch, options, ociLog);
    }

    /// <summary>
    /// Lets the conmon of <see cref="BeginCreate"/> run <c>runc create</c>; returns once the container's init process
    /// exists (state "created"). On failure the runtime's container is deleted and a <see cref="ContainerCommandException"/>
    /// carries podman's message and exit code. <paramref name="meanwhile"/> (given conmon's pid) runs on this thread
    /// while the runtime creates the container; should it throw, its exception follows once the create has ended.
    /// </summary>
    public async Task<ContainerStarted> CreateAsync(PendingCreate pending, CancellationToken cancellationToken, Action<int>? meanwhile = null)
    {
        var launch = pending.Go();
        var options = pending.Options;
        var ociLog = pending.OciLog;
        var warnings = new List<string>();
        if (options.ConmonCgroupPath is { } cgroup && !options.SystemdCgroup)
        {
            warnings.AddRange(ConmonCgroup.TryMove(launch.Pid, cgroup));
        }

        Warnings = warnings;
        launch.SignalStart();
        // conmon runs the runtime now (tens of ms): its pid file costs nothing meanwhile.
        var exited = launch.WatchMonitorExit();
        WriteConmonPidFile(options, launch.Pid);
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failed = null;
        try
        {
            meanwhile?.Invoke(launch.Pid);
        }
        catch (Exception e)
        {
            failed = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }

        int pid;
        try
        {
            pid = await ReadPidAsync(launch, ociLog, exited, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            await DeleteQuietlyAsync(options.ContainerId).ConfigureAwait(false);
            throw;
        }

        failed?.Throw();
        return new ContainerStarted(pid, launch.Pid);
    }

    /// <summary>
    /// <c>--conmon-pidfile</c>'s file, which a <c>--sync</c> conmon does not write (only its first process would):
    /// written here as conmon writes it (the bare number).
    /// </summary>
    private void WriteConmonPidFile(ConmonOptions options, int conmonPid)
    {
        try
        {
            File.WriteAllText(options.ConmonPidFile, conmonPid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warnings = [.. Warnings, $"Error writing conmon pid file for container {options.ContainerId}: {e.Message}"];
        }
    }

    /// <summary><c>runc kill [--all] id signal</c>.</summary>
    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken) =>
        RunAsync(all ? ["kill", "--all", id, signal.ToString(CultureInfo.InvariantCulture)] : ["kill", id, signal.ToString(CultureInfo.InvariantCulture)], id, cancellationToken);

    /// <summary>
    /// <c>runc delete [--force]</c>; a container the runtime no longer knows is already deleted. With runc, a stopped
    /// container in the plain case is removed from the runtime's state here (<see cref="RuncStoppedDelete"/>).
    /// </summary>
    public async Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        if (Runtime.Name == "runc" && RuncStoppedDelete.TryDelete(RuntimeRoot, id))
        {
            return;
        }

        try
        {
            await RunAsync(force ? ["delete", "--force", id] : ["delete", id], id, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            // gone already
        }
    }

    /// <summary><c>runc state</c>; null when the runtime does not know <paramref name="id"/>.</summary>
    public async Task<OciState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var r = await ProcessRunner.RunAsync(Runtime.Path, ["--root", RuntimeRoot, "state", id], RuntimeTimeout, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            if (IsUnknownContainer(r.StandardError))
            {
                return null;
            }

            throw Failure(["state", id], r);
        }

        var state = JsonSerializer.Deserialize(r.StandardOutput, ConmonJsonContext.Default.RuntimeStateDocument)
            ?? throw new BerthException(ErrorKind.Internal, $"decoding container status for container {id}: empty output");
        return state.Status is "created" or "running" or "stopped" or "paused"
            ? new OciState(state.Status, state.Pid)
            : throw new BerthException(ErrorKind.Internal, $"unrecognized status returned by runtime for container {id}: {state.Status}");
    }

    public Task PauseAsync(string id, CancellationToken cancellationToken) => RunAsync(["pause", id], id, cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken) => RunAsync(["resume", id], id, cancellationToken);

    /// <summary>
    /// The container's pid from conmon's sync pipe. A pipe closed without a word is conmon ending early: with an exit
    /// status that is not 0 (bad arguments, say) that status and what it printed are the error, as podman reports them.
    /// The runtime's create (tens of ms) is waited for on the calling thread, with poll(2): a command has nothing else
    /// to do meanwhile, and neither the socket event thread nor a pool thread starts for it (~1–2 ms of a run on a
    /// small VM). An embedding application calling from the thread pool holds one pool thread for that time.
    /// </summary>
    private async Task<int> ReadPidAsync(ConmonLauncher launch, string ociLog, Task<int> exited, CancellationToken cancellationToken)
    {
        SyncMessage? message;
        try
        {
            message = launch.ReadSync(ConmonLauncher.CreateTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new BerthException(ErrorKind.Internal, "container creation timeout");
        }

        if (message is null && FailedExitStatus(exited) is { } status)
        {
            var text = await launch.StderrAsync().ConfigureAwait(false);
            throw new BerthException(ErrorKind.Internal, $"conmon failed: exit status {status}{(text.Length > 0 ? ": " + text : "")}");
        }

        return Interpret(message, ociLog, "container create failed");
    }

    /// <summary>
    /// conmon's exit status when it ended with a failure within <see cref="ConmonExitGrace"/> of closing its pipe; null
    /// when it did not end by then, ended well, or was reaped by someone else. Looked at every 10 ms as well: a SIGCHLD
    /// may be late or never come.
    /// </summary>
    private static int? FailedExitStatus(Task<int> exited)
    {
        var deadline = Environment.TickCount64 + (long)ConmonExitGrace.TotalMilliseconds;
        while (!exited.IsCompleted && Environment.TickCount64 < deadline)
        {
            ChildReaper.Poll();
            exited.Wait(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }

        return exited.IsCompletedSuccessfully && exited.Result > 0 ? exited.Result : null;
    }

    /// <summary>podman's readConmonPipeData: a pid, or the runtime's error from its JSON log, else from conmon's message.</summary>
    internal int Interpret(SyncMessage? message, string ociLog, string failure)
    {
        if (message is { Data: >= 0 })
        {
            return message.Data;
        }

        var runtimeName = Runtime.Name;
        if (RuntimeErrors.ReadRuntimeLog(ociLog) is { } logged)
        {
            throw RuntimeErrors.FromCreateFailure(logged, runtimeName);
        }

        if (message is null)
        {
            throw new BerthException(ErrorKind.Internal, $"{failure} (no logs from conmon)");
        }

        throw string.IsNullOrEmpty(message.Message)
            ? new BerthException(ErrorKind.Internal, failure)
            : RuntimeErrors.FromCreateFailure(message.Message, runtimeName);
    }

    private async Task DeleteQuietlyAsync(string id)
    {
        try
        {
            await DeleteAsync(id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // podman logs "Removing container … from runtime after creation failed" and reports the create error
        }
    }

    private async Task RunAsync(string[] args, string id, CancellationToken cancellationToken)
    {
        var r = await ProcessRunner.RunAsync(Runtime.Path, ["--root", RuntimeRoot, .. args], RuntimeTimeout, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            if (IsUnknownContainer(r.StandardError))
            {
                throw new BerthException(ErrorKind.NotFound, $"{Runtime.Name}: container {id} does not exist in the OCI runtime");
            }

            throw Failure(args, r);
        }
    }

    private BerthException Failure(string[] args, ProcessResult r)
    {
        var text = r.StandardError.Trim();
        var kind = text.Contains("not running", StringComparison.Ordinal) || text.Contains("container not", StringComparison.Ordinal)
            || text.Contains("cannot ", StringComparison.Ordinal)
            ? ErrorKind.InvalidState
            : ErrorKind.Internal;
        return new BerthException(kind, $"{Runtime.Name} {args[0]} {args[^1]}: {(text.Length > 0 ? text : $"exit status {r.ExitCode}")}");
    }

    private static bool IsUnknownContainer(string stderr) =>
        stderr.Contains("does not exist", StringComparison.Ordinal) || stderr.Contains("No such file", StringComparison.Ordinal);
}
