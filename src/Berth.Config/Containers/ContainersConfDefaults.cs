using System.Net;

namespace Berth.Config;

/// <summary>
/// containers-common's built-in containers.conf defaults (pkg/config/default.go). Values that upstream probes
/// from the host come from <see cref="ConfigEnvironment.Host"/>. Where podman 4.x and 5.x differ, the current
/// containers-common value is used; the differences are listed in the remarks.
/// </summary>
/// <remarks>
/// 4.x differences: <c>default_rootless_network_cmd</c> was "slirp4netns" (now "pasta"); <c>image_volume_mode</c>
/// was "bind" (now "anonymous"); <c>default_ulimits</c> was a probed <c>nproc</c> limit (now empty — Berth clamps
/// rlimits itself); podman ≤ 4.4 also had 14 default capabilities (AUDIT_WRITE, MKNOD, NET_RAW on top of these 11).
/// <c>runtime</c> is "crun" here (upstream picks the first runtime it finds, crun first); the engine may choose
/// runc on cgroups v1 when <c>ContainersConf.IsSet("engine.runtime")</c> is false.
/// </remarks>
public static class ContainersConfDefaults
{
    /// <summary>The default capability list (podman ≥ 4.5 and 5.x).</summary>
    public static IReadOnlyList<string> Capabilities { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE",
        "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
    ];

    /// <summary>The default container environment.</summary>
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>AppArmor profile name, versioned like containers-common's (the last 4.x release line).</summary>
    public const string ApparmorProfile = "containers-default-0.57.4";

    /// <summary>Default OCI runtime name when no file sets one.</summary>
    public const string Runtime = "crun";

