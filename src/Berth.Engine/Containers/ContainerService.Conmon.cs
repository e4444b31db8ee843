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
    internal ConmonOptions ConmonOptionsFor(Container c) => ConmonOptionsFor(c.Id, c.Name, c.Config);

    private ConmonOptions ConmonOptionsFor(string id, string name, ContainerConfig config)
    {
        var bundle = Paths.Bundle(id);
        return new ConmonOptions
        {
            ContainerId = id,
            Name = name,
            BundlePath = bundle,
            PidFile = Path.Combine(bundle, "pidfile"),
            ConmonPidFile = Path.Combine(bundle, "conmon.pid"),
            ExitDir = Paths.ExitDir,
            SocketDir = Paths.SocketDir,
            LogDriver = config.LogDriver,
            LogPath = config.LogPath,
            LogSizeMax = config.LogSizeMax,
            NoSyncLog = config.AutoRemove && config.LogPath == Paths.DefaultLogPath(id),
            LogTag = config.LogTag.Length > 0 ? config.LogTag : null,
            Terminal = config.Terminal,
            Stdin = config.Stdin,
            ExitCommand = ExitCommand(id, config),
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
    private List<string> ExitCommand(string id, ContainerConfig config)
    {
        var argv = BerthCommandPrefix();
        argv.AddRange(["container", "cleanup"]);
        if (config.AutoRemove)
        {
            argv.Add("--rm");
        }

        argv.Add(id);
        return argv;
    }

    /// <summary>conmons spawned during a create for the init that follows (<see cref="BeginConmonEarly"/>).</summary>
    private readonly Dictionary<string, PendingCreate> earlyConmons = new(StringComparer.Ordinal);

    /// <summary>
    /// For a container started right after its create (<c>run</c>): conmon is spawned as soon as the container's ID, name
    /// and configuration are known, before its layer and record are written, so that its ~9 ms of start-up (conmon is
    /// the slower side to the start signal) overlaps them. Only where init would spawn it with nothing more to hand on:
    /// no pod, no published ports, a network that needs no setup (none, host). It waits at its start pipe; a conmon let
    /// go by a dying berth finds no config.json and ends.
    /// </summary>
    internal void BeginConmonEarly(string id, string name, ContainerConfig config)
    {
        if (config.Pod.Length > 0 || config.PortMappings.Count > 0 || config.NetworkMode is not ("none" or "host"))
        {
            return;
        }

        var bundle = Paths.Bundle(id);
        Directory.CreateDirectory(bundle);
        Directory.CreateDirectory(Paths.ExitDir);
        Directory.CreateDirectory(Paths.SocketDir);
        Directory.CreateDirectory(Path.GetDirectoryName(config.LogPath) is { Length: > 0 } logDir ? logDir : Paths.StaticDir(id));
        PendingCreate pending;
        try
        {
            pending = Runtime.BeginCreate(ConmonOptionsFor(id, name, config));
        }
        catch
        {
            DeleteEarlyDirectories(id);
            throw;
        }

        lock (earlyConmons)
        {
            earlyConmons[id] = pending;
        }
    }

    /// <summary>The conmon <see cref="BeginConmonEarly"/> spawned for <paramref name="id"/>, now the caller's; null when none.</summary>
    private PendingCreate? TakeEarlyConmon(string id)
    {
        lock (earlyConmons)
        {
            return earlyConmons.Remove(id, out var pending) ? pending : null;
        }
    }

    /// <summary>Kills the early conmon of a create that failed, and the directories made for it.</summary>
    private void DropEarlyConmon(string id)
    {
        if (TakeEarlyConmon(id) is not { } pending)
        {
            return;
        }

        pending.Dispose();
        DeleteEarlyDirectories(id);
    }

    /// <summary>The run and static directories <see cref="BeginConmonEarly"/> made for a container that was not created.</summary>
    private void DeleteEarlyDirectories(string id)
    {
        foreach (var dir in (ReadOnlySpan<string>)[Paths.RunDir(id), Paths.StaticDir(id)])
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Early conmons nobody took (the init never came): killed when the service closes.</summary>
    private void DisposeEarlyConmons()
    {
        List<PendingCreate> left;
        lock (earlyConmons)
        {
            left = [.. earlyConmons.Values];
            earlyConmons.Clear();
        }

        foreach (var pending in left)
        {
            pending.Dispose();
        }
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
