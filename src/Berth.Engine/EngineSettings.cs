namespace Berth.Engine;

/// <summary>
/// The effective settings of one engine instance: command-line options over the configuration files over
/// built-in defaults, resolved once. Services read this, never the files.
/// </summary>
public sealed record EngineSettings
{
    public required bool Rootless { get; init; }
    public required string GraphRoot { get; init; }
    public required string RunRoot { get; init; }
    /// <summary>The storage driver asked for, or null to let storage choose (overlay when it works, else vfs).</summary>
    public required string? StorageDriver { get; init; }
    public required IReadOnlyDictionary<string, object?> StorageOptions { get; init; }
    /// <summary>The storage.conf that was obeyed (CONTAINERS_STORAGE_CONF), or "".</summary>
    public required string StorageConfigFile { get; init; }
    public required string TmpDir { get; init; }
    public required string ImageCopyTmpDir { get; init; }
    public required string VolumePath { get; init; }
    public required string? RequestedRuntime { get; init; }
    public required string? ConfiguredRuntime { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Runtimes { get; init; }
    public required string? RequestedConmon { get; init; }
    public required IReadOnlyList<string> ConmonCandidates { get; init; }
    public required IReadOnlyList<string> HelperBinaryDirs { get; init; }
    public required string CgroupManager { get; init; }
    public required string EventLogger { get; init; }
    public required string LogDriver { get; init; }
    public required string NetworkBackend { get; init; }
    public required string NetworkConfigDir { get; init; }
    public required string RootlessNetworkCmd { get; init; }
    public required IReadOnlyList<string> DefaultCapabilities { get; init; }
    public required string SeccompProfile { get; init; }
}
