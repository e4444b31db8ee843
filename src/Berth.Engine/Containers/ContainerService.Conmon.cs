using Berth.Runtime.Conmon;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Seconds conmon waits before running the exit command. An attached client (run without -d, start -a) cleans up
    /// itself right after the exit; a delay keeps the exit command from racing it (and from competing for the CPU
    /// while it does), yet still cleans up if the client is gone.
    /// </summary>
    public int ExitCommandDelaySeconds { get; set; }

    /// <summary>conmon's view of a container: bundle, pid files, exit file, log, attach socket and the exit command.</summary>
    internal ConmonOptions ConmonOptionsFor(Container c)
    {
        var bundle = Paths.Bundle(c.Id);
        return new ConmonOptions
        {
            ContainerId = c.Id,
            Name = c.Name,
            BundlePath = bundle,
            PidFile = Path.Combine(bundle, "pidfile"),
            ConmonPidFile = Path.Combine(bundle, "conmon.pid"),
            ExitDir = Paths.ExitDir,
            SocketDir = Paths.SocketDir,
            LogDriver = c.Config.LogDriver,
            LogPath = c.Config.LogPath,
            LogSizeMax = c.Config.LogSizeMax,
            NoSyncLog = c.Config.AutoRemove && c.Config.LogPath == Paths.DefaultLogPath(c.Id),
            LogTag = c.Config.LogTag.Length > 0 ? c.Config.LogTag : null,
            Terminal = c.Config.Terminal,
            Stdin = c.Config.Stdin,
            ExitCommand = ExitCommand(c),
            ExitCommandDelaySeconds = ExitCommandDelaySeconds,
            SystemdCgroup = engine.Settings.CgroupManager == "systemd",
        };
    }

    /// <summary>
    /// After this client cleaned up the container itself (an attached run): conmon <paramref name="conmonPid"/>'s exit
    /// command, still waiting out its delay, is dropped (<see cref="ConmonRuntime.DropDelayedExitCommand"/>).
    /// </summary>
    public static void DropDelayedExitCommand(int conmonPid) => ConmonRuntime.DropDelayedExitCommand(conmonPid);

    /// <summary>The socket a client attaches to.</summary>
    public string AttachSocketPath(Container c) => ConmonRuntime.AttachSocketPath(ConmonOptionsFor(c));

    /// <summary>conmon's control fifo (terminal resize).</summary>
    public string ControlFifoPath(Container c) => ConmonRuntime.ControlFifoPath(ConmonOptionsFor(c));

    /// <summary>
    /// <c>berth [global options] container cleanup [--rm] ID</c>: what conmon runs after the container exits, so the
    /// state is recorded (and restart policies and --rm applied) with no berth process alive.
    /// </summary>
    private List<string> ExitCommand(Container c)
    {
        var argv = BerthCommandPrefix();
        argv.AddRange(["container", "cleanup"]);
        if (c.Config.AutoRemove)
        {
            argv.Add("--rm");
        }

        argv.Add(c.Id);
        return argv;
    }

    /// <summary>This berth binary with the global options that name this store and runtime (for helpers that run later).</summary>
    internal List<string> BerthCommandPrefix()
    {
        var o = engine.Options;
        var s = engine.Settings;
        List<string> argv = [Environment.ProcessPath ?? "berth", "--root", s.GraphRoot, "--runroot", s.RunRoot, "--log-level", o.LogLevel];
        if (o.StorageDriver is { Length: > 0 } driver)
        {
            argv.AddRange(["--storage-driver", driver]);
        }

        if (o.Runtime is { Length: > 0 } runtime)
        {
            argv.AddRange(["--runtime", runtime]);
        }

        if (o.Conmon is { Length: > 0 } conmon)
        {
            argv.AddRange(["--conmon", conmon]);
        }

        if (o.CgroupManager is { Length: > 0 } manager)
        {
            argv.AddRange(["--cgroup-manager", manager]);
        }

        if (o.TmpDir is { Length: > 0 } tmp)
        {
            argv.AddRange(["--tmpdir", tmp]);
        }

        // podman passes it too: cleanup must find the same networks to tear down.
        argv.AddRange(["--network-config-dir", s.NetworkConfigDir]);
        return argv;
    }
}
