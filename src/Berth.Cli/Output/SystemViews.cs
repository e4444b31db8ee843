using Berth.Engine.Info;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>Views of <c>info</c> and <c>version</c> data with podman's Go names, Go types and JSON names.</summary>
public static class SystemViews
{
    public static GoStruct Info(SystemInfo info) => new(
        "*define.Info",
        new("Host", "host", Host(info.Host)),
        new("Store", "store", Store(info.Store)),
        new("Registries", "registries", info.Registries),
        new("Plugins", "plugins", new GoStruct(
            "define.Plugins",
            new("Volume", "volume", info.Plugins.Volume),
            new("Network", "network", info.Plugins.Network),
            new("Log", "log", info.Plugins.Log),
            new("Authorization", "authorization", (object?)info.Plugins.Authorization ?? GoTypedNil.Of("[]string")))),
        new("Version", "version", Version(info.Version, "define.Version")));

    public static GoStruct Version(VersionInfo v, string goType) => new(
        goType,
        new("APIVersion", "APIVersion", v.APIVersion),
        new("Version", "Version", v.Version),
        new("GoVersion", "GoVersion", v.GoVersion),
        new("GitCommit", "GitCommit", v.GitCommit),
        new("BuiltTime", "BuiltTime", v.BuiltTime),
        new("Built", "Built", v.Built),
        new("OsArch", "OsArch", v.OsArch),
        new("Os", "Os", v.Os));

    /// <summary>podman's SystemVersionReport: the client, and a server only when talking to a remote service.</summary>
    public static GoStruct VersionReport(VersionInfo v) => new(
        "*entities.SystemVersionReport",
        new("Client", "Client", Version(v, "*define.Version")),
        new("Server", "Server", GoTypedNil.Of("*define.Version", ["APIVersion", "Version", "GoVersion", "GitCommit", "BuiltTime", "Built", "OsArch", "Os"]), OmitEmpty: true));

    private static GoStruct Host(HostInfo h) => new(
        "*define.HostInfo",
        new("Arch", "arch", h.Arch),
        new("BuildahVersion", "buildahVersion", h.BuildahVersion),
        new("CgroupManager", "cgroupManager", h.CgroupManager),
        new("CgroupsVersion", "cgroupVersion", h.CgroupsVersion),
        new("CgroupControllers", "cgroupControllers", h.CgroupControllers),
        new("Conmon", "conmon", Helper("*define.ConmonInfo", h.Conmon)),
        new("CPUs", "cpus", h.CPUs),
        new("CPUUtilization", "cpuUtilization", new GoStruct(
            "*define.CPUUsage",
            new("UserPercent", "userPercent", h.CPUUtilization.UserPercent),
            new("SystemPercent", "systemPercent", h.CPUUtilization.SystemPercent),
            new("IdlePercent", "idlePercent", h.CPUUtilization.IdlePercent))),
        new("DatabaseBackend", "databaseBackend", h.DatabaseBackend),
        new("Distribution", "distribution", new GoStruct(
            "define.DistributionInfo",
            new("Distribution", "distribution", h.Distribution.Distribution),
            new("Variant", "variant", h.Distribution.Variant, OmitEmpty: true),
            new("Version", "version", h.Distribution.Version),
            new("Codename", "codename", h.Distribution.Codename, OmitEmpty: true))),
        new("EventLogger", "eventLogger", h.EventLogger),
        new("Hostname", "hostname", h.Hostname),
        new("IDMappings", "idMappings", new GoStruct(
            "define.IDMappings",
            new("GIDMap", "gidmap", IdMaps(h.IDMappings.GidMap)),
            new("UIDMap", "uidmap", IdMaps(h.IDMappings.UidMap)))),
        new("Kernel", "kernel", h.Kernel),
        new("LogDriver", "logDriver", h.LogDriver),
        new("MemFree", "memFree", h.MemFree),
        new("MemTotal", "memTotal", h.MemTotal),
        new("NetworkBackend", "networkBackend", h.NetworkBackend),
        new("NetworkBackendInfo", "networkBackendInfo", new GoStruct(
            "types.NetworkInfo",
            new("Backend", "backend", h.NetworkBackendInfo.Backend),
            new("Version", "version", h.NetworkBackendInfo.Version),
            new("Package", "package", h.NetworkBackendInfo.Package),
            new("Path", "path", h.NetworkBackendInfo.Path),
            new("DNS", "dns", new GoStruct(
                "types.DNSNetworkInfo",
                new("Version", "version", h.NetworkBackendInfo.Dns.Version),
                new("Package", "package", h.NetworkBackendInfo.Dns.Package),
                new("Path", "path", h.NetworkBackendInfo.Dns.Path))))),
        new("OCIRuntime", "ociRuntime", new GoStruct(
            "*define.OCIRuntimeInfo",
            new("Name", "name", h.OCIRuntime.Name),
            new("Package", "package", h.OCIRuntime.Package),
            new("Path", "path", h.OCIRuntime.Path),
            new("Version", "version", h.OCIRuntime.Version))),
        new("OS", "os", h.OS),
        new("RemoteSocket", "remoteSocket", new GoStruct(
            "*define.RemoteSocket",
            new("Path", "path", h.RemoteSocket.Path, OmitEmpty: true),
            new("Exists", "exists", h.RemoteSocket.Exists))),
        new("RootlessNetworkCmd", "rootlessNetworkCmd", h.RootlessNetworkCmd),
        new("ServiceIsRemote", "serviceIsRemote", h.ServiceIsRemote),
        new("Security", "security", new GoStruct(
            "define.SecurityInfo",
            new("AppArmorEnabled", "apparmorEnabled", h.Security.AppArmorEnabled),
            new("DefaultCapabilities", "capabilities", h.Security.DefaultCapabilities),
            new("Rootless", "rootless", h.Security.Rootless),
            new("SECCOMPEnabled", "seccompEnabled", h.Security.SeccompEnabled),
            new("SECCOMPProfilePath", "seccompProfilePath", h.Security.SeccompProfilePath),
            new("SELinuxEnabled", "selinuxEnabled", h.Security.SelinuxEnabled))),
        new("Slirp4NetNS", "slirp4netns", Helper("define.SlirpInfo", h.Slirp4NetNS, executableName: true)),
        new("Pasta", "pasta", Helper("define.PastaInfo", h.Pasta, executableName: true)),
        new("SwapFree", "swapFree", h.SwapFree),
        new("SwapTotal", "swapTotal", h.SwapTotal),
        new("Uptime", "uptime", h.Uptime),
        new("Variant", "variant", h.Variant),
        new("Linkmode", "linkmode", h.Linkmode));

