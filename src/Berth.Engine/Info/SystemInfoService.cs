using System.Globalization;
using Berth.Platform.Host;
using Berth.Platform.Processes;
using Berth.Runtime;

namespace Berth.Engine.Info;

/// <summary>Gathers what <c>berth info</c> shows: host, helpers, store, registries, plugins, version.</summary>
public sealed class SystemInfoService(EngineSettings settings, Berth.Config.RegistriesConf registries)
{
    public async Task<SystemInfo> InfoAsync(CancellationToken cancellationToken)
    {
        var cgroupVersion = HostFacts.CgroupVersion;
        var runtime = OciRuntimeLocator.Resolve(settings.RequestedRuntime, settings.ConfiguredRuntime, settings.Runtimes, cgroupVersion);
        var conmon = OciRuntimeLocator.ResolveConmon(settings.RequestedConmon, settings.ConmonCandidates);
        var netavark = ExecutableFinder.Find("netavark", null, settings.HelperBinaryDirs);
        var aardvark = ExecutableFinder.Find("aardvark-dns", null, settings.HelperBinaryDirs);
        var slirp = ExecutableFinder.Find("slirp4netns", null, settings.HelperBinaryDirs);
        var pasta = ExecutableFinder.Find("pasta", null, settings.HelperBinaryDirs);

        // Every helper is asked for its version at once; dpkg is asked once for all owners.
        var runtimeVersion = HelperVersions.FullAsync(runtime.Path, cancellationToken);
        var conmonVersion = HelperVersions.JoinedAsync(conmon.Path, cancellationToken);
        var netavarkVersion = VersionOrEmpty(netavark, HelperVersions.FirstLineAsync, cancellationToken);
        var aardvarkVersion = VersionOrEmpty(aardvark, HelperVersions.FirstLineAsync, cancellationToken);
        var slirpVersion = VersionOrEmpty(slirp, HelperVersions.FullAsync, cancellationToken);
        var pastaVersion = VersionOrEmpty(pasta, HelperVersions.FirstLineAsync, cancellationToken);
        string[] owned = [runtime.Path, conmon.Path, .. new[] { netavark, aardvark, slirp, pasta }.OfType<string>()];
        var packages = await DpkgPackages.OwnersAsync(owned, cancellationToken).ConfigureAwait(false);
        string Package(string? path) => path is not null && packages.TryGetValue(path, out var p) ? p : "";

        var mem = HostFacts.MemInfo;
        var cpu = HostFacts.CpuUsage;
        var os = HostFacts.OsRelease;
        var host = new HostInfo
        {
            Arch = Oci.Platform.Host.Architecture,
            BuildahVersion = BuildInfo.Version,
            CgroupManager = settings.CgroupManager,
            CgroupsVersion = cgroupVersion == CgroupVersion.V2 ? "v2" : "v1",
            CgroupControllers = HostFacts.CgroupControllers,
            Conmon = new HelperInfo(conmon.Path, Package(conmon.Path), await conmonVersion.ConfigureAwait(false)),
            CPUs = Environment.ProcessorCount,
            CPUUtilization = new CpuUsage(cpu.User, cpu.System, cpu.Idle),
            DatabaseBackend = "sqlite",
            Distribution = new DistributionInfo(
                os.GetValueOrDefault("ID", "unknown"), os.GetValueOrDefault("VARIANT_ID", ""), os.GetValueOrDefault("VERSION_ID", ""), os.GetValueOrDefault("VERSION_CODENAME", "")),
            EventLogger = settings.EventLogger,
            Hostname = HostFacts.Hostname,
            IDMappings = settings.Rootless ? new IdMappings(ReadIdMap("/proc/self/gid_map"), ReadIdMap("/proc/self/uid_map")) : new IdMappings(null, null),
            Kernel = HostFacts.Kernel,
            LogDriver = settings.LogDriver,
            MemFree = mem.GetValueOrDefault("MemAvailable", mem.GetValueOrDefault("MemFree")),
            MemTotal = mem.GetValueOrDefault("MemTotal"),
            NetworkBackend = settings.NetworkBackend,
            NetworkBackendInfo = new NetworkBackendInfo(
                settings.NetworkBackend, await netavarkVersion.ConfigureAwait(false), Package(netavark), netavark ?? "",
                new HelperInfo(aardvark ?? "", Package(aardvark), await aardvarkVersion.ConfigureAwait(false))),
            OCIRuntime = new OciRuntimeInfo(runtime.Name, Package(runtime.Path), runtime.Path, await runtimeVersion.ConfigureAwait(false)),
            OS = Oci.Platform.Host.OS,
            RemoteSocket = RemoteSocket(),
            RootlessNetworkCmd = settings.RootlessNetworkCmd,
            ServiceIsRemote = false,
            Security = new SecurityInfo(
                HostFacts.AppArmorEnabled, string.Join(',', settings.DefaultCapabilities.Order(StringComparer.Ordinal)), settings.Rootless,
                HostFacts.SeccompEnabled, File.Exists(settings.SeccompProfile) ? settings.SeccompProfile : "", HostFacts.SelinuxEnabled),
            Slirp4NetNS = new HelperInfo(slirp ?? "", Package(slirp), await slirpVersion.ConfigureAwait(false)),
            Pasta = new HelperInfo(pasta ?? "", Package(pasta), await pastaVersion.ConfigureAwait(false)),
            SwapFree = mem.GetValueOrDefault("SwapFree"),
            SwapTotal = mem.GetValueOrDefault("SwapTotal"),
            Uptime = FormatUptime(HostFacts.Uptime),
            Variant = Oci.Platform.Host.Variant ?? "",
            Linkmode = "dynamic",
        };

        return new SystemInfo(host, Store(), EngineSettingsResolver.RegistriesInfo(registries), Plugins, VersionInfo.Current);
    }

