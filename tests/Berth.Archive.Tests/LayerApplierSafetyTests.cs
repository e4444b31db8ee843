using Berth.Archive.Tar;
using Berth.Platform;

namespace Berth.Archive.Tests;

/// <summary>Hostile layers: each test proves the refusal (or containment) and that nothing outside the target changed.</summary>
public class LayerApplierSafetyTests
{
    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("../canary/victim")]
    [InlineData("./../canary/pwned")]
    [InlineData("..")]
    public async Task ApplyAsync_NameClimbingAboveRoot_Refused(string name)
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File(name, "pwned").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Equal($"layer entry \"{name}\" points outside the layer: refusing to apply it", e.Message);
        box.AssertOutsideUnchanged();
    }

    [Theory]
    [InlineData(WhiteoutFormat.Vfs)]
    [InlineData(WhiteoutFormat.Overlay)]
    public async Task ApplyAsync_WhiteoutClimbingAboveRoot_Refused(WhiteoutFormat format)
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("../canary/.wh.victim", "").ToArray();

        await Apply.RefusedAsync(tar, box.Target, new LayerApplyOptions { Whiteouts = format });

        Assert.True(File.Exists(Path.Combine(box.Canary, "victim")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_AbsoluteName_TakenFromTheTargetRoot()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("/etc/x", "inside").File("/../../etc/y", "inside too").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("inside", File.ReadAllText(box.InTarget("etc/x")));
        Assert.Equal("inside too", File.ReadAllText(box.InTarget("etc/y")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_FileThroughSymlinkToRoot_LandsInsideTarget()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Directory("etc/").Symlink("link", "/").File("link/etc/passwd", "root:x:0:0").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("root:x:0:0", File.ReadAllText(box.InTarget("etc/passwd")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_FileThroughAbsoluteSymlinkToHostDirectory_NeverReachesIt()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Symlink("link", box.Canary).File("link/victim", "pwned").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("\"link/victim\"", e.Message, StringComparison.Ordinal);
        box.AssertOutsideUnchanged();
    }

    [Theory]
    [InlineData("link", "../..")]
    [InlineData("link", "..")]
    [InlineData("a/b/link", "../../../canary")]
    [InlineData("a/link", "x/../../..")]
    public async Task ApplyAsync_RelativeSymlinkClimbingAboveRoot_Refused(string name, string target)
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Symlink(name, target).File(name + "/canary/victim", "pwned").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Equal($"layer entry \"{name}\" is a symbolic link to \"{target}\", which points outside the layer: refusing to apply it", e.Message);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_RelativeSymlinkStayingInside_Allowed()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Symlink("a/b/up", "../..").File("a/b/up/top", "t").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("t", File.ReadAllText(box.InTarget("top")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_EscapingSymlinkFromLowerLayer_ResolvedInsideTarget()
    {
        using var box = new Sandbox();
        // A lower layer (or anything else) left links that climb out; they are resolved as in a chroot.
        File.CreateSymbolicLink(box.InTarget("rel"), "../../../../canary");
        File.CreateSymbolicLink(box.InTarget("abs"), box.Canary);
        File.CreateSymbolicLink(box.InTarget("root"), "../../../..");
        var tar = new TarBuilder().File("root/victim", "lands at the target root").ToArray();

        await Apply.TarAsync(tar, box.Target);
        await Apply.RefusedAsync(new TarBuilder().File("rel/victim", "pwned").ToArray(), box.Target);
        await Apply.RefusedAsync(new TarBuilder().File("abs/victim", "pwned").ToArray(), box.Target);
        await Apply.RefusedAsync(new TarBuilder().CharDevice("abs/null", 1, 3).ToArray(), box.Target);

        Assert.Equal("lands at the target root", File.ReadAllText(box.InTarget("victim")));
        box.AssertOutsideUnchanged();
    }

    [Theory]
    [InlineData("../../outside.txt")]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    public async Task ApplyAsync_HardLinkClimbingAboveRoot_Refused(string target)
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().HardLink("stolen", target).ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Equal($"layer entry \"stolen\" is a hard link to \"{target}\", which points outside the layer: refusing to apply it", e.Message);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_HardLinkToAbsoluteHostPath_ResolvedInsideTargetAndRefusedWhenMissing()
    {
        using var box = new Sandbox();
        var before = UnixStat.Of("/etc/passwd").LinkCount;

        var e1 = await Apply.RefusedAsync(new TarBuilder().HardLink("passwd", "/etc/passwd").ToArray(), box.Target);
        var e2 = await Apply.RefusedAsync(new TarBuilder().HardLink("outside", box.OutsideFile).ToArray(), box.Target);

        Assert.Contains("which is not in the layer", e1.Message, StringComparison.Ordinal);
        Assert.Contains("which is not in the layer", e2.Message, StringComparison.Ordinal);
        Assert.Equal(before, UnixStat.Of("/etc/passwd").LinkCount);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_HardLinkToDirectory_Refused()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Directory("d/").HardLink("h", "d").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("hard link to the directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_HardLinkThroughSymlinkedDirectory_ResolvedInsideTarget()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Symlink("dir", box.Canary).HardLink("stolen", "dir/victim").ToArray();

        await Apply.RefusedAsync(tar, box.Target);

        Assert.False(UnixStat.Exists(box.InTarget("stolen")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_SymlinkThenDirectoryOfSameName_ReplacesTheLink()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Symlink("d", box.Canary).Directory("d/", mode: 0b111_000_000).File("d/victim", "inside").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal(UnixFileKind.Directory, UnixStat.Of(box.InTarget("d")).Kind);
        Assert.Equal("inside", File.ReadAllText(box.InTarget("d/victim")));
        box.AssertOutsideUnchanged();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ApplyAsync_FileOverExistingSymlinkPointingOutside_ReplacesTheLink(bool linkFromSameLayer)
    {
        using var box = new Sandbox();
        var builder = new TarBuilder();
        if (linkFromSameLayer)
        {
            builder.Symlink("x", box.OutsideFile);
        }
        else
        {
            File.CreateSymbolicLink(box.InTarget("x"), box.OutsideFile);
        }

        builder.File("x", "new content", mode: 0b111_111_111, uid: 1, gid: 1);

        await Apply.TarAsync(builder.ToArray(), box.Target);

        Assert.Equal(UnixFileKind.Regular, UnixStat.Of(box.InTarget("x")).Kind);
        Assert.Equal("new content", File.ReadAllText(box.InTarget("x")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_MetadataOnlyEntriesOverOutsideSymlink_NeverTouchTheTarget()
    {
        using var box = new Sandbox();
        // A directory entry over a symlink to a host directory must not chmod/chown the host directory.
        File.CreateSymbolicLink(box.InTarget("d"), box.Canary);
        File.CreateSymbolicLink(box.InTarget("f"), box.OutsideFile);
        var tar = new TarBuilder()
            .Directory("d/", mode: 0b000_000_000, uid: 999, gid: 999, mtime: 1)
            .HardLink("h", "f", mode: 0b111_111_111, uid: 999, gid: 999, mtime: 1)
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal(UnixFileKind.Directory, UnixStat.Of(box.InTarget("d")).Kind);
        Assert.Equal(UnixFileKind.SymbolicLink, UnixStat.Of(box.InTarget("h")).Kind);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_DeepSymlinkChains_ResolvedInsideOrRefused()
    {
        using var box = new Sandbox();
        var builder = new TarBuilder();
        for (var i = 0; i < 30; i++)
        {
            builder.Symlink($"chain/l{i}", $"/chain/l{i + 1}");
        }

        builder.Symlink("chain/l30", box.Canary);
        builder.File("chain/l0/victim", "pwned");

        await Apply.RefusedAsync(builder.ToArray(), box.Target);

        var loop = new TarBuilder().Symlink("loop/a", "b").Symlink("loop/b", "a").File("loop/a/victim", "pwned").ToArray();
        await Apply.RefusedAsync(loop, box.Target);

        var dots = new TarBuilder()
            .Symlink("x/up", "/../../../..")
            .Symlink("x/again", "/x/up/x/up/x/up/../../..")
            .File("x/again/victim", "inside")
            .ToArray();
        await Apply.TarAsync(dots, box.Target);

        Assert.Equal("inside", File.ReadAllText(box.InTarget("victim")));
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_DeviceNodesThroughSymlinks_StayInsideTarget()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .Directory("dev/")
            .Symlink("devlink", "/dev")
            .CharDevice("devlink/null", 1, 3)
            .Symlink("escape", box.Canary)
            .BlockDevice("escape/sda", 8, 0)
            .ToArray();

        await Apply.RefusedAsync(tar, box.Target);

        Assert.Equal(UnixFileKind.CharacterDevice, UnixStat.Of(box.InTarget("dev/null")).Kind);
        box.AssertOutsideUnchanged();
    }

    [Theory]
    [InlineData(WhiteoutFormat.Vfs)]
    [InlineData(WhiteoutFormat.Overlay)]
    public async Task ApplyAsync_WhiteoutsThroughSymlinks_NeverDeleteOutside(WhiteoutFormat format)
    {
        using var box = new Sandbox();
        File.CreateSymbolicLink(box.InTarget("link"), box.Canary);
        var options = new LayerApplyOptions { Whiteouts = format };

        await Apply.TarAsync(new TarBuilder().File("link/.wh.victim", "").ToArray(), box.Target, options);
        await Apply.TarAsync(new TarBuilder().File("link/.wh.sub", "").ToArray(), box.Target, options);
        try
        {
            await Apply.TarAsync(new TarBuilder().File("link/.wh..wh..opq", "").ToArray(), box.Target, options);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
        }

        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_OpaqueMarkerInSymlinkedDirectory_DoesNotEmptyTheLinkTarget()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("usr/lib"));
        File.WriteAllText(box.InTarget("usr/lib/libc.so"), "lower");
        File.CreateSymbolicLink(box.InTarget("lib"), "usr/lib");

        File.CreateSymbolicLink(box.InTarget("dangling"), "/nowhere");

        await Apply.TarAsync(new TarBuilder().File("lib/.wh..wh..opq", "").File("dangling/.wh..wh..opq", "").ToArray(), box.Target);

        Assert.True(UnixStat.Exists(box.InTarget("usr/lib/libc.so")));
        Assert.Equal(UnixFileKind.SymbolicLink, UnixStat.Of(box.InTarget("dangling")).Kind);
    }

    [Fact]
    public async Task ApplyAsync_NulInPaxPath_Refused()
    {
        using var box = new Sandbox();
        // Too long for a ustar prefix split, so the name travels in a PAX path record, NUL and all.
        var name = new string('a', 300) + "/..\0/x";
        var tar = await OwnTar.BuildAsync(new TarHeader { Name = name, Kind = TarEntryKind.Directory, Mode = 0b111_101_101 }, []);

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task ApplyAsync_RootReplacedByFile_Refused()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("./", "not a directory").ToArray();

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("root directory", e.Message, StringComparison.Ordinal);
        Assert.Equal(UnixFileKind.Directory, UnixStat.Of(box.Target).Kind);
        box.AssertOutsideUnchanged();
    }
}
