using Berth.Oci;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Spec;

/// <summary>A user name or group name looked up in the container's /etc/passwd and /etc/group.</summary>
/// <param name="user">The user part of <c>--user</c> (a name or a number).</param>
/// <param name="group">The group part, or null when <c>--user</c> had no ':'.</param>
public delegate ResolvedUser UserResolver(string user, string? group);

/// <summary>A resolved process identity.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids);

/// <summary>Host files of one container bind-mounted over the rootfs (podman's userdata directory).</summary>
public sealed record ContainerFiles
{
    public string? Hosts { get; init; }
    public string? Hostname { get; init; }
    public string? ResolvConf { get; init; }

    /// <summary><c>/run/.containerenv</c>.</summary>
    public string? ContainerEnv { get; init; }

    /// <summary>The per-container shm directory; null puts a tmpfs on /dev/shm instead.</summary>
    public string? Shm { get; init; }

    /// <summary>Generated /etc/passwd and /etc/group (podman writes them when the user is not in the image's files).</summary>
    public string? Passwd { get; init; }
    public string? Group { get; init; }
}

/// <summary>
/// Everything the spec generator needs for one container, already resolved: the image config, the flags, the
/// containers.conf values and the host facts. A plain record so tests build it directly.
/// </summary>
public sealed record ContainerSpecInput
{
    /// <summary>The full 64-hex container ID.</summary>
    public required string ContainerId { get; init; }

    /// <summary>The mounted root filesystem.</summary>
    public required string RootfsPath { get; init; }

    public ImageConfiguration? Image { get; init; }