    /// <summary><c>[engine.runtimes]</c> with containers-common's candidate paths.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Runtimes { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["crun"] = ["/usr/bin/crun", "/usr/sbin/crun", "/usr/local/bin/crun", "/usr/local/sbin/crun", "/sbin/crun", "/bin/crun", "/run/current-system/sw/bin/crun"],
        ["crun-vm"] = ["/usr/bin/crun-vm", "/usr/local/bin/crun-vm", "/usr/local/sbin/crun-vm", "/sbin/crun-vm", "/bin/crun-vm", "/run/current-system/sw/bin/crun-vm"],
        ["crun-wasm"] = ["/usr/bin/crun-wasm", "/usr/sbin/crun-wasm", "/usr/local/bin/crun-wasm", "/usr/local/sbin/crun-wasm", "/sbin/crun-wasm", "/bin/crun-wasm", "/run/current-system/sw/bin/crun-wasm"],
        ["runc"] = ["/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc", "/sbin/runc", "/bin/runc", "/usr/lib/cri-o-runc/sbin/runc", "/run/current-system/sw/bin/runc"],
        ["runj"] = ["/usr/local/bin/runj"],
        ["kata"] = ["/usr/bin/kata-runtime", "/usr/sbin/kata-runtime", "/usr/local/bin/kata-runtime", "/usr/local/sbin/kata-runtime", "/sbin/kata-runtime", "/bin/kata-runtime", "/usr/bin/kata-qemu", "/usr/bin/kata-fc"],
        ["runsc"] = ["/usr/bin/runsc", "/usr/sbin/runsc", "/usr/local/bin/runsc", "/usr/local/sbin/runsc", "/bin/runsc", "/sbin/runsc", "/run/current-system/sw/bin/runsc"],
        ["youki"] = ["/usr/local/bin/youki", "/usr/bin/youki", "/bin/youki", "/run/current-system/sw/bin/youki"],
        ["krun"] = ["/usr/bin/krun", "/usr/local/bin/krun"],
        ["ocijail"] = ["/usr/local/bin/ocijail"],
    };

    /// <summary>Candidate paths of conmon.</summary>
    public static IReadOnlyList<string> ConmonPaths { get; } =
    [
        "/usr/libexec/podman/conmon", "/usr/local/libexec/podman/conmon", "/usr/local/lib/podman/conmon", "/usr/bin/conmon",
        "/usr/sbin/conmon", "/usr/local/bin/conmon", "/usr/local/sbin/conmon", "/run/current-system/sw/bin/conmon",
    ];

    /// <summary>The IPv4 subnet pools for automatic network subnets (10.89.0.0/24 … 10.255.255.0/24).</summary>
    public static IReadOnlyList<SubnetPool> SubnetPools { get; } =
    [
        new(IPNetwork.Parse("10.89.0.0/16"), 24),
        new(IPNetwork.Parse("10.90.0.0/15"), 24),
        new(IPNetwork.Parse("10.92.0.0/14"), 24),
        new(IPNetwork.Parse("10.96.0.0/11"), 24),
        new(IPNetwork.Parse("10.128.0.0/9"), 24),
    ];

    internal static ContainersConf Create(ConfigEnvironment env) => new()
    {
        Containers = CreateContainers(env),
        Engine = CreateEngine(env),
        Network = new NetworkSection
        {
            NetworkBackend = "netavark",
            CniPluginDirs = ["/usr/local/libexec/cni", "/usr/libexec/cni", "/usr/local/lib/cni", "/usr/lib/cni", "/opt/cni/bin"],
            NetavarkPluginDirs = ["/usr/local/libexec/netavark", "/usr/libexec/netavark", "/usr/local/lib/netavark", "/usr/lib/netavark"],
            FirewallDriver = "",
            DefaultNetwork = "podman",
            DefaultSubnet = "10.88.0.0/16",
            DefaultSubnetPools = SubnetPools,
            DefaultRootlessNetworkCmd = "pasta",
            NetworkConfigDir = null,
            DnsBindPort = 0,
            PastaOptions = [],
        },
        Secrets = new SecretsSection { Driver = "file", Opts = new Dictionary<string, string>(StringComparer.Ordinal) },
        Machine = new MachineSection
        {
            Cpus = Math.Max(1, Environment.ProcessorCount / 2),
            DiskSize = 100,
            Image = "",
            Memory = 2048,
            User = "core",
            Volumes = ["$HOME:$HOME"],
            Provider = "",
            Rosetta = true,
        },
        Farms = new FarmsSection { Default = "", List = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) },
    };

    private static ContainersSection CreateContainers(ConfigEnvironment env) => new()
    {
        Annotations = [],
        ApparmorProfile = ApparmorProfile,
        BaseHostsFile = "",
        CgroupNs = env.Host.CgroupsV2 ? "private" : "host",
        Cgroups = "enabled",
        CgroupConf = [],
        ContainerNameAsHostname = false,
        DefaultCapabilities = Capabilities,
        DefaultSysctls = [],
        DefaultUlimits = [],
        Devices = [],
        DnsOptions = [],
        DnsSearches = [],
        DnsServers = [],
        Env = [DefaultPath],
        EnvHost = false,
        HostContainersInternalIp = "",
        HttpProxy = true,
        Init = false,
        InitPath = "",
        InterfaceName = "",
        IpcNs = "shareable",
        Keyring = true,
        Label = env.Host.SelinuxEnabled,
        LabelUsers = false,
        LogDriver = env.Host.UsesJournald ? "journald" : "k8s-file",
        LogPath = "",
        LogSizeMax = -1,
        LogTag = "",
        Mounts = [],
        NetNs = "private",
        NoHosts = false,
        OomScoreAdj = null,
        PidNs = "private",
        PidsLimit = 2048,
        PrepareVolumeOnCreate = false,
        Privileged = false,
        ReadOnly = false,
        SeccompProfile = "",
        ShmSize = "65536k",
        Tz = "",
        Umask = "0022",
        UserNs = "",
        UserNsSize = 65536,
        UtsNs = "private",
        Volumes = [],
    };

    private static EngineSection CreateEngine(ConfigEnvironment env) => new()
    {
        AddCompression = [],
        CgroupManager = env.Host.UsesSystemd && (env.IsRoot || env.Host.CgroupsV2) ? "systemd" : "cgroupfs",
        ChownCopiedFiles = true,
        CompatApiEnforceDockerHub = true,
        ComposeProviders =
        [
            "$HOME/.docker/cli-plugins/docker-compose", "/usr/local/lib/docker/cli-plugins/docker-compose",
            "/usr/local/libexec/docker/cli-plugins/docker-compose", "/usr/lib/docker/cli-plugins/docker-compose",
            "/usr/libexec/docker/cli-plugins/docker-compose", "docker-compose", "podman-compose",
        ],
        ComposeWarningLogs = true,
        CompressionFormat = "gzip",
        CompressionLevel = null,
        ConmonEnvVars = [DefaultPath],
        ConmonPath = ConmonPaths,
        ConmonRsPath =
        [
            "/usr/libexec/podman/conmonrs", "/usr/local/libexec/podman/conmonrs", "/usr/local/lib/podman/conmonrs", "/usr/bin/conmonrs",
            "/usr/sbin/conmonrs", "/usr/local/bin/conmonrs", "/usr/local/sbin/conmonrs", "/run/current-system/sw/bin/conmonrs",
        ],
        DatabaseBackend = "",
        DetachKeys = "ctrl-p,ctrl-q",
        EnablePortReservation = true,
        Env = [],
        EventsLogger = env.Host.UsesJournald ? "journald" : "file",
        EventsLogFilePath = "",
        EventsLogFileMaxSize = 1_000_000,
        EventsContainerCreateInspectData = false,
        ExitCommandDelay = 300,
        HealthcheckEvents = true,
        HelperBinariesDir = ["/usr/local/libexec/podman", "/usr/local/lib/podman", "/usr/libexec/podman", "/usr/lib/podman"],
        HooksDir = ["/usr/share/containers/oci/hooks.d"],
        CdiSpecDirs = ["/etc/cdi", "/var/run/cdi"],
        ImageBuildFormat = "oci",
        ImageCopyTmpDir = env.Get("TMPDIR") ?? "/var/tmp",
        ImageDefaultFormat = "",
        ImageDefaultTransport = "docker://",
        ImageParallelCopies = 0,
        ImageVolumeMode = "anonymous",
        InfraCommand = "",
        InfraImage = "",
        InitPath = "",
        KubeGenerateType = "pod",
        LockType = "shm",
        MultiImageArchive = false,
        Namespace = "",
        NetworkCmdPath = "",
        NetworkCmdOptions = [],
        NoPivotRoot = false,
        NumLocks = 2048,
        PlatformToOciRuntime = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["wasi/wasm"] = "crun-wasm",
            ["wasi/wasm32"] = "crun-wasm",
            ["wasi/wasm64"] = "crun-wasm",
        },
        PodExitPolicy = "continue",
        PullPolicy = "missing",
        Remote = false,
        Retry = 3,
        RetryDelay = "",
        Runtime = Runtime,
        Runtimes = Runtimes,
        RuntimePath = [],
        RuntimeSupportsJson = ["crun", "runc", "kata", "runsc", "youki", "krun", "ocijail"],
        RuntimeSupportsNoCgroups = ["crun", "krun"],
        RuntimeSupportsKvm = ["kata", "kata-runtime", "kata-qemu", "kata-fc", "krun"],
        ServiceTimeout = 5,
        StaticDir = null,
        StopTimeout = 10,
        TmpDir = env.IsRoot ? "/run/libpod" : Path.Combine(env.XdgRuntimeDir ?? $"/tmp/podman-run-{env.Uid}", "libpod", "tmp"),
        VolumePath = null,
        VolumePluginTimeout = 5,
        VolumePlugins = new Dictionary<string, string>(StringComparer.Ordinal),
    };
}
