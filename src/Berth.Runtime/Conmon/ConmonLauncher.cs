using System.Runtime.InteropServices;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Berth.Platform.Processes;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Conmon;

/// <summary>
/// One conmon start: the sync, start (and for exec, attach) socket pairs, the posix_spawn with the child ends as
/// descriptors 3, 4 (5), the start signal, and reaping: for an exec the first process (conmon double-forks and the
/// monitor lives on), for a create the monitor itself (started with <c>--sync</c>, see <see cref="ConmonArguments.ForCreate"/>).
/// </summary>
internal sealed class ConmonLauncher : IDisposable
{
    /// <summary>podman's define.ContainerCreateTimeout.</summary>
    internal static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(240);

    private readonly PacketSocket sync;
    private readonly PacketSocket start;
    private readonly PacketSocket? attach;
    private readonly FileStream stderr;
    private Task<string>? stderrText;

    private ConmonLauncher(int pid, PacketSocket sync, PacketSocket start, PacketSocket? attach, FileStream stderr)
    {
        Pid = pid;
        this.sync = sync;
        this.start = start;
        this.attach = attach;
        this.stderr = stderr;
    }

    /// <summary>The conmon process started: for an exec the first one (it exits once the monitor has forked), for a create the monitor.</summary>
    public int Pid { get; }

    /// <summary>
    /// Starts conmon. <paramref name="monitor"/>: this process is the container's monitor (<c>--sync</c>), started in a
    /// session of its own as the double fork would have left it, and reaped as <see cref="WatchMonitorExit"/> says.
    /// </summary>
    public static ConmonLauncher Start(string conmonPath, IReadOnlyList<string> args, IReadOnlyList<string> env, bool withAttachPipe, bool passthroughStdio, IReadOnlyList<SafeHandle>? held = null, bool monitor = false)
    {
        var (syncParent, syncChild) = PacketSocket.Pair();
        var (startParent, startChild) = PacketSocket.Pair();
        PacketSocket? attachParent = null, attachChild = null;
        if (withAttachPipe)
        {
            (attachParent, attachChild) = PacketSocket.Pair();
        }

        var children = new List<IDisposable> { syncChild, startChild };
        if (attachChild is not null)
        {
            children.Add(attachChild);
        }

        try
        {
            using var devNullRead = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
            using var devNullWrite = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
            var (errRead, errWrite) = NativeSpawn.Pipe();
            using (errWrite)
            {
                var descriptors = new List<InheritedDescriptor>
                {
                    new(syncChild.Handle, ConmonArguments.SyncPipeFd),
                    new(startChild.Handle, ConmonArguments.StartPipeFd),
                };
                if (attachChild is not null)
                {
                    descriptors.Add(new(attachChild.Handle, ConmonArguments.AttachPipeFd));
                }

                var next = ConmonArguments.AttachPipeFd + 1;
                foreach (var h in held ?? [])
                {
                    descriptors.Add(new(h, next++));
                }

                // podman hands conmon its own stdio; passthrough logging needs that (the container writes there).
                // Otherwise conmon gets /dev/null and a pipe for the errors it prints before it daemonizes.
                using var ourStdin = new SafeFileHandle(0, ownsHandle: false);
                using var ourStdout = new SafeFileHandle(1, ownsHandle: false);
                using var ourStderr = new SafeFileHandle(2, ownsHandle: false);
                descriptors.Add(new(passthroughStdio ? ourStdin : devNullRead, 0));
                descriptors.Add(new(passthroughStdio ? ourStdout : devNullWrite, 1));
                descriptors.Add(new(passthroughStdio ? ourStderr : errWrite, 2));
                var argv = new List<string>(args.Count + 1) { conmonPath };
                argv.AddRange(args);
                int pid;
                try
                {
                    pid = NativeSpawn.Spawn(conmonPath, argv, env, descriptors, newProcessGroup: true, newSession: monitor);
                }
                catch
                {
                    errRead.Dispose();
                    throw;
                }

                return new ConmonLauncher(pid, syncParent, startParent, attachParent, new FileStream(errRead, FileAccess.Read, 1));
            }
        }
        catch
        {
            syncParent.Dispose();
            startParent.Dispose();
            attachParent?.Dispose();
            throw;
        }
        finally
        {
            foreach (var c in children)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>Lets conmon go on (podman writes one byte once conmon is in its cgroup; exec-attach waits for a second one).</summary>
    public void SignalStart()
    {
        // false: conmon ended before it read the signal; its exit status and what it printed tell why (the caller reads them).
        _ = start.TrySend([0]);
    }

    /// <summary>Reaps the first conmon process; its exit code (non-zero: conmon refused to start, see <see cref="StderrAsync"/>).</summary>
    public Task<int> WaitFirstProcessAsync() => Task.Run(() => NativeSpawn.WaitForExit(Pid));

    /// <summary>
    /// The monitor's exit code once it ends (it lives as long as the container): reaped on SIGCHLD
    /// (<see cref="ChildReaper"/>), so no zombie stays behind in a process that outlives it and no thread waits for it.
    /// </summary>
    public Task<int> WatchMonitorExit() => ChildReaper.Watch(Pid);

    /// <summary>
    /// The next message on the sync pipe, waited for on this thread (poll(2): no socket event thread or pool thread is
    /// started for it); null when conmon closed it without writing. <see cref="TimeoutException"/> when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
    public SyncMessage? ReadSync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!sync.WaitReadable(timeout, cancellationToken))
        {
            throw new TimeoutException();
        }

        var buffer = new byte[8192];
        var n = sync.Receive(buffer);
        return n == 0 ? null : Parse(buffer, n);
    }

    /// <summary>
    /// What conmon printed before it daemonized (only meaningful once it failed). Read only then: the pipe keeps it
    /// meanwhile, and a run that goes well does not pay for a reader.
    /// </summary>
    public async Task<string> StderrAsync()
    {
        var text = stderrText ??= ReadStderrAsync(stderr);
        var done = await Task.WhenAny(text, Task.Delay(1000)).ConfigureAwait(false);
        return done == text ? (await text.ConfigureAwait(false)).Trim() : "";
    }

    /// <summary>The next message on the sync pipe; null when conmon closed it without writing.</summary>
    public Task<SyncMessage?> ReadSyncAsync(CancellationToken cancellationToken) => ReadMessageAsync(sync.AsSocket(), cancellationToken);

    /// <summary>The attach pipe's message: conmon has its attach socket listening (exec-attach only).</summary>
    public Task<SyncMessage?> ReadAttachAsync(CancellationToken cancellationToken) =>
        ReadMessageAsync((attach ?? throw new InvalidOperationException("no attach pipe")).AsSocket(), cancellationToken);

    public void Dispose()
    {
        sync.Dispose();
        start.Dispose();
        attach?.Dispose();
        stderr.Dispose();
    }

    internal static async Task<SyncMessage?> ReadMessageAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int n;
        try
        {
            n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        if (n == 0)
        {
            return null;
        }

        return Parse(buffer, n);
    }

    private static SyncMessage? Parse(byte[] buffer, int n)
    {
        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, n), ConmonJsonContext.Default.SyncMessage);
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"conmon bytes \"{Encoding.UTF8.GetString(buffer, 0, n)}\": {e.Message}", e);
        }
    }

    private static async Task<string> ReadStderrAsync(FileStream stream)
    {
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return "";
        }
    }
}
