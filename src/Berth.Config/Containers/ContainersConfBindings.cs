using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>The key → property bindings of every containers.conf table, with containers-common's value types.</summary>
internal static class ContainersConfBindings
{
    public static SectionBinder<ContainersSection> Containers { get; } = new SectionBinder<ContainersSection>("containers")
        .AttributedStrings("annotations", s => s.Annotations, (s, v) => s with { Annotations = v })
        .String("apparmor_profile", (s, v) => s with { ApparmorProfile = v })
        .String("base_hosts_file", (s, v) => s with { BaseHostsFile = v })
        .String("cgroupns", (s, v) => s with { CgroupNs = v })
        .String("cgroups", (s, v) => s with { Cgroups = v })
        .AttributedStrings("cgroup_conf", s => s.CgroupConf, (s, v) => s with { CgroupConf = v })
        .Bool("container_name_as_hostname", (s, v) => s with { ContainerNameAsHostname = v })
        .AttributedStrings("default_capabilities", s => s.DefaultCapabilities, (s, v) => s with { DefaultCapabilities = v })
        .AttributedStrings("default_sysctls", s => s.DefaultSysctls, (s, v) => s with { DefaultSysctls = v })
        .AttributedStrings("default_ulimits", s => s.DefaultUlimits, (s, v) => s with { DefaultUlimits = v })
        .AttributedStrings("devices", s => s.Devices, (s, v) => s with { Devices = v })
        .AttributedStrings("dns_options", s => s.DnsOptions, (s, v) => s with { DnsOptions = v })
        .AttributedStrings("dns_searches", s => s.DnsSearches, (s, v) => s with { DnsSearches = v })
        .AttributedStrings("dns_servers", s => s.DnsServers, (s, v) => s with { DnsServers = v })
        .AttributedStrings("env", s => s.Env, (s, v) => s with { Env = v })
        .Bool("env_host", (s, v) => s with { EnvHost = v })
        .String("host_containers_internal_ip", (s, v) => s with { HostContainersInternalIp = v })
        .Bool("http_proxy", (s, v) => s with { HttpProxy = v })
        .Bool("init", (s, v) => s with { Init = v })
        .String("init_path", (s, v) => s with { InitPath = v })
        .String("interface_name", (s, v) => s with { InterfaceName = v })
        .String("ipcns", (s, v) => s with { IpcNs = v })
        .Bool("keyring", (s, v) => s with { Keyring = v })
        .Bool("label", (s, v) => s with { Label = v })
        .Bool("label_users", (s, v) => s with { LabelUsers = v })
        .String("log_driver", (s, v) => s with { LogDriver = v })
        .String("log_path", (s, v) => s with { LogPath = v })
        .Integer("log_size_max", (s, v) => s with { LogSizeMax = v })
        .String("log_tag", (s, v) => s with { LogTag = v })
        .AttributedStrings("mounts", s => s.Mounts, (s, v) => s with { Mounts = v })
        .String("netns", (s, v) => s with { NetNs = v })
        .Bool("no_hosts", (s, v) => s with { NoHosts = v })
        .Integer("oom_score_adj", (s, v) => s with { OomScoreAdj = (int)v }, int.MinValue, int.MaxValue)
        .String("pidns", (s, v) => s with { PidNs = v })
        .Integer("pids_limit", (s, v) => s with { PidsLimit = v })
        .Bool("prepare_volume_on_create", (s, v) => s with { PrepareVolumeOnCreate = v })
        .Bool("privileged", (s, v) => s with { Privileged = v })
        .Bool("read_only", (s, v) => s with { ReadOnly = v })
        .String("seccomp_profile", (s, v) => s with { SeccompProfile = v })
        .String("shm_size", (s, v) => s with { ShmSize = v })
        .String("tz", (s, v) => s with { Tz = v })
        .String("umask", (s, v) => s with { Umask = v })
        .String("userns", (s, v) => s with { UserNs = v })
        .Integer("userns_size", (s, v) => s with { UserNsSize = (int)v }, int.MinValue, int.MaxValue)
        .String("utsns", (s, v) => s with { UtsNs = v })
        .AttributedStrings("volumes", s => s.Volumes, (s, v) => s with { Volumes = v });

