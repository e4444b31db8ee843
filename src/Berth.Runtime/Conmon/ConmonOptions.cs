using Berth.Oci;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Everything conmon needs to create one container, shaped after what podman 4.3's sharedConmonArgs and
/// createOCIContainer pass (libpod/oci_conmon_common.go).
/// </summary>
public sealed record ConmonOptions
{
    public required string ContainerId { get; init; }

    public required string Name { get; init; }

    /// <summary>The bundle (config.json; conmon <c>-b</c>), also conmon's working directory: ctl, winsz, attach, oci-log live here as podman's userdata.</summary>
    public required string BundlePath { get; init; }

    /// <summary>The container's pid file (conmon <c>-p</c>, handed to <c>runc create --pid-file</c>).</summary>
    public required string PidFile { get; init; }

    public required string ConmonPidFile { get; init; }

    /// <summary>conmon writes <c>&lt;ExitDir&gt;/&lt;ContainerId&gt;</c> with the exit code.</summary>
    public required string ExitDir { get; init; }

    /// <summary>conmon <c>--persist-dir</c> (its <c>exit</c> and <c>oom</c> files) when set.</summary>
    public string? PersistDir { get; init; }

    /// <summary>conmon <c>--socket-dir-path</c>. With <c>--full-attach</c> (always passed, as podman does) the socket is <c>BundlePath/attach</c>.</summary>
    public required string SocketDir { get; init; }

    /// <summary>k8s-file, json-file (conmon has no json-file: podman writes k8s-file), none, journald or passthrough.</summary>
    public string LogDriver { get; init; } = "k8s-file";

    /// <summary>The k8s-file log; <c>BundlePath/ctr.log</c> (podman's default) when null.</summary>
    public string? LogPath { get; init; }

    public long LogSizeMax { get; init; } = -1;

    /// <summary>
    /// conmon <c>--no-sync-log</c>: no fsync of the log after the container exits. Only for a log that is removed with
    /// the container right after (<c>--rm</c> with the default log path), where the sync would keep nothing.
    /// </summary>
    public bool NoSyncLog { get; init; }

    public string? LogTag { get; init; }

    /// <summary>A pseudo-terminal for the container (conmon <c>-t</c>); process.terminal in config.json must agree.</summary>
    public bool Terminal { get; init; }

    /// <summary>Keep a stdin pipe the attach socket writes into (conmon <c>-i</c>).</summary>
    public bool Stdin { get; init; }

    /// <summary>conmon <c>--leave-stdin-open</c>: an attach client going away does not close the container's stdin.</summary>
    public bool LeaveStdinOpen { get; init; }

    /// <summary>Run by conmon after the container exits (argv; [0] is the program). Empty: none.</summary>
    public IReadOnlyList<string> ExitCommand { get; init; } = [];

    public int ExitCommandDelaySeconds { get; init; }

    /// <summary>conmon <c>--log-level</c> (logrus level names: error, warning, info, debug; debug adds <c>--syslog</c>).</summary>
    public string LogLevel { get; init; } = "warning";

    /// <summary>The systemd cgroup manager: conmon <c>-s</c>, which passes <c>--systemd-cgroup</c> to <c>runc create</c>.</summary>
    public bool SystemdCgroup { get; init; }

    /// <summary>
    /// With cgroupfs, the cgroup conmon is moved into before it may start the runtime (podman: the container's
    /// cgroup parent + "/conmon", e.g. <c>/libpod_parent/conmon</c>). Null: conmon stays in the caller's cgroup.
    /// </summary>
    public string? ConmonCgroupPath { get; init; }

    /// <summary>Added to conmon's environment (e.g. XDG_RUNTIME_DIR); the runtime and the exit command inherit it.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>conmon <c>--timeout</c>: kill the container after this many seconds (0: never).</summary>
    public int TimeoutSeconds { get; init; }

    /// <summary>
    /// Descriptors conmon inherits and keeps for the container's lifetime (podman's bound host-port sockets, which keep
    /// other programs off the published ports). The runtime closes them before the container's process starts.
    /// </summary>
    public IReadOnlyList<System.Runtime.InteropServices.SafeHandle> HeldDescriptors { get; init; } = [];
}

/// <summary>A created container: its init process and the conmon watching it.</summary>
public sealed record ContainerStarted(int Pid, int ConmonPid);

/// <summary>What the runtime says about a container: created, running, stopped or paused.</summary>
public sealed record OciState(string Status, int Pid);

/// <summary>One exec session (podman's ExecContainer): the process runs in a running container under its own conmon.</summary>
public sealed record ExecOptions
{
    public required string ContainerId { get; init; }

    public required string ContainerName { get; init; }

    /// <summary>The session's ID (conmon <c>-u</c>).</summary>
    public required string SessionId { get; init; }

    /// <summary>
    /// The session's directory (podman's execBundlePath: the container's bundle + "/" + session ID); created when missing.
    /// Holds the process spec, <c>exec_pid</c>, <c>oci-log</c>, <c>attach</c>, <c>ctl</c>, <c>winsz</c> and <c>exit/&lt;ContainerId&gt;</c>.
    /// </summary>
    public required string SessionDirectory { get; init; }

    /// <summary>The process to run (args, env, user, cwd, capabilities …); <c>terminal</c> decides conmon's <c>-t</c>.</summary>
    public required RuntimeProcess Process { get; init; }

    /// <summary>Connect to the session's attach socket before the process starts (conmon <c>--exec-attach</c>), so no output is lost.</summary>
    public bool Attach { get; init; } = true;

    /// <summary>A stdin pipe fed by the attach socket (conmon <c>-i</c>).</summary>
    public bool Stdin { get; init; }

    public IReadOnlyList<string> ExitCommand { get; init; } = [];

    public int ExitCommandDelaySeconds { get; init; }

    public string LogLevel { get; init; } = "warning";

    public IReadOnlyDictionary<string, string> ExtraEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>The exit directory conmon writes <c>&lt;ContainerId&gt;</c> into.</summary>
    public string ExitDir => Path.Combine(SessionDirectory, "exit");
}
