using Berth.Build.Copy;
using Berth.Platform;

namespace Berth.Build.Tests.Copy;

/// <summary>Hostile root file systems, contexts and archives: nothing is ever written (or read) outside its root.</summary>
public sealed class CopySafetyTests : IDisposable
{
    private static readonly string Archives = Path.Combine(AppContext.BaseDirectory, "Copy", "Golden", "podman-4.3", "archives");
    private readonly CopySandbox _box = new();

    public CopySafetyTests()
    {
        _box.ContextFile("file.txt", "hello\n");
    }

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task CopyAsync_DestinationThroughClimbingSymlink_StaysInsideRootfs()
    {
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "app"), "../../../../../..");

        await _box.CopyAsync("/app/x", null, "file.txt");

        Assert.Equal("hello\n", _box.Read("/x"));
        Assert.Equal(["/canary", "/canary/keep"], _box.Outside());
    }

    [Fact]
    public async Task CopyAsync_DestinationThroughAbsoluteSymlinkToHostDirectory_StaysInsideRootfs()
    {
        // /etc -> the canary's absolute host path: inside the root it names rootfs/<that path>.
        Directory.Delete(Path.Combine(_box.Rootfs, "etc"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "etc"), _box.Canary);

        await _box.CopyAsync("/etc/keep", null, "file.txt");

        Assert.Equal("canary\n", File.ReadAllText(Path.Combine(_box.Canary, "keep")));
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(_box.Rootfs, _box.Canary.TrimStart('/'), "keep")));
        Assert.Equal(["/canary", "/canary/keep"], _box.Outside());
    }

    [Fact]
    public async Task CopyAsync_DestinationIsSymlinkToHostFile_NeverWritesTheHostFile()
    {
        // Inside the root the link dangles: as buildah, its target is made a directory there, and the file lands in it.
        var outside = Path.Combine(_box.Canary, "keep");
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "x"), outside);

        await _box.CopyAsync("/x", null, "file.txt");

        Assert.Equal(UnixFileKind.SymbolicLink, _box.Stat("/x").Kind);
        Assert.Equal("hello\n", _box.Read(outside + "/file.txt"));
        Assert.Equal("canary\n", File.ReadAllText(outside));
        Assert.Equal(["/canary", "/canary/keep"], _box.Outside());
    }

    [Fact]
    public async Task CopyAsync_DestinationIsSymlinkToImageFile_ReplacesTheLinkNotTheFile()
    {
        // podman 4.3.1: COPY a /bin/sh (a link to busybox) replaces the link; busybox is untouched.
        _box.RootFile("bin/busybox", "binary\n");
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "bin/sh"), "busybox");

        await _box.CopyAsync("/bin/sh", null, "file.txt");

        Assert.Equal(UnixFileKind.Regular, _box.Stat("/bin/sh").Kind);
        Assert.Equal("hello\n", _box.Read("/bin/sh"));
        Assert.Equal("binary\n", _box.Read("/bin/busybox"));
    }

    [Fact]
    public async Task CopyAsync_DirectoryOverImageSymlinkSubdirectory_ReplacesTheLink()
    {
        // The image has /d/sub -> the canary; copying a tree with sub/ must not write through it.
        Directory.CreateDirectory(Path.Combine(_box.Rootfs, "d"));
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "d/sub"), _box.Canary);
        _box.ContextFile("tree/sub/keep", "mine\n");

        await _box.CopyAsync("/d", null, "tree");

        Assert.Equal(UnixFileKind.Directory, _box.Stat("/d/sub").Kind);
        Assert.Equal("mine\n", _box.Read("/d/sub/keep"));
        Assert.Equal("canary\n", File.ReadAllText(Path.Combine(_box.Canary, "keep")));
    }

    [Fact]
    public async Task CopyAsync_SourceSymlinkToHostFile_IsResolvedInsideTheContext()
    {
        // A context symlink to an absolute host path names that path inside the context: missing, so nothing is read.
        File.CreateSymbolicLink(Path.Combine(_box.Context, "steal"), Path.Combine(_box.Canary, "keep"));

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/x", null, "steal"));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Null(_box.TryStat("/x"));
    }

    [Fact]
    public async Task CopyAsync_SourceSymlinkClimbingOut_IsResolvedInsideTheContext()
    {
        File.CreateSymbolicLink(Path.Combine(_box.Context, "up"), "../../../../canary/keep");

        await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/x", null, "up"));
        Assert.Null(_box.TryStat("/x"));
    }

    [Fact]
    public async Task CopyAsync_DirectoryWithLinksOut_CopiesLinksNotTargets()
    {
        _box.ContextFile("tree/ok", "ok\n");
        File.CreateSymbolicLink(Path.Combine(_box.Context, "tree/out"), _box.Canary);
        File.CreateSymbolicLink(Path.Combine(_box.Context, "tree/up"), "../../..");

        await _box.CopyAsync("/t/", null, "tree");

        Assert.Equal(_box.Canary, new FileInfo(_box.InRootfs("/t/out")).LinkTarget);
        Assert.Equal("../../..", new FileInfo(_box.InRootfs("/t/up")).LinkTarget);
        Assert.Equal(UnixFileKind.SymbolicLink, _box.Stat("/t/out").Kind);
    }

    [Theory]
    [InlineData("linkout.tar")]
    [InlineData("abslinkout.tar")]
    [InlineData("hardout.tar")]
    public async Task AddAsync_ArchiveReachingOut_FailsAndWritesNothingOutside(string archive)
    {
        File.Copy(Path.Combine(Archives, archive), Path.Combine(_box.Context, archive));

        await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/z/", new CopyOptions { IsAdd = true }, archive));

        Assert.Equal(["/canary", "/canary/keep"], _box.Outside());
        Assert.Null(_box.TryStat("/etc/pwned"));
        Assert.Null(_box.TryStat("/tmp"));
    }

    [Fact]
    public async Task AddAsync_ArchiveWithDotDotAndAbsoluteNames_LandsInsideTheDestination()
    {
        File.Copy(Path.Combine(Archives, "dotdot.tar"), Path.Combine(_box.Context, "dotdot.tar"));
        File.Copy(Path.Combine(Archives, "abs.tar"), Path.Combine(_box.Context, "abs.tar"));

        await _box.CopyAsync("/dd/", new CopyOptions { IsAdd = true }, "dotdot.tar", "abs.tar");

        Assert.Equal("e\n", _box.Read("/dd/escape"));
        Assert.Equal("a\n", _box.Read("/dd/absfile"));
        Assert.Null(_box.TryStat("/escape"));
        Assert.Null(_box.TryStat("/absfile"));
    }

    [Fact]
    public async Task AddAsync_ArchiveSymlinkThenEntryThroughIt_ResolvesInsideTheDestination()
    {
        // A relative link inside the destination is followed there (buildah's chroot does the same).
        var tar = await TarFiles.BuildAsync(w =>
        {
            w.Symlink("lib", "usr/lib");
            w.Directory("usr/lib");
            w.File("lib/x.so", "so\n");
        });
        await File.WriteAllBytesAsync(Path.Combine(_box.Context, "links.tar"), tar);

        await _box.CopyAsync("/opt/", new CopyOptions { IsAdd = true }, "links.tar");

        Assert.Equal("so\n", _box.Read("/opt/usr/lib/x.so"));
        Assert.Equal(UnixFileKind.SymbolicLink, _box.Stat("/opt/lib").Kind);
    }

    [Fact]
    public async Task CopyAsync_DanglingSymlinkDestination_MakesItsTargetDirectoryInsideRootfs()
    {
        // podman 4.3.1: RUN ln -s /nowhere /dl; COPY a /dl  →  /nowhere/a (the link is kept).
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "dl"), "/nowhere");

        await _box.CopyAsync("/dl", null, "file.txt");

        Assert.Equal(UnixFileKind.SymbolicLink, _box.Stat("/dl").Kind);
        Assert.Equal("hello\n", _box.Read("/nowhere/file.txt"));
        Assert.Equal(["/canary", "/canary/keep"], _box.Outside());
    }

    [Fact]
    public async Task CopyAsync_SymlinkLoopInDestination_FailsClearly()
    {
        File.CreateSymbolicLink(Path.Combine(_box.Rootfs, "loop"), "loop");

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/loop/x", null, "file.txt"));

        Assert.Contains("symbolic links", e.Message, StringComparison.Ordinal);
    }
}