    /// <summary>The command after the image (<c>podman create IMAGE cmd…</c>); empty = the image's Cmd.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary><c>--entrypoint</c>; null = the image's. A set entrypoint also drops the image's Cmd (podman's rule).</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary><c>--env</c> "KEY=value" entries, applied last.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>containers.conf <c>env</c>, applied between podman's defaults and the image's env.</summary>
    public IReadOnlyList<string> ConfEnv { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary><c>--user</c>; null = the image's User.</summary>
    public string? User { get; init; }

    /// <summary>Looks up user and group names; numeric IDs never need it.</summary>
    public UserResolver? UserResolver { get; init; }

    /// <summary><c>--group-add</c> groups, resolved to IDs; added to the process's groups whoever the user is.</summary>
    public IReadOnlyList<uint> GroupAdd { get; init; } = [];

    /// <summary><c>--hostname</c>; null = the short (12-hex) container ID.</summary>
    public string? Hostname { get; init; }

    public bool Terminal { get; init; }
    public bool Privileged { get; init; }
    public bool ReadOnly { get; init; }

    /// <summary><c>--read-only-tmpfs</c> (default true): tmpfs on /run, /tmp and /var/tmp of a read-only container.</summary>
    public bool ReadOnlyTmpfs { get; init; } = true;

    /// <summary>containers.conf <c>default_capabilities</c> (CAP_-prefixed).</summary>
    public IReadOnlyList<string> DefaultCapabilities { get; init; } = Berth.Config.ContainersConfDefaults.Capabilities;

    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>The capabilities the host kernel knows (its bounding set); null = every capability up to CAP_CHECKPOINT_RESTORE.</summary>
    public IReadOnlyList<string>? HostBoundingSet { get; init; }

    public bool NoNewPrivileges { get; init; }

    /// <summary><c>--ulimit</c> "name=soft[:hard]" entries; when any is given containers.conf's are not used (podman).</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];

    /// <summary>containers.conf <c>default_ulimits</c>.</summary>
    public IReadOnlyList<string> DefaultUlimits { get; init; } = [];

    /// <summary>The caller's hard limits by lower-case name ("nofile"); every rlimit is clamped to them. Null = no clamping (podman's behaviour).</summary>
    public IReadOnlyDictionary<string, ulong>? HostHardLimits { get; init; }

    /// <summary><c>--sysctl</c> and containers.conf <c>default_sysctls</c>, merged by the caller.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--shm-size</c> in bytes (default 64 MiB); used for the tmpfs when <see cref="ContainerFiles.Shm"/> is null.</summary>
    public long ShmSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>User annotations (<c>--annotation</c> and containers.conf), added over podman's own.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--memory</c>, <c>--memory-swap</c>, <c>--memory-reservation</c>; null = none set.</summary>
    public LinuxMemory? Memory { get; init; }

    /// <summary><c>--cpus</c> (quota/period), <c>--cpu-shares</c>, <c>--cpuset-cpus</c>/<c>-mems</c>; null = none set.</summary>
    public LinuxCpu? Cpu { get; init; }

    /// <summary><c>--oom-score-adj</c>.</summary>
    public int? OomScoreAdj { get; init; }

    /// <summary><c>--umask</c> (octal text, e.g. "0022"); null = 0022.</summary>
    public string? Umask { get; init; }

    /// <summary>containers.conf <c>pids_limit</c>; 0 or less = no limit.</summary>
    public long PidsLimit { get; init; } = 2048;

    /// <summary>"cgroupfs" or "systemd".</summary>
    public string CgroupManager { get; init; } = "cgroupfs";

    /// <summary><c>--cgroup-parent</c>; null = podman's default for the manager.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>A private cgroup namespace (containers.conf <c>cgroupns</c> "private", the default on cgroups v2).</summary>
    public bool PrivateCgroupNamespace { get; init; }

    /// <summary>The network namespace to join (from the network setup); null = a new one.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>The IPC namespace to join (a pod's infra container: <c>/proc/&lt;pid&gt;/ns/ipc</c>); null = a new one.</summary>
    public string? IpcNamespacePath { get; init; }

    /// <summary>The UTS namespace to join (a pod's infra container); null = a new one. The spec then sets no hostname.</summary>
    public string? UtsNamespacePath { get; init; }

    /// <summary>The PID namespace to join (a pod sharing pid: the infra container's); null = a new one.</summary>
    public string? PidNamespacePath { get; init; }

    /// <summary>
    /// The cgroup namespace to join (a pod sharing cgroup); only used when the container has a private cgroup namespace
    /// (podman 4.3.1 on cgroups v1 gives neither the infra nor the members one, so there is nothing to join).
    /// </summary>
    public string? CgroupNamespacePath { get; init; }

    /// <summary><c>--network host</c>: no network namespace.</summary>
    public bool HostNetwork { get; init; }

    /// <summary>The host's PID namespace (<c>--pid host</c>): no pid namespace in the spec.</summary>
    public bool HostPid { get; init; }

    /// <summary>The host's IPC namespace (<c>--ipc host</c>): no ipc namespace in the spec.</summary>
    public bool HostIpc { get; init; }

    /// <summary>The host's UTS namespace (<c>--uts host</c>): no uts namespace and no hostname in the spec.</summary>
    public bool HostUts { get; init; }

    public ContainerFiles Files { get; init; } = new();

    /// <summary>The seccomp profile (containers.conf <c>seccomp_profile</c> or the system's seccomp.json); null = unconfined.</summary>
    public SeccompProfile? SeccompProfile { get; init; }

    /// <summary>The container's architecture, GOARCH spelling (chooses the seccomp architectures).</summary>
    public string Architecture { get; init; } = "amd64";

    /// <summary>The host kernel's version for seccomp <c>minKernel</c> conditions; null counts as new enough.</summary>
    public Version? KernelVersion { get; init; }

    /// <summary>
    /// Seccomp architectures the kernel serves no system calls for (SCMP_ARCH_X32, SCMP_ARCH_X86): left out of a
    /// profile's sub-architectures.
    /// </summary>
    public IReadOnlyCollection<string> AbsentArchitectures { get; init; } = [];

    /// <summary>The AppArmor profile; null when AppArmor is not enabled on the host.</summary>
    public string? ApparmorProfile { get; init; }

    /// <summary>The creation time recorded in the annotations.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UnixEpoch;

    public bool AutoRemove { get; init; }
    public bool Init { get; init; }

    /// <summary>The host's init binary for <c>--init</c> (containers.conf <c>init_path</c>, else catatonit), mounted at /run/podman-init.</summary>
    public string? InitPath { get; init; }

    /// <summary><c>--security-opt mask=</c> paths added to the masked ones.</summary>
    public IReadOnlyList<string> Mask { get; init; } = [];

    /// <summary><c>--security-opt unmask=</c> paths (or ALL) taken off the masked and read-only ones.</summary>
    public IReadOnlyList<string> Unmask { get; init; } = [];

    /// <summary>The zoneinfo file bind-mounted at /etc/localtime for <c>--tz</c>; null = the image's.</summary>
    public string? LocaltimeFile { get; init; }
    public bool PublishAll { get; init; }

    /// <summary>
    /// The user's mounts (volumes, binds, tmpfs, overlay and image volumes) in their final spec form; each replaces a
    /// default mount at the same destination (a tmpfs on /tmp of a read-only container, /etc/hosts, /dev/shm).
    /// </summary>
    public IReadOnlyList<RuntimeMount> UserMounts { get; init; } = [];

    /// <summary><c>--device</c> nodes, created in the container and allowed in the devices cgroup.</summary>
    public IReadOnlyList<SpecDevice> Devices { get; init; } = [];
}

/// <summary>A host device node given to the container: the node to create and the cgroup access (some of "rwm").</summary>
public sealed record SpecDevice(LinuxDevice Node, string Access);