    private static readonly PluginsInfo Plugins = new(["local"], ["bridge", "macvlan", "ipvlan"], ["k8s-file", "none", "passthrough", "journald"], null);

    private StoreInfo Store()
    {
        var fs = FileSystemStats.ForPath(settings.GraphRoot);
        var driver = settings.StorageDriver ?? (HostFacts.OverlaySupported ? "overlay" : "vfs");
        var status = new Dictionary<string, string>(StringComparer.Ordinal) { ["Backing Filesystem"] = fs?.TypeName ?? "unknown" };
        if (driver == "overlay")
        {
            status["Native Overlay Diff"] = "true";
            status["Supports d_type"] = "true";
            status["Using metacopy"] = "false";
        }

        return new StoreInfo
        {
            ConfigFile = settings.StorageConfigFile,
            ContainerStore = new ContainerCounts(0, 0, 0, 0),
            GraphDriverName = driver,
            GraphOptions = settings.StorageOptions,
            GraphRoot = settings.GraphRoot,
            GraphRootAllocated = fs?.TotalBytes ?? 0,
            GraphRootUsed = fs?.UsedBytes ?? 0,
            GraphStatus = status,
            ImageCopyTmpDir = settings.ImageCopyTmpDir,
            ImageStoreNumber = 0,
            RunRoot = settings.RunRoot,
            VolumePath = settings.VolumePath,
            TransientStore = false,
        };
    }

    private RemoteSocketInfo RemoteSocket()
    {
        var path = Path.Combine(settings.Rootless ? settings.RunRoot : "/run/berth", "berth.sock");
        return new RemoteSocketInfo(path, File.Exists(path));
    }

    /// <summary>podman's uptime text: whole hours, minutes and seconds, with days when over one.</summary>
    public static string FormatUptime(TimeSpan uptime)
    {
        var total = Math.Floor(uptime.TotalSeconds);
        var hours = Math.Floor(total / 3600);
        var minutes = Math.Floor((total - (hours * 3600)) / 60);
        var seconds = total - (hours * 3600) - (minutes * 60);
        var text = string.Create(CultureInfo.InvariantCulture, $"{hours:0}h {minutes:0}m {seconds:0.00}s");
        return hours >= 24 ? string.Create(CultureInfo.InvariantCulture, $"{text} (Approximately {hours / 24:0.00} days)") : text;
    }

    private static IReadOnlyList<IdMap> ReadIdMap(string path)
    {
        var result = new List<IdMap>();
        foreach (var line in HostFacts.ReadOrEmpty(path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3)
            {
                result.Add(new IdMap(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    private static Task<string> VersionOrEmpty(string? path, Func<string, CancellationToken, Task<string>> query, CancellationToken cancellationToken) =>
        path is null ? Task.FromResult("") : query(path, cancellationToken);
}
