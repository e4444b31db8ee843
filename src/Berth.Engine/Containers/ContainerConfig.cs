namespace Berth.Engine.Containers;

/// <summary>
/// A container's immutable configuration (libpod's ContainerConfig): what <c>create</c> decided, kept as JSON in the
/// store. The runtime spec is generated from it (and the image) each time the container is initialised, so a container
/// made by an older Berth still starts. The name lives in the store's column (rename changes it), not here.
/// </summary>
public sealed record ContainerConfig
{
    public required string Id { get; init; }

    public string? ImageId { get; init; }

    /// <summary>The image's name as resolved at create (<c>localhost/boxy:latest</c>), or its ID when it had none.</summary>
    public string ImageName { get; init; } = "";

    /// <summary>The image's manifest digest (<c>sha256:…</c>).</summary>
    public string ImageDigest { get; init; } = "";

    /// <summary>The image reference as the user wrote it (<c>boxy</c>).</summary>
    public string RawImageName { get; init; } = "";

    public required DateTimeOffset Created { get; init; }

    /// <summary>The command line that created it (podman's CreateCommand).</summary>
    public IReadOnlyList<string> CreateCommand { get; init; } = [];

    /// <summary>The command after the image; empty = the image's Cmd.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary><c>--entrypoint</c>; null = the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>The effective Entrypoint and Cmd (inspect's Config.Entrypoint/Cmd; Path and Args come from their join).</summary>
    public IReadOnlyList<string> EffectiveEntrypoint { get; init; } = [];

    public IReadOnlyList<string> EffectiveCmd { get; init; } = [];

    /// <summary>User environment (<c>-e</c>, <c>--env-file</c>, <c>--env-host</c>), resolved at create.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string> GroupAdd { get; init; } = [];

    /// <summary><c>--hostname</c>; null = the short ID.</summary>
    public string? Hostname { get; init; }

    public bool Terminal { get; init; }

    /// <summary><c>-i</c>: conmon keeps the container's stdin open.</summary>
    public bool Stdin { get; init; }

    public bool Privileged { get; init; }

    public bool ReadOnly { get; init; }

    public bool ReadOnlyTmpfs { get; init; } = true;

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public bool NoNewPrivileges { get; init; }

    /// <summary>The seccomp profile path, "unconfined", or null for the default profile.</summary>
    public string? SeccompProfile { get; init; }

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    public IReadOnlyList<string> Ulimits { get; init; } = [];

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    public long ShmSize { get; init; } = 65536000;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public int StopSignal { get; init; } = 15;

    public uint StopTimeout { get; init; } = 10;

    public bool AutoRemove { get; init; }

    /// <summary>"" (no), "on-failure", "always", "unless-stopped".</summary>
    public string RestartPolicy { get; init; } = "";

    public uint RestartRetries { get; init; }

    /// <summary>k8s-file, json-file, none, passthrough, journald.</summary>
    public string LogDriver { get; init; } = "k8s-file";

    public string LogPath { get; init; } = "";

    public string LogTag { get; init; } = "";

    public long LogSizeMax { get; init; } = -1;

    /// <summary>
    /// podman's network mode: bridge (joins <see cref="Networks"/>), none, host, container:&lt;id&gt; (that container's
    /// namespace), ns:&lt;path&gt; (an existing namespace). Containers of older Berth versions have "none" or "host".
    /// </summary>
    public string NetworkMode { get; init; } = "none";

    /// <summary>The networks of bridge mode, in the order given (name → attachment: static IPs/MAC, aliases, eth0…).</summary>
    public IReadOnlyDictionary<string, Berth.Network.Netavark.PerNetworkOptions> Networks { get; init; } =
        new Dictionary<string, Berth.Network.Netavark.PerNetworkOptions>();

    /// <summary><c>-p</c>/<c>-P</c> with host ports decided at create (random ones picked then, as podman does).</summary>
    public IReadOnlyList<Berth.Network.Netavark.PortMapping> PortMappings { get; init; } = [];

    /// <summary><c>-P</c>: the exposed ports were published (inspect's io.podman.annotations.publish-all).</summary>
    public bool PublishAll { get; init; }

