namespace Berth.Cli.Commands;

/// <summary>
/// The flags of <c>run</c>/<c>create</c>, validated and converted by <see cref="CreateFlags.Parse"/>. List flags the
/// user did not give are empty: the engine applies containers.conf's defaults (env, ulimits, …) itself. Volumes,
/// mounts, tmpfs and devices stay raw text for the issues that give them meaning.
/// </summary>
public sealed partial record CreateFlags
{
    public required string Image { get; init; }

    /// <summary>The words after the image (the command and its arguments).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public string? Name { get; init; }

    /// <summary>The raw <c>-e</c> values (<c>K=V</c>, <c>K</c>, <c>K*</c>), in order.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> EnvFiles { get; init; } = [];

    public bool EnvHost { get; init; }

    public IReadOnlyList<string> UnsetEnv { get; init; } = [];

    public bool UnsetEnvAll { get; init; }

    /// <summary>null: the image's; podman reads a value starting with '[' as a JSON array, else one word.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? Workdir { get; init; }

    public string? User { get; init; }

    public IReadOnlyList<string> GroupAdd { get; init; } = [];

    public string? Hostname { get; init; }

    public bool Init { get; init; }

    public string? InitPath { get; init; }

    public bool Privileged { get; init; }

    public bool ReadOnly { get; init; }

    public bool ReadOnlyTmpfs { get; init; } = true;

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public SecurityOptions Security { get; init; } = new();

    public ResourceFlags Resources { get; init; } = new();

    /// <summary>The <c>--ulimit</c> values; empty with <see cref="UlimitHost"/> means the host's limits.</summary>
    public IReadOnlyList<UlimitFlag> Ulimits { get; init; } = [];

    /// <summary><c>--ulimit host</c>: no rlimits in the spec.</summary>
    public bool UlimitHost { get; init; }

    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels from <c>--label-file</c> then <c>--label</c> (later ones win).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The signal number, or null for the image's (else SIGTERM).</summary>
    public int? StopSignal { get; init; }

    public uint StopTimeout { get; init; }

    public RestartPolicy Restart { get; init; } = RestartPolicy.None;

    public LogFlags Log { get; init; } = new() { Driver = "k8s-file" };

    /// <summary>null: the image's healthcheck (if any) applies.</summary>
    public HealthcheckFlags? Healthcheck { get; init; }

    /// <summary><c>--no-healthcheck</c> or <c>--health-cmd none</c>: the image's healthcheck is dropped.</summary>
    public bool HealthcheckDisabled { get; init; }

    public string HealthOnFailure { get; init; } = "none";

    public string? Tz { get; init; }

    public PullPolicy Pull { get; init; } = PullPolicy.Missing;

    public string? Os { get; init; }

    public string? Arch { get; init; }

    public string? Variant { get; init; }

    public string? CidFile { get; init; }

    public string? DetachKeys { get; init; }

    public bool SigProxy { get; init; } = true;

    /// <summary>Bytes of /dev/shm.</summary>
    public long? ShmSize { get; init; }

    public int? OomScoreAdj { get; init; }

    public string? Umask { get; init; }

    /// <summary><c>--network</c> (and its alias <c>--net</c>) as given: none, host, bridge, a name, …</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    public bool Detach { get; init; }

    public bool Interactive { get; init; }

    public bool Tty { get; init; }

    public bool Remove { get; init; }

    public bool Replace { get; init; }

    /// <summary>Lower-case stream names from <c>-a</c>: stdin, stdout, stderr.</summary>
    public IReadOnlyList<string> Attach { get; init; } = [];

    public string? Pod { get; init; }

    /// <summary><c>--init-ctr always|once</c> (create only, with <c>--pod</c>); null = an ordinary member.</summary>
    public string? InitContainerType { get; init; }

    public IReadOnlyList<string> Publish { get; init; } = [];

    /// <summary><c>-p</c> as podman's CLI reads it (host port 0 = a random one at create; the protocol as written).</summary>
    public IReadOnlyList<Berth.Network.Netavark.PortMapping> PortMappings { get; init; } = [];

    /// <summary><c>--expose</c>: each port with its protocol text, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<ushort, string>> Expose { get; init; } = [];

    public bool PublishAll { get; init; }

    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyList<string> Mounts { get; init; } = [];

    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary><c>--volumes-from CONTAINER[:OPTIONS]</c>.</summary>
    public IReadOnlyList<string> VolumesFrom { get; init; } = [];
}

/// <summary>The <c>--security-opt</c> values, as podman's specgen reads them.</summary>
public sealed record SecurityOptions
{
    public bool NoNewPrivileges { get; init; }

    /// <summary>A profile path, <c>unconfined</c>, or null for the default profile.</summary>
    public string? SeccompProfile { get; init; }

    public string? ApparmorProfile { get; init; }

    /// <summary><c>label=…</c> values in order (<c>disable</c>, <c>type:…</c>, <c>nested</c>, …).</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    public IReadOnlyList<string> Mask { get; init; } = [];

    /// <summary>Paths to unmask, or <c>ALL</c> (also from <c>systempaths=unconfined</c>).</summary>
    public IReadOnlyList<string> Unmask { get; init; } = [];

    public IReadOnlyList<string> ProcOpts { get; init; } = [];
}

/// <summary>Memory, CPU and pids limits; null where the flag was not given.</summary>
public sealed record ResourceFlags
{
    public long? Memory { get; init; }

    /// <summary>Memory plus swap in bytes; -1 for unlimited swap.</summary>
    public long? MemorySwap { get; init; }

    public long? MemoryReservation { get; init; }

    public long? MemorySwappiness { get; init; }

    public bool OomKillDisable { get; init; }

    /// <summary>CFS period in microseconds (100000 when derived from <c>--cpus</c>).</summary>
    public ulong? CpuPeriod { get; init; }

    public long? CpuQuota { get; init; }

    public ulong? CpuShares { get; init; }

    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    /// <summary>-1 for unlimited.</summary>
    public long? PidsLimit { get; init; }
}

/// <summary>A container's restart policy; podman's names.</summary>
public sealed record RestartPolicy(string Name, uint? MaxRetries = null)
{
    public static RestartPolicy None { get; } = new("");

    public bool RestartsAutomatically => Name is "always" or "on-failure" or "unless-stopped";
}

/// <summary><c>--log-driver</c> and <c>--log-opt</c>.</summary>
public sealed record LogFlags
{
    public required string Driver { get; init; }

    public string? Path { get; init; }

    /// <summary>Bytes; null for no limit.</summary>
    public long? MaxSize { get; init; }

    public string? Tag { get; init; }

    /// <summary>Other <c>key=value</c> options, kept for the driver.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>A healthcheck given on the command line (Docker's Schema2HealthConfig shape).</summary>
public sealed record HealthcheckFlags
{
    /// <summary><c>["CMD-SHELL", "…"]</c> or <c>["CMD", …]</c>.</summary>
    public required IReadOnlyList<string> Test { get; init; }

    /// <summary>Zero when disabled (no timer).</summary>
    public TimeSpan Interval { get; init; }

    public uint Retries { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan StartPeriod { get; init; }
}

/// <summary><c>--pull</c>.</summary>
public enum PullPolicy
{
    Missing,
    Always,
    Never,
    Newer,
}
