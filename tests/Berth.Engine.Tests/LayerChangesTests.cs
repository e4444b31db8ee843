using System.Runtime.Versioning;
using Berth.Engine.Images;
using Berth.Platform;

[assembly: SupportedOSPlatform("linux")]

namespace Berth.Engine.Tests;

/// <summary>podman diff's two algorithms on hand-made layer directories (root: mknod for whiteouts, trusted.* xattrs).</summary>
public sealed class LayerChangesTests : IDisposable
{
    private static readonly DateTime Fixed = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly string _root = Directory.CreateTempSubdirectory("berth-changes-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, Fixed);
    }

    private static void Whiteout(string root, string relative) =>
        UnixFileSystem.CreateNode(Path.Combine(root, relative), UnixFileKind.CharacterDevice, 0, 0, 0);

    [Fact]
    public void OverlayLayer_WhiteoutsOpaqueDirsAddsAndModifies_SortedByPath()
    {
        var lower = Dir("lower");
        Write(lower, "a", "a");
        Write(lower, "keep", "keep");
        Write(lower, "dir/x", "x");
        Write(lower, "etc/conf", "1");
        Write(lower, "etc/hosts", "h");
        var upper = Dir("upper");
        Whiteout(upper, "keep");
        Write(upper, "etc/conf", "2");
        Write(upper, "etc/hosts", "h2");
        Directory.CreateDirectory(Path.Combine(upper, "dir"));
        UnixFileSystem.SetExtendedAttribute(Path.Combine(upper, "dir"), "trusted.overlay.opaque", "y"u8);
        Write(upper, "dir/z", "z");
        Write(upper, "new/sub/file", "f");
        Directory.SetLastWriteTimeUtc(Path.Combine(lower, "etc"), Fixed);
        Directory.SetLastWriteTimeUtc(Path.Combine(upper, "etc"), Fixed);

        var changes = LayerChanges.OverlayLayer(upper, FileTree.FromOverlayLayers([lower], attributes: false, CancellationToken.None), CancellationToken.None);

        // /etc is unchanged itself (same mode, size, mtime); /etc/hosts is one of the paths podman never reports.
        Assert.Equal(["D /dir", "A /dir/z", "C /etc/conf", "D /keep", "A /new", "A /new/sub", "A /new/sub/file"], changes.Select(c => c.ToString()));
    }

    [Fact]
    public void OverlayLayer_AddUnderUnchangedDirectory_ReportsTheParentAsModified()
    {
        var lower = Dir("lower");
        Write(lower, "usr/bin/a", "a");
        var upper = Dir("upper");
        Write(upper, "usr/bin/b", "b");
        foreach (var d in new[] { "usr", "usr/bin" })
        {
            Directory.SetLastWriteTimeUtc(Path.Combine(lower, d), Fixed);
            Directory.SetLastWriteTimeUtc(Path.Combine(upper, d), Fixed);
        }

        var changes = LayerChanges.OverlayLayer(upper, FileTree.FromOverlayLayers([lower], attributes: false, CancellationToken.None), CancellationToken.None);

        Assert.Equal(["C /usr", "C /usr/bin", "A /usr/bin/b"], changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Compare_TwoTrees_ReportsChangedAddedAndTopMostDeleted()
    {
        var from = Dir("from");
        Write(from, "a", "1");
        Write(from, "b", "2");
        Write(from, "d/x", "x");
        var to = Dir("to");
        Write(to, "a", "1");
        Write(to, "b", "22");
        Write(to, "c/y", "y");

        var changes = LayerChanges.Compare(FileTree.FromDirectory(from, CancellationToken.None), FileTree.FromDirectory(to, CancellationToken.None));

        Assert.Equal(["C /b", "A /c", "A /c/y", "D /d"], changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Compare_FromEmpty_EverythingIsAdded()
    {
        var to = Dir("to");
        Write(to, "bin/sh", "sh");

        var changes = LayerChanges.Compare(FileTree.Empty(), FileTree.FromDirectory(to, CancellationToken.None));

        Assert.Equal([new FileChange("/bin", FileChangeKind.Add), new FileChange("/bin/sh", FileChangeKind.Add)], changes);
    }

    [Fact]
    public void FromOverlayLayers_WhiteoutAndOpaque_HideLowerEntries()
    {
        var bottom = Dir("bottom");
        Write(bottom, "gone", "g");
        Write(bottom, "dir/old", "o");
        Write(bottom, "kept", "k");
        var top = Dir("top");
        Whiteout(top, "gone");
        Directory.CreateDirectory(Path.Combine(top, "dir"));
        UnixFileSystem.SetExtendedAttribute(Path.Combine(top, "dir"), "trusted.overlay.opaque", "y"u8);
        Write(top, "dir/new", "n");

        var tree = FileTree.FromOverlayLayers([top, bottom], attributes: true, CancellationToken.None);

        Assert.Null(tree.Find("/gone"));
        Assert.Null(tree.Find("/dir/old"));
        Assert.NotNull(tree.Find("/dir/new"));
        Assert.NotNull(tree.Find("/kept"));
        Assert.Empty(tree.Find("/dir")!.Attributes);
    }
}
