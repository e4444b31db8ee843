namespace Berth.Config;

/// <summary>
/// The <c>[containers]</c> table of containers.conf(5): defaults for every container the engine creates.
/// Property names follow the keys; defaults are containers-common's built-in ones (see <see cref="ContainersConfDefaults"/>).
/// </summary>
public sealed record ContainersSection
{
    /// <summary><c>annotations</c>: annotations added to every container.</summary>
    public required IReadOnlyList<string> Annotations { get; init; }

    /// <summary><c>apparmor_profile</c>: AppArmor profile used when AppArmor is enabled.</summary>
    public required string ApparmorProfile { get; init; }

    /// <summary><c>base_hosts_file</c>: hosts file copied into containers; "" means <c>/etc/hosts</c>, "image" the image's, "none" nothing.</summary>
    public required string BaseHostsFile { get; init; }

    /// <summary><c>cgroupns</c>: "host" or "private" (the default is "private" on cgroups v2, "host" on v1).</summary>
    public required string CgroupNs { get; init; }

    /// <summary><c>cgroups</c>: "enabled", "disabled" or "no-conmon".</summary>
    public required string Cgroups { get; init; }

    /// <summary><c>cgroup_conf</c>: cgroup files and values written for every container ("memory.high=1073741824").</summary>
    public required IReadOnlyList<string> CgroupConf { get; init; }

    /// <summary><c>container_name_as_hostname</c>.</summary>
    public required bool ContainerNameAsHostname { get; init; }

    /// <summary><c>default_capabilities</c>, normalised to <c>CAP_</c>-prefixed upper case as containers-common does.</summary>
    public required IReadOnlyList<string> DefaultCapabilities { get; init; }

    /// <summary><c>default_sysctls</c>: "name=value" entries.</summary>
    public required IReadOnlyList<string> DefaultSysctls { get; init; }

    /// <summary><c>default_ulimits</c>: "name=soft[:hard]" entries.</summary>
    public required IReadOnlyList<string> DefaultUlimits { get; init; }

    /// <summary><c>devices</c>: "src[:dst[:perms]]" or CDI names added to every container.</summary>
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary><c>dns_options</c>.</summary>
    public required IReadOnlyList<string> DnsOptions { get; init; }

    /// <summary><c>dns_searches</c>.</summary>
    public required IReadOnlyList<string> DnsSearches { get; init; }

    /// <summary><c>dns_servers</c>.</summary>
    public required IReadOnlyList<string> DnsServers { get; init; }

    /// <summary><c>env</c>: environment of every container ("KEY=value").</summary>
    public required IReadOnlyList<string> Env { get; init; }

    /// <summary><c>env_host</c>: pass the whole host environment.</summary>
    public required bool EnvHost { get; init; }

    /// <summary><c>host_containers_internal_ip</c>: address for host.containers.internal; "" picks one.</summary>
    public required string HostContainersInternalIp { get; init; }

    /// <summary><c>http_proxy</c>: pass the host's proxy variables.</summary>
    public required bool HttpProxy { get; init; }

    /// <summary><c>init</c>: run an init process (catatonit) as PID 1.</summary>
    public required bool Init { get; init; }

    /// <summary><c>init_path</c>: path of the init binary; "" searches the helper directories.</summary>
    public required string InitPath { get; init; }

    /// <summary><c>interface_name</c>: "" or "device".</summary>
    public required string InterfaceName { get; init; }

    /// <summary><c>ipcns</c>: "host", "private", "shareable" or "none".</summary>
    public required string IpcNs { get; init; }

    /// <summary><c>keyring</c>: create a session keyring per container.</summary>
    public required bool Keyring { get; init; }

    /// <summary><c>label</c>: SELinux labelling (defaults to whether SELinux is enabled).</summary>
    public required bool Label { get; init; }

    /// <summary><c>label_users</c>.</summary>
    public required bool LabelUsers { get; init; }

    /// <summary><c>log_driver</c>: "k8s-file", "journald", "none" or "passthrough" ("journald" by default only where journald is usable).</summary>
    public required string LogDriver { get; init; }

    /// <summary><c>log_path</c>: absolute path of container logs; "" for the default.</summary>
    public required string LogPath { get; init; }

    /// <summary><c>log_size_max</c>: maximum log size in bytes; negative means unlimited.</summary>
    public required long LogSizeMax { get; init; }

    /// <summary><c>log_tag</c>.</summary>
    public required string LogTag { get; init; }

    /// <summary><c>mounts</c>: mounts added to every container.</summary>
    public required IReadOnlyList<string> Mounts { get; init; }

    /// <summary><c>netns</c>: "private", "host", "bridge", "pasta", "slirp4netns", "none", …</summary>
    public required string NetNs { get; init; }

    /// <summary><c>no_hosts</c>: do not create /etc/hosts.</summary>
    public required bool NoHosts { get; init; }

    /// <summary><c>oom_score_adj</c>; null when not configured.</summary>
    public required int? OomScoreAdj { get; init; }

    /// <summary><c>pidns</c>: "private" or "host".</summary>
    public required string PidNs { get; init; }

    /// <summary><c>pids_limit</c>: maximum number of processes; 0 or negative means unlimited.</summary>
    public required long PidsLimit { get; init; }

    /// <summary><c>prepare_volume_on_create</c>.</summary>
    public required bool PrepareVolumeOnCreate { get; init; }

    /// <summary><c>privileged</c>.</summary>
    public required bool Privileged { get; init; }

    /// <summary><c>read_only</c>: read-only root filesystems.</summary>
    public required bool ReadOnly { get; init; }

    /// <summary><c>seccomp_profile</c>: path of the seccomp profile; "" for the built-in default.</summary>
    public required string SeccompProfile { get; init; }

    /// <summary><c>shm_size</c>: size of /dev/shm, go-units syntax ("65536k").</summary>
    public required string ShmSize { get; init; }

    /// <summary><c>tz</c>: time zone ("local", a zone name, or "" for the image's).</summary>
    public required string Tz { get; init; }

    /// <summary><c>umask</c>: octal umask ("0022").</summary>
    public required string Umask { get; init; }

    /// <summary><c>userns</c>: "" (host), "auto", "keep-id", "nomap", …</summary>
    public required string UserNs { get; init; }

    /// <summary><c>userns_size</c> (deprecated upstream).</summary>
    public required int UserNsSize { get; init; }

    /// <summary><c>utsns</c>: "private" or "host".</summary>
    public required string UtsNs { get; init; }

    /// <summary><c>volumes</c>: volumes added to every container.</summary>
    public required IReadOnlyList<string> Volumes { get; init; }
}