    private static GoStruct Store(StoreInfo s) => new(
        "*define.StoreInfo",
        new("ConfigFile", "configFile", s.ConfigFile),
        new("ContainerStore", "containerStore", new GoStruct(
            "define.ContainerStore",
            new("Number", "number", s.ContainerStore.Number),
            new("Paused", "paused", s.ContainerStore.Paused),
            new("Running", "running", s.ContainerStore.Running),
            new("Stopped", "stopped", s.ContainerStore.Stopped))),
        new("GraphDriverName", "graphDriverName", s.GraphDriverName),
        new("GraphOptions", "graphOptions", s.GraphOptions),
        new("GraphRoot", "graphRoot", s.GraphRoot),
        new("GraphRootAllocated", "graphRootAllocated", s.GraphRootAllocated),
        new("GraphRootUsed", "graphRootUsed", s.GraphRootUsed),
        new("GraphStatus", "graphStatus", s.GraphStatus),
        new("ImageCopyTmpDir", "imageCopyTmpDir", s.ImageCopyTmpDir),
        new("ImageStore", "imageStore", new GoStruct("define.ImageStore", new GoField("Number", "number", s.ImageStoreNumber))),
        new("RunRoot", "runRoot", s.RunRoot),
        new("VolumePath", "volumePath", s.VolumePath),
        new("TransientStore", "transientStore", s.TransientStore));

    /// <summary>conmon lists package, path, version; slirp4netns and pasta list executable, package, version.</summary>
    private static GoStruct Helper(string goType, HelperInfo h, bool executableName = false) => executableName
        ? new(goType, new("Executable", "executable", h.Path), new("Package", "package", h.Package), new("Version", "version", h.Version))
        : new(goType, new("Package", "package", h.Package), new("Path", "path", h.Path), new("Version", "version", h.Version));

    private static object IdMaps(IReadOnlyList<IdMap>? maps) =>
        maps is null
            ? GoTypedNil.Of("[]idtools.IDMap")
            : maps.Select(m => (object?)new GoStruct(
                "idtools.IDMap",
                new("ContainerID", "container_id", m.ContainerId),
                new("HostID", "host_id", m.HostId),
                new("Size", "size", m.Size))).ToList();
}
