namespace Berth.Engine;

/// <summary>
/// The global options of a command line (podman's persistent flags). Null means "not given":
/// the configuration files and built-in defaults decide.
/// </summary>
public sealed record EngineOptions
{
    public string? Root { get; init; }
    public string? RunRoot { get; init; }
    public string? StorageDriver { get; init; }
    public IReadOnlyList<string> StorageOptions { get; init; } = [];
    public string? TmpDir { get; init; }
    public string? Runtime { get; init; }
    public IReadOnlyList<string> RuntimeFlags { get; init; } = [];
    public string? Conmon { get; init; }
    public string? CgroupManager { get; init; }
    public string? EventsBackend { get; init; }
    public string? NetworkConfigDir { get; init; }
    public string? NetworkCmdPath { get; init; }
    public string? VolumePath { get; init; }
    public IReadOnlyList<string> HooksDirs { get; init; } = [];
    public string LogLevel { get; init; } = "warn";
    /// <summary>skopeo's --registries-conf: a registries.conf to use instead of the standard ones.</summary>
    public string? RegistriesConf { get; init; }
}
