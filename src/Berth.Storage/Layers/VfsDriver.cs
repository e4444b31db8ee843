using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>
/// The always-works driver: every layer is a complete copy of its parent's tree plus its own changes, and a root file
/// system is a bind mount of one directory. Costs disk and copy time; needs no kernel support.
/// </summary>
public sealed class VfsDriver : ILayerDriver
{
    public const string DriverName = "vfs";

    public string Name => DriverName;

    public LayerWhiteoutFormat WhiteoutFormat => LayerWhiteoutFormat.Delete;

    public Task PrepareAsync(string staging, string? parentDiff, bool writable, CancellationToken cancellationToken) =>
        parentDiff is null
            ? Prepare(staging, null, writable, cancellationToken)
            : Task.Run(() => Prepare(staging, parentDiff, writable, cancellationToken), cancellationToken);

    private static Task Prepare(string staging, string? parentDiff, bool writable, CancellationToken cancellationToken)
    {
        var diff = Path.Combine(staging, "diff");
        if (parentDiff is null)
        {
            Directory.CreateDirectory(diff, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        else
        {
            TreeCopier.Copy(parentDiff, diff, cancellationToken);
        }

        if (writable)
        {
            Directory.CreateDirectory(Path.Combine(staging, "merged"));
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<Mount> Mounts(IReadOnlyList<LowerLayer> lowerDiffs, UpperLayer? upper) =>
        upper is not null
            ? [new Mount("bind", Path.Combine(upper.Directory, "diff"), "/", ["bind"])]
            : [new Mount("bind", lowerDiffs[0].Diff, "/", ["bind", "ro"])];

    public string? CreateLink(string layerDirectory) => null;

    public void RemoveLink(string link)
    {
    }

    public IReadOnlyList<(string Link, string? Target)> ListLinks() => [];
}
