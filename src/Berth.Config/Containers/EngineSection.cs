namespace Berth.Config;

/// <summary>
/// The <c>[engine]</c> table of containers.conf(5): how the engine runs (runtime, conmon, events, images, …).
/// Paths that depend on the store (<see cref="StaticDir"/>, <see cref="VolumePath"/>) are null unless configured;
/// use <see cref="ResolveStaticDir"/> and <see cref="ResolveVolumePath"/>.
/// </summary>
public sealed record EngineSection
{
    /// <summary><c>add_compression</c>.</summary>
    public required IReadOnlyList<string> AddCompression { get; init; }

    /// <summary><c>cgroup_manager</c>: "systemd" or "cgroupfs".</summary>
    public required string CgroupManager { get; init; }

    /// <summary><c>chown_copied_files</c>.</summary>
    public required bool ChownCopiedFiles { get; init; }

    /// <summary><c>compat_api_enforce_docker_hub</c>.</summary>
    public required bool CompatApiEnforceDockerHub { get; init; }

    /// <summary><c>compose_providers</c>.</summary>
    public required IReadOnlyList<string> ComposeProviders { get; init; }

    /// <summary><c>compose_warning_logs</c>.</summary>
    public required bool ComposeWarningLogs { get; init; }

    /// <summary><c>compression_format</c>: "gzip", "zstd" or "zstd:chunked".</summary>
    public required string CompressionFormat { get; init; }

    /// <summary><c>compression_level</c>; null for the format's default.</summary>
    public required int? CompressionLevel { get; init; }

    /// <summary><c>conmon_env_vars</c>: environment conmon is started with.</summary>
    public required IReadOnlyList<string> ConmonEnvVars { get; init; }

    /// <summary><c>conmon_path</c>: candidate paths of conmon, first existing one wins (then $PATH).</summary>
    public required IReadOnlyList<string> ConmonPath { get; init; }

    /// <summary><c>conmonrs_path</c>.</summary>
    public required IReadOnlyList<string> ConmonRsPath { get; init; }

    /// <summary><c>database_backend</c>: "", "sqlite" or "boltdb".</summary>
    public required string DatabaseBackend { get; init; }

    /// <summary><c>detach_keys</c>.</summary>
    public required string DetachKeys { get; init; }

    /// <summary><c>enable_port_reservation</c>.</summary>
    public required bool EnablePortReservation { get; init; }

    /// <summary><c>env</c>: variables set for the engine process itself unless already set.</summary>
    public required IReadOnlyList<string> Env { get; init; }

    /// <summary><c>events_logger</c>: "journald", "file" or "none".</summary>
    public required string EventsLogger { get; init; }

    /// <summary><c>events_logfile_path</c>: "" for the default under the tmp dir.</summary>
    public required string EventsLogFilePath { get; init; }

    /// <summary><c>events_logfile_max_size</c> in bytes (go-units human size in the file).</summary>
    public required ulong EventsLogFileMaxSize { get; init; }

    /// <summary><c>events_container_create_inspect_data</c>.</summary>
    public required bool EventsContainerCreateInspectData { get; init; }

    /// <summary><c>exit_command_delay</c> in seconds.</summary>
    public required uint ExitCommandDelay { get; init; }

    /// <summary><c>healthcheck_events</c>.</summary>
    public required bool HealthcheckEvents { get; init; }

    /// <summary><c>helper_binaries_dir</c>: where helpers (catatonit, netavark, pasta, …) are searched; may start with <c>$BINDIR</c>.</summary>
    public required IReadOnlyList<string> HelperBinariesDir { get; init; }

    /// <summary><c>hooks_dir</c>: OCI hooks directories.</summary>
    public required IReadOnlyList<string> HooksDir { get; init; }

    /// <summary><c>cdi_spec_dirs</c>.</summary>
    public required IReadOnlyList<string> CdiSpecDirs { get; init; }

    /// <summary><c>image_build_format</c> (deprecated upstream).</summary>
    public required string ImageBuildFormat { get; init; }

    /// <summary><c>image_copy_tmp_dir</c>: "/var/tmp", "storage" or an absolute path ($TMPDIR wins upstream).</summary>
    public required string ImageCopyTmpDir { get; init; }

    /// <summary><c>image_default_format</c>: "", "oci", "v2s2" or "v2s1".</summary>
    public required string ImageDefaultFormat { get; init; }

    /// <summary><c>image_default_transport</c>: prefix for references without a transport ("docker://").</summary>
    public required string ImageDefaultTransport { get; init; }

    /// <summary><c>image_parallel_copies</c>: 0 lets the copier decide.</summary>
    public required uint ImageParallelCopies { get; init; }

    /// <summary><c>image_volume_mode</c>: "anonymous", "tmpfs" or "ignore".</summary>
    public required string ImageVolumeMode { get; init; }

    /// <summary><c>infra_command</c>.</summary>
    public required string InfraCommand { get; init; }