    public static SectionBinder<EngineSection> Engine { get; } = new SectionBinder<EngineSection>("engine")
        .AttributedStrings("add_compression", s => s.AddCompression, (s, v) => s with { AddCompression = v })
        .String("cgroup_manager", (s, v) => s with { CgroupManager = v })
        .Bool("chown_copied_files", (s, v) => s with { ChownCopiedFiles = v })
        .Bool("compat_api_enforce_docker_hub", (s, v) => s with { CompatApiEnforceDockerHub = v })
        .AttributedStrings("compose_providers", s => s.ComposeProviders, (s, v) => s with { ComposeProviders = v })
        .Bool("compose_warning_logs", (s, v) => s with { ComposeWarningLogs = v })
        .String("compression_format", (s, v) => s with { CompressionFormat = v })
        .Integer("compression_level", (s, v) => s with { CompressionLevel = (int)v }, int.MinValue, int.MaxValue)
        .AttributedStrings("conmon_env_vars", s => s.ConmonEnvVars, (s, v) => s with { ConmonEnvVars = v })
        .AttributedStrings("conmon_path", s => s.ConmonPath, (s, v) => s with { ConmonPath = v })
        .AttributedStrings("conmonrs_path", s => s.ConmonRsPath, (s, v) => s with { ConmonRsPath = v })
        .String("database_backend", (s, v) => s with { DatabaseBackend = v })
        .String("detach_keys", (s, v) => s with { DetachKeys = v })
        .Bool("enable_port_reservation", (s, v) => s with { EnablePortReservation = v })
        .AttributedStrings("env", s => s.Env, (s, v) => s with { Env = v })
        .String("events_logger", (s, v) => s with { EventsLogger = v })
        .String("events_logfile_path", (s, v) => s with { EventsLogFilePath = v })
        .Custom("events_logfile_max_size", BindEventsLogMaxSize)
        .Bool("events_container_create_inspect_data", (s, v) => s with { EventsContainerCreateInspectData = v })
        .UInt32("exit_command_delay", (s, v) => s with { ExitCommandDelay = v })
        .Bool("healthcheck_events", (s, v) => s with { HealthcheckEvents = v })
        .AttributedStrings("helper_binaries_dir", s => s.HelperBinariesDir, (s, v) => s with { HelperBinariesDir = v })
        .AttributedStrings("hooks_dir", s => s.HooksDir, (s, v) => s with { HooksDir = v })
        .AttributedStrings("cdi_spec_dirs", s => s.CdiSpecDirs, (s, v) => s with { CdiSpecDirs = v })
        .String("image_build_format", (s, v) => s with { ImageBuildFormat = v })
        .String("image_copy_tmp_dir", (s, v) => s with { ImageCopyTmpDir = v })
        .String("image_default_format", (s, v) => s with { ImageDefaultFormat = v })
        .String("image_default_transport", (s, v) => s with { ImageDefaultTransport = v })
        .UInt32("image_parallel_copies", (s, v) => s with { ImageParallelCopies = v })
        .String("image_volume_mode", (s, v) => s with { ImageVolumeMode = v })
        .String("infra_command", (s, v) => s with { InfraCommand = v })
        .String("infra_image", (s, v) => s with { InfraImage = v })
        .String("init_path", (s, v) => s with { InitPath = v })
        .String("kube_generate_type", (s, v) => s with { KubeGenerateType = v })
        .String("lock_type", (s, v) => s with { LockType = v })
        .Bool("multi_image_archive", (s, v) => s with { MultiImageArchive = v })
        .String("namespace", (s, v) => s with { Namespace = v })
        .String("network_cmd_path", (s, v) => s with { NetworkCmdPath = v })
        .AttributedStrings("network_cmd_options", s => s.NetworkCmdOptions, (s, v) => s with { NetworkCmdOptions = v })
        .Bool("no_pivot_root", (s, v) => s with { NoPivotRoot = v })
        .UInt32("num_locks", (s, v) => s with { NumLocks = v })
        .StringMap("platform_to_oci_runtime", s => s.PlatformToOciRuntime, (s, v) => s with { PlatformToOciRuntime = v })
        .String("pod_exit_policy", (s, v) => s with { PodExitPolicy = v })
        .String("pull_policy", (s, v) => s with { PullPolicy = v })
        .Bool("remote", (s, v) => s with { Remote = v })
        .UInt32("retry", (s, v) => s with { Retry = v })
        .String("retry_delay", (s, v) => s with { RetryDelay = v })
        .String("runtime", (s, v) => s with { Runtime = v })
        .StringArrayMap("runtimes", s => s.Runtimes, (s, v) => s with { Runtimes = v })
        .AttributedStrings("runtime_path", s => s.RuntimePath, (s, v) => s with { RuntimePath = v })
        .AttributedStrings("runtime_supports_json", s => s.RuntimeSupportsJson, (s, v) => s with { RuntimeSupportsJson = v })
        .AttributedStrings("runtime_supports_nocgroup", s => s.RuntimeSupportsNoCgroups, (s, v) => s with { RuntimeSupportsNoCgroups = v })
        .AttributedStrings("runtime_supports_kvm", s => s.RuntimeSupportsKvm, (s, v) => s with { RuntimeSupportsKvm = v })
        .UInt32("service_timeout", (s, v) => s with { ServiceTimeout = v })
        .String("static_dir", (s, v) => s with { StaticDir = NullIfEmpty(v) })
        .UInt32("stop_timeout", (s, v) => s with { StopTimeout = v })
        .String("tmp_dir", (s, v) => v.Length == 0 ? s : s with { TmpDir = v })
        .String("volume_path", (s, v) => s with { VolumePath = NullIfEmpty(v) })
        .UInt32("volume_plugin_timeout", (s, v) => s with { VolumePluginTimeout = v })
        .StringMap("volume_plugins", s => s.VolumePlugins, (s, v) => s with { VolumePlugins = v })
        .Tolerated("active_service", "cgroup_check", "machine_enabled", "podmansh_timeout", "remote_identity", "remote_uri", "service_destinations", "ssh_config");