    /// <summary><c>--dns</c>, <c>--dns-search</c>, <c>--dns-option</c>, <c>--add-host</c>, <c>--no-hosts</c>.</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    public IReadOnlyList<string> AddHosts { get; init; } = [];

    public bool NoHosts { get; init; }

    public bool Init { get; init; }

    public string? InitPath { get; init; }

    public string? Timezone { get; init; }

    public string? Umask { get; init; }

    public int? OomScoreAdj { get; init; }

    public ResourceLimits Resources { get; init; } = new();

    public HealthcheckConfig? Healthcheck { get; init; }

    public string? CgroupParent { get; init; }

    public string? CidFile { get; init; }

    public string? DetachKeys { get; init; }

    public IReadOnlyList<string> Mask { get; init; } = [];

    public IReadOnlyList<string> Unmask { get; init; } = [];

    /// <summary>
    /// The exposed ports as "80/tcp": the image's EXPOSE joined with <c>--expose</c>, resolved by the caller with the image
    /// (CreateFlags.ResolvePorts); empty for network modes without their own namespace, as podman keeps none then.
    /// </summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>Named and anonymous volumes (<c>-v name:/dst</c>, <c>-v /dst</c>, <c>--mount type=volume</c>, image VOLUMEs, <c>--volumes-from</c>).</summary>
    public IReadOnlyList<NamedVolumeMount> NamedVolumes { get; init; } = [];

    /// <summary>Bind mounts, tmpfs (<c>--tmpfs</c>, <c>--mount type=tmpfs</c>) and devpts mounts, in spec form.</summary>
    public IReadOnlyList<UserMount> Mounts { get; init; } = [];

    public IReadOnlyList<OverlayVolumeMount> OverlayVolumes { get; init; } = [];

    public IReadOnlyList<ImageVolumeMount> ImageVolumes { get; init; } = [];

    public IReadOnlyList<DeviceMapping> Devices { get; init; } = [];

    /// <summary><c>--volumes-from</c> as given (inspect's HostConfig.VolumesFrom); the mounts themselves are in the lists above.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];

    /// <summary>Every mount destination (podman's UserVolumes: -v/--mount/--tmpfs, the image's VOLUMEs, --volumes-from's), for inspect and ps.</summary>
    public IReadOnlyList<string> UserVolumes { get; init; } = [];

    /// <summary>The ID of the pod the container belongs to; "" = none.</summary>
    public string Pod { get; init; } = "";

    /// <summary>The container is its pod's infra container (it holds the shared namespaces and the published ports).</summary>
    public bool IsInfra { get; init; }

    /// <summary>A pod member's infra container, whose namespaces (<see cref="PodNamespaces"/>) it joins; "" = none.</summary>
    public string PodInfraId { get; init; } = "";

    /// <summary>The namespaces joined from <see cref="PodInfraId"/> (ipc, net, pid, uts).</summary>
    public IReadOnlyList<string> PodNamespaces { get; init; } = [];

    /// <summary>
    /// <c>--init-ctr</c>: "always" (run to completion at every pod start, before the other members) or "once" (removed
    /// after its first run); "" = an ordinary member.
    /// </summary>
    public string InitContainerType { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsInitContainer => InitContainerType.Length > 0;
}

/// <summary>Resource flags (<c>--memory</c>, <c>--cpus</c>, …); null = not set.</summary>
public sealed record ResourceLimits
{
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? MemoryReservation { get; init; }
    public long? CpuQuota { get; init; }
    public ulong? CpuPeriod { get; init; }
    public ulong? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public string? CpusetMems { get; init; }
    public long? PidsLimit { get; init; }
}

/// <summary>A healthcheck (<c>--health-*</c> or the image's HEALTHCHECK): durations in nanoseconds like Go's.</summary>
public sealed record HealthcheckConfig
{
    public IReadOnlyList<string> Test { get; init; } = [];
    public long Interval { get; init; } = 30_000_000_000;
    public long Timeout { get; init; } = 30_000_000_000;
    public long StartPeriod { get; init; }
    public int Retries { get; init; } = 3;
}