    /// <summary><c>infra_image</c>: "" builds the pause image locally.</summary>
    public required string InfraImage { get; init; }

    /// <summary><c>init_path</c> in [engine] (upstream reads both this and [containers] init_path).</summary>
    public required string InitPath { get; init; }

    /// <summary><c>kube_generate_type</c>.</summary>
    public required string KubeGenerateType { get; init; }

    /// <summary><c>lock_type</c>: "shm" or "file".</summary>
    public required string LockType { get; init; }

    /// <summary><c>multi_image_archive</c>.</summary>
    public required bool MultiImageArchive { get; init; }

    /// <summary><c>namespace</c>.</summary>
    public required string Namespace { get; init; }

    /// <summary><c>network_cmd_path</c>.</summary>
    public required string NetworkCmdPath { get; init; }

    /// <summary><c>network_cmd_options</c>.</summary>
    public required IReadOnlyList<string> NetworkCmdOptions { get; init; }

    /// <summary><c>no_pivot_root</c>.</summary>
    public required bool NoPivotRoot { get; init; }

    /// <summary><c>num_locks</c>.</summary>
    public required uint NumLocks { get; init; }

    /// <summary><c>platform_to_oci_runtime</c>: "os/arch" → runtime name.</summary>
    public required IReadOnlyDictionary<string, string> PlatformToOciRuntime { get; init; }

    /// <summary><c>pod_exit_policy</c>: "continue" or "stop".</summary>
    public required string PodExitPolicy { get; init; }

    /// <summary><c>pull_policy</c>: "always", "missing", "never" or "newer" (aliases accepted).</summary>
    public required string PullPolicy { get; init; }

    /// <summary><c>remote</c>.</summary>
    public required bool Remote { get; init; }

    /// <summary><c>retry</c>: pull/push retries.</summary>
    public required uint Retry { get; init; }

    /// <summary><c>retry_delay</c>: "" for exponential back-off.</summary>
    public required string RetryDelay { get; init; }

    /// <summary>
    /// <c>runtime</c>: the OCI runtime name. The built-in value is "crun" (podman's preference); whether a file
    /// set it is <c>ContainersConf.IsSet("engine.runtime")</c>, so the engine can prefer runc on cgroups v1 when
    /// nobody chose.
    /// </summary>
    public required string Runtime { get; init; }

    /// <summary><c>[engine.runtimes]</c>: runtime name → candidate paths; files merge name by name.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Runtimes { get; init; }

    /// <summary><c>runtime_path</c> (legacy).</summary>
    public required IReadOnlyList<string> RuntimePath { get; init; }

    /// <summary><c>runtime_supports_json</c>.</summary>
    public required IReadOnlyList<string> RuntimeSupportsJson { get; init; }

    /// <summary><c>runtime_supports_nocgroup</c>.</summary>
    public required IReadOnlyList<string> RuntimeSupportsNoCgroups { get; init; }

    /// <summary><c>runtime_supports_kvm</c>.</summary>
    public required IReadOnlyList<string> RuntimeSupportsKvm { get; init; }

    /// <summary><c>service_timeout</c> in seconds.</summary>
    public required uint ServiceTimeout { get; init; }

    /// <summary><c>static_dir</c>; null means <c>&lt;graphroot&gt;/libpod</c>.</summary>
    public required string? StaticDir { get; init; }

    /// <summary><c>stop_timeout</c> in seconds.</summary>
    public required uint StopTimeout { get; init; }

    /// <summary><c>tmp_dir</c>: per-boot state; "/run/libpod" rootful, "$XDG_RUNTIME_DIR/libpod/tmp" rootless.</summary>
    public required string TmpDir { get; init; }

    /// <summary><c>volume_path</c>; null means <c>&lt;graphroot&gt;/volumes</c>.</summary>
    public required string? VolumePath { get; init; }

    /// <summary><c>volume_plugin_timeout</c> in seconds.</summary>
    public required uint VolumePluginTimeout { get; init; }

    /// <summary><c>[engine.volume_plugins]</c>: plugin name → socket path.</summary>
    public required IReadOnlyDictionary<string, string> VolumePlugins { get; init; }

    /// <summary>The candidate paths of the configured <see cref="Runtime"/> (empty when the table lacks it).</summary>
    public IReadOnlyList<string> RuntimeCandidates(string? name = null) =>
        Runtimes.TryGetValue(name ?? Runtime, out var paths) ? paths : [];

    /// <summary><see cref="StaticDir"/>, or podman's default under the graph root.</summary>
    public string ResolveStaticDir(string graphRoot) => StaticDir ?? Path.Combine(graphRoot, "libpod");

    /// <summary><see cref="VolumePath"/>, or podman's default under the graph root.</summary>
    public string ResolveVolumePath(string graphRoot) => VolumePath ?? Path.Combine(graphRoot, "volumes");
}
