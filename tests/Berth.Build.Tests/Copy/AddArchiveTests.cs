using Berth.Build.Copy;
using Berth.Platform;

namespace Berth.Build.Tests.Copy;

/// <summary>ADD of local archives beyond the golden recording.</summary>
public sealed class AddArchiveTests : IDisposable
{
    private static readonly CopyOptions Add = new() { IsAdd = true };
    private readonly CopySandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task CopyAsync_ArchiveRootEntry_SetsTheDestinationsModeAndTime()
    {
        // A tar made with `tar -C dir -cf x.tar .` holds "./": buildah's put applies it to the destination directory.
        await Archive("root.tar", w =>
        {
            w.Directory("./", (UnixFileMode)0b111_000_000, mtime: CopySandbox.Utc(2001));
            w.File("./f", "f\n");
        });

        await _box.CopyAsync("/r/", Add, "root.tar");

        Assert.Equal(0b111_000_000u, _box.Stat("/r").Permissions);
        Assert.Equal(CopySandbox.Utc(2001).ToUnixTimeSeconds(), _box.Stat("/r").ModificationTime.Seconds);
        Assert.Equal("f\n", _box.Read("/r/f"));
    }

    [Fact]
    public async Task CopyAsync_ArchiveWithCopy_IsCopiedAsAFile()
    {
        await Archive("a.tar", w => w.File("inside", "x"));

        await _box.CopyAsync("/c/", null, "a.tar");

        Assert.Equal(UnixFileKind.Regular, _box.Stat("/c/a.tar").Kind);
        Assert.Null(_box.TryStat("/c/inside"));
    }

    [Fact]
    public async Task CopyAsync_ArchiveHardLinks_JoinEntriesInsideTheDestination()
    {
        await Archive("links.tar", w =>
        {
            w.File("dir/original", "data\n");
            w.HardLink("dir/again", "dir/original");
            w.HardLink("climbing", "../../dir/original");
        });

        await _box.CopyAsync("/l/", Add, "links.tar");

        Assert.Equal(_box.Stat("/l/dir/original").Inode, _box.Stat("/l/dir/again").Inode);
        Assert.Equal(_box.Stat("/l/dir/original").Inode, _box.Stat("/l/climbing").Inode);
    }

    [Fact]
    public async Task CopyAsync_ArchiveHardLinkToDirectory_FailsClearly()
    {
        await Archive("dirlink.tar", w =>
        {
            w.Directory("d");
            w.HardLink("h", "d");
        });

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/h/", Add, "dirlink.tar"));

        Assert.Contains("hard link target", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyAsync_ArchiveOverExistingFile_ReplacesIt()
    {
        _box.RootFile("o/top/f", "old");
        await Archive("new.tar", w => w.File("top/f", "new"));

        await _box.CopyAsync("/o", Add, "new.tar");

        Assert.Equal("new", _box.Read("/o/top/f"));
    }

    [Fact]
    public async Task CopyAsync_CorruptCompressedArchive_IsCopiedAsAFile()
    {
        // gzip magic, then garbage: not an archive (as buildah's isArchivePath), so it is copied as it is.
        _box.ContextFile("broken.tar.gz", "\u001f\u008b\u0008garbage");

        await _box.CopyAsync("/b/", Add, "broken.tar.gz");

        Assert.Equal(UnixFileKind.Regular, _box.Stat("/b/broken.tar.gz").Kind);
    }

    [Fact]
    public async Task CopyAsync_TruncatedArchive_FailsAsCorrupt()
    {
        var tar = await TarFiles.BuildAsync(w => w.File("big", new string('x', 10_000)));
        await File.WriteAllBytesAsync(Path.Combine(_box.Context, "cut.tar"), tar.AsSpan(0, 2048).ToArray());

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/t/", Add, "cut.tar"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyAsync_FifoSource_GoesIntoTheDestinationAsADirectory()
    {
        // buildah: a source that is neither a file nor a directory makes the destination a directory.
        UnixFileSystem.CreateNode(Path.Combine(_box.Context, "pipe"), UnixFileKind.Fifo, 0b110_100_100);

        await _box.CopyAsync("/p", null, "pipe");

        Assert.Equal(UnixFileKind.Fifo, _box.Stat("/p/pipe").Kind);
    }

    private async Task Archive(string name, Action<TarFiles> build) =>
        await File.WriteAllBytesAsync(Path.Combine(_box.Context, name), await TarFiles.BuildAsync(build));
}