    public static SectionBinder<NetworkSection> Network { get; } = new SectionBinder<NetworkSection>("network")
        .String("network_backend", (s, v) => s with { NetworkBackend = v })
        .AttributedStrings("cni_plugin_dirs", s => s.CniPluginDirs, (s, v) => s with { CniPluginDirs = v })
        .AttributedStrings("netavark_plugin_dirs", s => s.NetavarkPluginDirs, (s, v) => s with { NetavarkPluginDirs = v })
        .String("firewall_driver", (s, v) => s with { FirewallDriver = v })
        .String("default_network", (s, v) => s with { DefaultNetwork = v })
        .String("default_subnet", (s, v) => s with { DefaultSubnet = v })
        .Custom("default_subnet_pools", BindSubnetPools)
        .String("default_rootless_network_cmd", (s, v) => s with { DefaultRootlessNetworkCmd = v })
        .String("network_config_dir", (s, v) => s with { NetworkConfigDir = NullIfEmpty(v) })
        .Integer("dns_bind_port", (s, v) => s with { DnsBindPort = (ushort)v }, 0, ushort.MaxValue)
        .AttributedStrings("pasta_options", s => s.PastaOptions, (s, v) => s with { PastaOptions = v });

    public static SectionBinder<SecretsSection> Secrets { get; } = new SectionBinder<SecretsSection>("secrets")
        .String("driver", (s, v) => s with { Driver = v })
        .StringMap("opts", s => s.Opts, (s, v) => s with { Opts = v });

    public static SectionBinder<MachineSection> Machine { get; } = new SectionBinder<MachineSection>("machine")
        .Integer("cpus", (s, v) => s with { Cpus = v }, 0)
        .Integer("disk_size", (s, v) => s with { DiskSize = v }, 0)
        .String("image", (s, v) => s with { Image = v })
        .Integer("memory", (s, v) => s with { Memory = v }, 0)
        .String("user", (s, v) => s with { User = v })
        .AttributedStrings("volumes", s => s.Volumes, (s, v) => s with { Volumes = v })
        .String("provider", (s, v) => s with { Provider = v })
        .Bool("rosetta", (s, v) => s with { Rosetta = v });

    public static SectionBinder<FarmsSection> Farms { get; } = new SectionBinder<FarmsSection>("farms")
        .String("default", (s, v) => s with { Default = v })
        .StringArrayMap("list", s => s.List, (s, v) => s with { List = v });

