using Berth.Platform;

namespace Berth.Archive.Tests;

public class LayerApplierWhiteoutTests
{
    [Fact]
    public async Task ApplyAsync_VfsWhiteout_DeletesLowerFileAndDirectoryTree()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("etc/old.d/deep"));
        File.WriteAllText(box.InTarget("etc/old.d/deep/f"), "lower");
        File.WriteAllText(box.InTarget("etc/motd"), "lower");
        File.WriteAllText(box.InTarget("etc/keep"), "lower");
        var tar = new TarBuilder().File("etc/.wh.motd", "").File("etc/.wh.old.d", "").ToArray();

        var result = await Apply.TarAsync(tar, box.Target);

        Assert.Equal(2, result.Entries);
        Assert.False(UnixStat.Exists(box.InTarget("etc/motd")));
        Assert.False(UnixStat.Exists(box.InTarget("etc/old.d")));
        Assert.True(UnixStat.Exists(box.InTarget("etc/keep")));
        Assert.False(UnixStat.Exists(box.InTarget("etc/.wh.motd")));
    }

    [Fact]
    public async Task ApplyAsync_VfsWhiteoutOfSymlink_RemovesTheLinkNotItsTarget()
    {
        using var box = new Sandbox();
        File.WriteAllText(box.InTarget("real"), "stays");
        File.CreateSymbolicLink(box.InTarget("link"), "real");
        var tar = new TarBuilder().File(".wh.link", "").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.False(UnixStat.Exists(box.InTarget("link")));
        Assert.Equal("stays", File.ReadAllText(box.InTarget("real")));
    }

    [Fact]
    public async Task ApplyAsync_VfsWhiteoutInMissingDirectory_CreatesNothing()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("gone/.wh.x", "").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.False(UnixStat.Exists(box.InTarget("gone")));
    }

    [Fact]
    public async Task ApplyAsync_VfsOpaqueDirectory_RemovesLowerContentKeepsThisLayers()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("opt/app/sub"));
        File.WriteAllText(box.InTarget("opt/app/lower1"), "lower");
        File.WriteAllText(box.InTarget("opt/app/sub/lower2"), "lower");
        File.WriteAllText(box.InTarget("opt/sibling"), "lower, outside the opaque dir");
        var tar = new TarBuilder()
            .Directory("opt/app/")
            .File("opt/app/before", "written before the marker")
            .Directory("opt/app/sub/")
            .File("opt/app/.wh..wh..opq", "")
            .File("opt/app/after", "written after the marker")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.False(UnixStat.Exists(box.InTarget("opt/app/lower1")));
        Assert.False(UnixStat.Exists(box.InTarget("opt/app/sub/lower2")));
        Assert.True(UnixStat.Exists(box.InTarget("opt/app/sub")));
        Assert.Equal("written before the marker", File.ReadAllText(box.InTarget("opt/app/before")));
        Assert.Equal("written after the marker", File.ReadAllText(box.InTarget("opt/app/after")));
        Assert.True(UnixStat.Exists(box.InTarget("opt/sibling")));
        Assert.False(UnixStat.Exists(box.InTarget("opt/app/.wh..wh..opq")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyAsync_VfsWhiteoutAndReAddInSameLayer_NewContentStays(bool whiteoutFirst)
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("srv/data"));
        File.WriteAllText(box.InTarget("srv/data/lower"), "lower");
        var builder = new TarBuilder();
        if (whiteoutFirst)
        {
            builder.File("srv/.wh.data", "");
        }

        builder.File("srv/data", "a file now");
        if (!whiteoutFirst)
        {
            builder.File("srv/.wh.data", "");
        }

        await Apply.TarAsync(builder.ToArray(), box.Target);

        Assert.Equal("a file now", File.ReadAllText(box.InTarget("srv/data")));
    }

    [Fact]
    public async Task ApplyAsync_OverlayWhiteout_BecomesCharDeviceZeroZeroWithOwner()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("etc/.wh.motd", "", mode: 0, uid: 12, gid: 34, mtime: 1_500_000_000).ToArray();

        await Apply.OverlayAsync(tar, box.Target);

        var motd = UnixStat.Of(box.InTarget("etc/motd"));
        Assert.Equal((UnixFileKind.CharacterDevice, 0u, 0u), (motd.Kind, motd.RDevMajor, motd.RDevMinor));
        Assert.Equal((12u, 34u, 1_500_000_000L), (motd.Uid, motd.Gid, motd.ModificationTime.Seconds));
        Assert.False(UnixStat.Exists(box.InTarget("etc/.wh.motd")));
        Assert.Equal(0b111_101_101u, UnixStat.Of(box.InTarget("etc")).Permissions);
    }

    [Fact]
    public async Task ApplyAsync_OverlayOpaque_SetsTrustedOverlayOpaque()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Directory("var/cache/").File("var/cache/.wh..wh..opq", "").File("var/cache/new", "n").ToArray();

        await Apply.OverlayAsync(tar, box.Target);

        Assert.Equal("y"u8.ToArray(), UnixStat.Xattr(box.InTarget("var/cache"), "trusted.overlay.opaque"));
        Assert.False(UnixStat.Exists(box.InTarget("var/cache/.wh..wh..opq")));
        Assert.Equal("n", File.ReadAllText(box.InTarget("var/cache/new")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyAsync_OverlayWhiteoutAndReAddInSameLayer_NewContentStays(bool whiteoutFirst)
    {
        using var box = new Sandbox();
        var builder = new TarBuilder();
        if (whiteoutFirst)
        {
            builder.File(".wh.app", "");
        }

        builder.Directory("app/").File("app/x", "x");
        if (!whiteoutFirst)
        {
            builder.File(".wh.app", "");
        }

        await Apply.OverlayAsync(builder.ToArray(), box.Target);

        Assert.Equal(UnixFileKind.Directory, UnixStat.Of(box.InTarget("app")).Kind);
        Assert.Equal("x", File.ReadAllText(box.InTarget("app/x")));
    }

    [Fact]
    public async Task ApplyAsync_OverlayWhiteoutBelowWhiteout_Ignored()
    {
        using var box = new Sandbox();
        // "rm -rf /foo" as some tools write it: the directory's whiteout, then one inside it.
        var tar = new TarBuilder().File(".wh.foo", "").File("foo/.wh.bar", "").ToArray();

        await Apply.OverlayAsync(tar, box.Target);

        Assert.Equal(UnixFileKind.CharacterDevice, UnixStat.Of(box.InTarget("foo")).Kind);
    }

    [Theory]
    [InlineData(".wh..")]
    [InlineData("dir/.wh...")]
    [InlineData(".wh.")]
    public async Task ApplyAsync_WhiteoutOfDotNames_Refused(string name)
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("dir"));
        File.WriteAllText(box.InTarget("dir/f"), "x");
        var tar = new TarBuilder().File(name, "").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("refusing to apply it", e.Message, StringComparison.Ordinal);
        Assert.True(UnixStat.Exists(box.InTarget("dir/f")));
        box.AssertOutsideUnchanged();
    }
}
