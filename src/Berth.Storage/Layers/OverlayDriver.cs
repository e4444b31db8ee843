using System.Security.Cryptography;
using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>
/// The kernel's overlay file system: each layer holds only its own changes (<c>diff/</c>, deletions as 0:0 character
/// devices and opaque directories as <c>trusted.overlay.opaque=y</c>), and a root file system is one overlay mount with
/// the chain as <c>lowerdir</c>. As in containers/storage, each layer also gets a short name, a symlink
/// <c>l/&lt;26 chars&gt;</c> → <c>../&lt;chain-hex&gt;/diff</c>, so that the lowerdir option of a deep chain stays below the
/// page size the kernel accepts.
/// </summary>
public sealed class OverlayDriver : ILayerDriver
{
    public const string DriverName = "overlay";
    private const int LinkLength = 26;
    private const int MaxOptionBytes = 4095;
    private readonly string driverDirectory;

    public OverlayDriver(string driverDirectory)
    {
        this.driverDirectory = driverDirectory;
    }

    public string Name => DriverName;

    public LayerWhiteoutFormat WhiteoutFormat => LayerWhiteoutFormat.OverlayFs;

    internal string LinkDirectory => Path.Combine(driverDirectory, "l");

    /// <summary>An always-empty lower for containers that have no image layers.</summary>
    internal string EmptyDirectory => Path.Combine(driverDirectory, "empty");

    public Task PrepareAsync(string staging, string? parentDiff, bool writable, CancellationToken cancellationToken)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(Path.Combine(staging, "diff"), mode);
        if (writable)
        {
            Directory.CreateDirectory(Path.Combine(staging, "work"), StoreLayout.DirectoryMode);
            Directory.CreateDirectory(Path.Combine(staging, "merged"), mode);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<Mount> Mounts(IReadOnlyList<LowerLayer> lowerDiffs, UpperLayer? upper)
    {
        if (upper is null && lowerDiffs.Count == 1)
        {
            // overlay needs two lowers without an upper; one read-only layer is just a read-only bind.
            return [new Mount("bind", lowerDiffs[0].Diff, "/", ["bind", "ro"])];
        }

        var lowers = lowerDiffs.Count == 0
            ? EnsureEmpty()
            : string.Join(':', lowerDiffs.Select(l => l.Link is null ? l.Diff : Path.Combine(LinkDirectory, l.Link)));
        List<string> options = [$"lowerdir={lowers}"];
        if (upper is not null)
        {
            options.Add($"upperdir={Path.Combine(upper.Directory, "diff")}");
            options.Add($"workdir={Path.Combine(upper.Directory, "work")}");
            if (upper.Volatile)
            {
                options.Add("volatile");
            }
        }

        var length = options.Sum(o => o.Length + 1);
        if (length > MaxOptionBytes)
        {
            throw new BerthException(
                ErrorKind.InvalidState,
                $"the overlay mount options for {lowerDiffs.Count} layers are {length} bytes, more than the kernel accepts ({MaxOptionBytes}); squash the image or use a graph root with a shorter path");
        }

        return [new Mount("overlay", "overlay", "/", options)];
    }

    public string? CreateLink(string layerDirectory)
    {
        StoreLayout.EnsureDirectory(LinkDirectory);
        var link = NewLinkName();
        File.CreateSymbolicLink(Path.Combine(LinkDirectory, link), $"../{Path.GetFileName(layerDirectory)}/diff");
        File.WriteAllText(Path.Combine(layerDirectory, "link"), link);
        UnixFileSystem.FlushDirectory(LinkDirectory);
        return link;
    }

    public void RemoveLink(string link) => File.Delete(Path.Combine(LinkDirectory, link));

    /// <summary>Every short link and the layer directory name (chain hex) it points at.</summary>
    public IReadOnlyList<(string Link, string? Target)> ListLinks()
    {
        if (!Directory.Exists(LinkDirectory))
        {
            return [];
        }

        return new DirectoryInfo(LinkDirectory).EnumerateFileSystemInfos("*", Staging.Tree.AllEntries)
            .Select(i => (i.Name, i.LinkTarget is { } t ? t.Split('/').ElementAtOrDefault(1) : null))
            .ToList();
    }

    private string EnsureEmpty()
    {
        StoreLayout.EnsureDirectory(EmptyDirectory);
        return EmptyDirectory;
    }

    private static string NewLinkName()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return RandomNumberGenerator.GetString(alphabet, LinkLength);
    }
}