    /// <summary>Merges one parsed file into <paramref name="conf"/>.</summary>
    public static ContainersConf Bind(ContainersConf conf, TomlTableNode root, BindContext ctx)
    {
        foreach (var (name, node) in root.Entries)
        {
            switch (name)
            {
                case "containers":
                    conf = conf with { Containers = Containers.Bind(conf.Containers, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "engine":
                    conf = conf with { Engine = Engine.Bind(conf.Engine, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "network":
                    conf = conf with { Network = Network.Bind(conf.Network, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "secrets":
                    conf = conf with { Secrets = Secrets.Bind(conf.Secrets, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "machine":
                    conf = conf with { Machine = Machine.Bind(conf.Machine, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "farms":
                    conf = conf with { Farms = Farms.Bind(conf.Farms, TomlValues.Table(ctx, name, node), ctx) };
                    break;
                case "configmaps" or "podmansh":
                    TomlValues.Table(ctx, name, node);
                    break;
                default:
                    ctx.Warn(node, $"unknown table or key '{name}' ignored");
                    break;
            }
        }

        return conf;
    }

    private static EngineSection BindEventsLogMaxSize(EngineSection s, TomlNode node, BindContext ctx, string key)
    {
        var text = node switch
        {
            TomlScalar { Kind: TomlScalarKind.String, Value: string str } => str,
            TomlScalar { Kind: TomlScalarKind.Integer, Value: long l } => l.ToString(CultureInfo.InvariantCulture),
            _ => throw ctx.TypeError(key, node, "a size such as \"1m\""),
        };
        if (text.Length == 0)
        {
            return s;
        }

        if (!HumanSize.TryParseDecimal(text, out var bytes) || bytes < 0)
        {
            throw ctx.ValueError(key, node, $"'{text}' is not a size (use a number of bytes or a size such as \"10m\")");
        }

        return s with { EventsLogFileMaxSize = (ulong)bytes };
    }

    private static NetworkSection BindSubnetPools(NetworkSection s, TomlNode node, BindContext ctx, string key)
    {
        IEnumerable<TomlNode> entries = node switch
        {
            TomlArrayNode array => array.Items,
            TomlTableArrayNode tables => tables.Tables,
            _ => throw ctx.TypeError(key, node, "an array of {base=\"10.89.0.0/16\", size=24} tables"),
        };

        var pools = new List<SubnetPool>();
        foreach (var entry in entries)
        {
            var table = entry as TomlTableNode ?? throw ctx.TypeError(key, entry, "an array of {base=\"10.89.0.0/16\", size=24} tables");
            IPNetwork? network = null;
            var size = 0;
            foreach (var (name, value) in table.Entries)
            {
                switch (name)
                {
                    case "base":
                        var text = TomlValues.String(ctx, key + ".base", value);
                        network = ParseCidr(text) ?? throw ctx.ValueError(key, value, $"'{text}' is not a CIDR subnet such as 10.89.0.0/16");
                        if (network.Value.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
                        {
                            throw ctx.ValueError(key, value, $"invalid subnet pool ip '{network.Value.BaseAddress}' (only IPv4 pools are supported)");
                        }

                        break;
                    case "size":
                        size = (int)TomlValues.Integer(ctx, key + ".size", value, int.MinValue, int.MaxValue);
                        break;
                    default:
                        ctx.Warn(value, $"unknown key '{name}' in a [network] default_subnet_pools entry ignored");
                        break;
                }
            }

            if (network is null)
            {
                throw ctx.ValueError(key, table, "a pool has no 'base' subnet");
            }

            if (size > 32 || size < 0)
            {
                throw ctx.ValueError(key, table, "invalid subnet pool size, must be between 0-32");
            }

            if (network.Value.PrefixLength > size)
            {
                throw ctx.ValueError(key, table, $"invalid subnet pool, size is bigger than subnet '{network}'");
            }

            pools.Add(new SubnetPool(network.Value, size));
        }

        return s with { DefaultSubnetPools = pools };
    }

    /// <summary>Parses a CIDR like Go's <c>net.ParseCIDR</c>: host bits are allowed and masked off.</summary>
    internal static IPNetwork? ParseCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return null;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > bits)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPNetwork(new IPAddress(bytes), prefix);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
