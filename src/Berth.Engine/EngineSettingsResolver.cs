using Berth.Config;

namespace Berth.Engine;

/// <summary>Command line over configuration over defaults, in podman's precedence, once per engine.</summary>
public static class EngineSettingsResolver
{
    public static EngineSettings Resolve(EngineOptions options, ConfigEnvironment environment, ContainersConf containers, StorageConf storage)
    {
        var engine = containers.Engine;
        // libpod: a changed --root moves the default volume path with it unless --volumepath or the file says otherwise.
        var volumePath = options.VolumePath
            ?? (options.Root is null && engine.VolumePath is { } configured ? configured : Path.Combine(storage.GraphRoot, "volumes"));
        return new EngineSettings
        {
            Rootless = environment.IsRootless,
            GraphRoot = storage.GraphRoot,
            RunRoot = storage.RunRoot,
            StorageDriver = storage.Driver,
            StorageOptions = storage.DriverOptions.ToDictionary(o => o.Split('=', 2)[0], o => (object?)(o.Contains('=', StringComparison.Ordinal) ? o.Split('=', 2)[1] : ""), StringComparer.Ordinal),
            StorageConfigFile = storage.ConfigFile ?? "",
            TmpDir = storage.TmpDir,
            ImageCopyTmpDir = engine.ImageCopyTmpDir,
            VolumePath = volumePath,
            RequestedRuntime = options.Runtime,
            ConfiguredRuntime = containers.IsSet("engine.runtime") ? engine.Runtime : null,
            Runtimes = engine.Runtimes,
            RequestedConmon = options.Conmon,
            ConmonCandidates = engine.ConmonPath,
            HelperBinaryDirs = engine.HelperBinariesDir,
            CgroupManager = options.CgroupManager ?? engine.CgroupManager,
            EventLogger = options.EventsBackend ?? engine.EventsLogger,
            LogDriver = containers.Containers.LogDriver,
            NetworkBackend = containers.Network.NetworkBackend,
            NetworkConfigDir = options.NetworkConfigDir ?? containers.Network.ResolveNetworkConfigDir(environment.IsRootless, storage.GraphRoot),
            RootlessNetworkCmd = containers.Network.DefaultRootlessNetworkCmd,
            DefaultCapabilities = containers.Containers.DefaultCapabilities,
            SeccompProfile = containers.Containers.SeccompProfile.Length > 0 ? containers.Containers.SeccompProfile : "/usr/share/containers/seccomp.json",
        };
    }

    /// <summary>podman info's registries map: each [[registry]] by prefix, and "search" when there is a search list.</summary>
    internal static IReadOnlyDictionary<string, object?> RegistriesInfo(RegistriesConf registries)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var r in registries.Registries)
        {
            result[r.Prefix] = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Prefix"] = r.Prefix,
                ["Location"] = r.Location,
                ["Insecure"] = r.Insecure,
                ["Blocked"] = r.Blocked,
                ["MirrorByDigestOnly"] = r.MirrorByDigestOnly,
                ["Mirrors"] = r.Mirrors.Count == 0 ? null : r.Mirrors.Select(m => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["Location"] = m.Location,
                    ["Insecure"] = m.Insecure,
                    ["PullFromMirror"] = m.PullFromMirror.ToString().ToLowerInvariant() switch { "all" => "", var x => x.Replace("digestonly", "digest-only", StringComparison.Ordinal).Replace("tagonly", "tag-only", StringComparison.Ordinal) },
                }).ToList(),
            };
        }

        if (registries.UnqualifiedSearchRegistries.Count > 0)
        {
            result["search"] = registries.UnqualifiedSearchRegistries;
        }

        return result;
    }
}
