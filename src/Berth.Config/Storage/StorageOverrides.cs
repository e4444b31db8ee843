namespace Berth.Config;

/// <summary>Storage choices made on the command line; each non-null member wins over every file and default.</summary>
/// <param name="Root"><c>--root</c>: the graph root.</param>
/// <param name="RunRoot"><c>--runroot</c>.</param>
/// <param name="Driver"><c>--storage-driver</c>.</param>
/// <param name="TmpDir"><c>--tmpdir</c>: per-boot engine state.</param>
/// <param name="DriverOptions"><c>--storage-opt</c> values ("overlay.mount_program=…"); replace the configured ones.</param>
/// <param name="ImageStore"><c>--imagestore</c>.</param>
public sealed record StorageOverrides(
    string? Root = null,
    string? RunRoot = null,
    string? Driver = null,
    string? TmpDir = null,
    IReadOnlyList<string>? DriverOptions = null,
    string? ImageStore = null)
{
    /// <summary>No overrides.</summary>
    public static StorageOverrides None { get; } = new();
}
