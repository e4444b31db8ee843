namespace Berth.Engine.Info;

// What `berth info` reports, in the shape of podman's libpod/define Info (field for field, same order),
// so that JSON output, YAML output and --format templates line up with podman's.

public sealed record SystemInfo(HostInfo Host, StoreInfo Store, IReadOnlyDictionary<string, object?> Registries, PluginsInfo Plugins, VersionInfo Version);

public sealed record HostInfo
{
    public required string Arch { get; init; }
    public required string BuildahVersion { get; init; }
    public required string CgroupManager { get; init; }
    public required string CgroupsVersion { get; init; }
    public required IReadOnlyList<string> CgroupControllers { get; init; }
    public required HelperInfo Conmon { get; init; }
    public required int CPUs { get; init; }
    public required CpuUsage CPUUtilization { get; init; }
    public required string DatabaseBackend { get; init; }
    public required DistributionInfo Distribution { get; init; }
    public required string EventLogger { get; init; }
    public required string Hostname { get; init; }
    public required IdMappings IDMappings { get; init; }
    public required string Kernel { get; init; }
    public required string LogDriver { get; init; }
    public required long MemFree { get; init; }
    public required long MemTotal { get; init; }
    public required string NetworkBackend { get; init; }
    public required NetworkBackendInfo NetworkBackendInfo { get; init; }
    public required OciRuntimeInfo OCIRuntime { get; init; }
    public required string OS { get; init; }
    public required RemoteSocketInfo RemoteSocket { get; init; }
    public required string RootlessNetworkCmd { get; init; }
    public required bool ServiceIsRemote { get; init; }
    public required SecurityInfo Security { get; init; }
    public required HelperInfo Slirp4NetNS { get; init; }
    public required HelperInfo Pasta { get; init; }
    public required long SwapFree { get; init; }
    public required long SwapTotal { get; init; }
    public required string Uptime { get; init; }
    public required string Variant { get; init; }
    public required string Linkmode { get; init; }
}

/// <summary>A helper program: conmon, slirp4netns, pasta (podman's ConmonInfo/SlirpInfo/PastaInfo).</summary>
public sealed record HelperInfo(string Path, string Package, string Version);

public sealed record OciRuntimeInfo(string Name, string Package, string Path, string Version);

public sealed record CpuUsage(double UserPercent, double SystemPercent, double IdlePercent);

public sealed record DistributionInfo(string Distribution, string Variant, string Version, string Codename);

/// <summary>One line of /proc/self/uid_map or gid_map.</summary>
public sealed record IdMap(long ContainerId, long HostId, long Size);

public sealed record IdMappings(IReadOnlyList<IdMap>? GidMap, IReadOnlyList<IdMap>? UidMap);

public sealed record NetworkBackendInfo(string Backend, string Version, string Package, string Path, HelperInfo Dns);

public sealed record RemoteSocketInfo(string Path, bool Exists);

public sealed record SecurityInfo(bool AppArmorEnabled, string DefaultCapabilities, bool Rootless, bool SeccompEnabled, string SeccompProfilePath, bool SelinuxEnabled);

public sealed record StoreInfo
{
    public required string ConfigFile { get; init; }
    public required ContainerCounts ContainerStore { get; init; }
    public required string GraphDriverName { get; init; }
    public required IReadOnlyDictionary<string, object?> GraphOptions { get; init; }
    public required string GraphRoot { get; init; }
    public required ulong GraphRootAllocated { get; init; }
    public required ulong GraphRootUsed { get; init; }
    public required IReadOnlyDictionary<string, string> GraphStatus { get; init; }
    public required string ImageCopyTmpDir { get; init; }
    public required int ImageStoreNumber { get; init; }
    public required string RunRoot { get; init; }
    public required string VolumePath { get; init; }
    public required bool TransientStore { get; init; }
}

public sealed record ContainerCounts(int Number, int Paused, int Running, int Stopped);

public sealed record PluginsInfo(IReadOnlyList<string> Volume, IReadOnlyList<string> Network, IReadOnlyList<string> Log, IReadOnlyList<string>? Authorization);

/// <summary>podman's define.Version.</summary>
public sealed record VersionInfo(string APIVersion, string Version, string GoVersion, string GitCommit, string BuiltTime, long Built, string OsArch, string Os)
{
    public static VersionInfo Current { get; } = new(
        BuildInfo.ApiVersion, BuildInfo.Version, BuildInfo.RuntimeVersion, BuildInfo.GitCommit, BuildInfo.BuiltTime, BuildInfo.Built,
        Oci.Platform.Host.OS + "/" + Oci.Platform.Host.Architecture, Oci.Platform.Host.OS);
}
