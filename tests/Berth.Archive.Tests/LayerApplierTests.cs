using System.Security.Cryptography;
using System.Text;
using Berth.Archive.Tar;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Archive.Tests;

public class LayerApplierTests
{
    [Fact]
    public async Task ApplyAsync_RegularFiles_ContentModeOwnerAndTimesExact()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .Directory("usr/", mtime: 1_500_000_000)
            .Directory("usr/bin/", mtime: 1_500_000_001)
            .File("usr/bin/su", "setuid binary", mode: 0b100_111_101_101, uid: 0, gid: 0, mtime: 1_234_567_890)
            .File("usr/bin/wall", "setgid", mode: 0b010_111_101_101, uid: 0, gid: 5, mtime: 1_234_567_891)
            .File("home/user/notes", "hello", mode: 0b110_000_000, uid: 1000, gid: 1001, mtime: 1_000_000_000)
            .Directory("tmp/", mode: 0b001_111_111_111)
            .ToArray();

        var result = await Apply.TarAsync(tar, box.Target);

        Assert.Equal(6, result.Entries);
        var su = UnixStat.Of(box.InTarget("usr/bin/su"));
        Assert.Equal(UnixFileKind.Regular, su.Kind);
        Assert.Equal(0b100_111_101_101u, su.Permissions);
        Assert.Equal(1_234_567_890, su.ModificationTime.Seconds);
        Assert.Equal("setuid binary", File.ReadAllText(box.InTarget("usr/bin/su")));
        var wall = UnixStat.Of(box.InTarget("usr/bin/wall"));
        Assert.Equal(0b010_111_101_101u, wall.Permissions);
        Assert.Equal(5u, wall.Gid);
        var notes = UnixStat.Of(box.InTarget("home/user/notes"));
        Assert.Equal((1000u, 1001u, 0b110_000_000u), (notes.Uid, notes.Gid, notes.Permissions));
        Assert.Equal(1_000_000_000, notes.ModificationTime.Seconds);
        Assert.Equal(1_000_000_000, notes.AccessTime.Seconds);
        Assert.Equal(0b001_111_111_111u, UnixStat.Of(box.InTarget("tmp")).Permissions);
    }

    [Fact]
    public async Task ApplyAsync_DirectoryTimes_RestoredAfterChildrenAreWritten()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .Directory("etc/", mtime: 1_111_111_111)
            .File("etc/hosts", "127.0.0.1 localhost\n", mtime: 1_222_222_222)
            .Directory("etc/ssl/", mtime: 1_333_333_333)
            .File("etc/ssl/cert", "x")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal(1_111_111_111, UnixStat.Of(box.InTarget("etc")).ModificationTime.Seconds);
        Assert.Equal(1_333_333_333, UnixStat.Of(box.InTarget("etc/ssl")).ModificationTime.Seconds);
        Assert.Equal(1_222_222_222, UnixStat.Of(box.InTarget("etc/hosts")).ModificationTime.Seconds);
    }

    [Fact]
    public async Task ApplyAsync_MissingParents_CreatedWithMode0755()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("a/b/c/file", "deep").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("deep", File.ReadAllText(box.InTarget("a/b/c/file")));
        Assert.Equal(0b111_101_101u, UnixStat.Of(box.InTarget("a/b")).Permissions);
    }

    [Fact]
    public async Task ApplyAsync_ExistingDirectory_KeptWithContentAndMetadataUpdated()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("data"));
        File.WriteAllText(box.InTarget("data/lower"), "from a lower layer");
        var tar = new TarBuilder()
            .Directory("data/", mode: 0b111_000_000, uid: 33, gid: 44, mtime: 1_400_000_000)
            .File("data/upper", "new")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("from a lower layer", File.ReadAllText(box.InTarget("data/lower")));
        Assert.Equal("new", File.ReadAllText(box.InTarget("data/upper")));
        var data = UnixStat.Of(box.InTarget("data"));
        Assert.Equal((33u, 44u, 0b111_000_000u, 1_400_000_000L), (data.Uid, data.Gid, data.Permissions, data.ModificationTime.Seconds));
    }

    [Fact]
    public async Task ApplyAsync_ExistingFileAndDirectory_ReplacedByOtherKinds()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(box.InTarget("was-dir/sub"));
        File.WriteAllText(box.InTarget("was-dir/sub/f"), "lower");
        File.WriteAllText(box.InTarget("was-file"), "lower");
        var tar = new TarBuilder()
            .File("was-dir", "now a file")
            .Directory("was-file/")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("now a file", File.ReadAllText(box.InTarget("was-dir")));
        Assert.Equal(UnixFileKind.Directory, UnixStat.Of(box.InTarget("was-file")).Kind);
    }

    [Fact]
    public async Task ApplyAsync_Symlink_TargetOwnerAndTimesOfTheLinkItself()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .File("bin/busybox", "bb")
            .Symlink("bin/sh", "busybox", uid: 7, gid: 8, mtime: 1_300_000_000)
            .Symlink("lib", "/usr/lib")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("busybox", new FileInfo(box.InTarget("bin/sh")).LinkTarget);
        Assert.Equal("/usr/lib", new FileInfo(box.InTarget("lib")).LinkTarget);
        var sh = UnixStat.Of(box.InTarget("bin/sh"));
        Assert.Equal((UnixFileKind.SymbolicLink, 7u, 8u, 1_300_000_000L), (sh.Kind, sh.Uid, sh.Gid, sh.ModificationTime.Seconds));
    }

    [Fact]
    public async Task ApplyAsync_HardLinks_ShareTheInodeOfLayerAndLowerFiles()
    {
        using var box = new Sandbox();
        File.WriteAllText(box.InTarget("lower-file"), "lower");
        var tar = new TarBuilder()
            .File("usr/bin/perl", "interpreter", mode: 0b111_101_101)
            .HardLink("usr/bin/perl5.36", "usr/bin/perl", mode: 0b111_101_101)
            .HardLink("to-lower", "/lower-file")
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        var perl = UnixStat.Of(box.InTarget("usr/bin/perl"));
        var perl536 = UnixStat.Of(box.InTarget("usr/bin/perl5.36"));
        Assert.Equal(perl.Inode, perl536.Inode);
        Assert.Equal(2u, perl.LinkCount);
        Assert.Equal(UnixStat.Of(box.InTarget("lower-file")).Inode, UnixStat.Of(box.InTarget("to-lower")).Inode);
    }

    [Fact]
    public async Task ApplyAsync_DevicesAndFifo_CreatedWithNumbersAndModes()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .CharDevice("dev/null", 1, 3, mode: 0b110_110_110)
            .CharDevice("dev/big", 300, 70000)
            .BlockDevice("dev/sda1", 8, 1)
            .Fifo("run/fifo", mode: 0b110_000_000)
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        var nul = UnixStat.Of(box.InTarget("dev/null"));
        Assert.Equal((UnixFileKind.CharacterDevice, 1u, 3u, 0b110_110_110u), (nul.Kind, nul.RDevMajor, nul.RDevMinor, nul.Permissions));
        var big = UnixStat.Of(box.InTarget("dev/big"));
        Assert.Equal((300u, 70000u), (big.RDevMajor, big.RDevMinor));
        var sda = UnixStat.Of(box.InTarget("dev/sda1"));
        Assert.Equal((UnixFileKind.BlockDevice, 8u, 1u), (sda.Kind, sda.RDevMajor, sda.RDevMinor));
        var fifo = UnixStat.Of(box.InTarget("run/fifo"));
        Assert.Equal((UnixFileKind.Fifo, 0b110_000_000u), (fifo.Kind, fifo.Permissions));
    }

    [Fact]
    public async Task ApplyAsync_InUserNamespace_SkipsDevicesButKeepsFifos()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().CharDevice("dev/null", 1, 3).Fifo("fifo").ToArray();

        await Apply.TarAsync(tar, box.Target, new LayerApplyOptions { InUserNamespace = true });

        Assert.False(UnixStat.Exists(box.InTarget("dev/null")));
        Assert.Equal(UnixFileKind.Fifo, UnixStat.Of(box.InTarget("fifo")).Kind);
    }

    [Fact]
    public async Task ApplyAsync_PreserveOwnershipOff_FilesBelongToCaller()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("f", "x", uid: 1234, gid: 5678).ToArray();

        await Apply.TarAsync(tar, box.Target, new LayerApplyOptions { PreserveOwnership = false });

        var f = UnixStat.Of(box.InTarget("f"));
        Assert.Equal((0u, 0u), (f.Uid, f.Gid));
    }

    [Fact]
    public async Task ApplyAsync_Xattrs_SetAndSelinuxLabelIgnored()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder()
            .File("f", "x", xattrs: new Dictionary<string, string> { ["user.comment"] = "hi", ["trusted.t"] = "v", ["security.selinux"] = "system_u:object_r:bin_t:s0" })
            .Directory("d/", xattrs: new Dictionary<string, string> { ["user.dir"] = "yes" })
            .ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("hi"u8.ToArray(), UnixStat.Xattr(box.InTarget("f"), "user.comment"));
        Assert.Equal("v"u8.ToArray(), UnixStat.Xattr(box.InTarget("f"), "trusted.t"));
        Assert.Null(UnixStat.Xattr(box.InTarget("f"), "security.selinux"));
        Assert.Equal("yes"u8.ToArray(), UnixStat.Xattr(box.InTarget("d"), "user.dir"));
    }

    [Fact]
    public async Task ApplyAsync_BinaryCapability_SetByteForByteAfterChown()
    {
        using var box = new Sandbox();
        // VFS_CAP_REVISION_2 with cap_setuid (bit 7: byte 0x80, not valid UTF-8) and cap_net_raw, effective.
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var tar = await OwnTar.BuildAsync(new TarHeader
        {
            Name = "usr/bin/newuidmap",
            Kind = TarEntryKind.Regular,
            Mode = 0b111_101_101,
            Uid = 0,
            Gid = 0,
            Size = 3,
            ModificationTime = new UnixTime(1_600_000_000, 0),
            Xattrs = [new("security.capability", capability)],
        }, "bin"u8.ToArray());

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal(capability, UnixStat.Xattr(box.InTarget("usr/bin/newuidmap"), "security.capability"));
    }

    [Fact]
    public async Task ApplyAsync_RootEntry_AppliesMetadataToTarget()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Directory("./", mode: 0b111_101_000, uid: 3, gid: 4, mtime: 1_200_000_000).File("./a", "a").ToArray();

        await Apply.TarAsync(tar, box.Target);

        var root = UnixStat.Of(box.Target);
        Assert.Equal((3u, 4u, 0b111_101_000u, 1_200_000_000L), (root.Uid, root.Gid, root.Permissions, root.ModificationTime.Seconds));
        Assert.Equal("a", File.ReadAllText(box.InTarget("a")));
    }

    [Fact]
    public async Task ApplyAsync_AufsMetadata_NotExtracted()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().Directory(".wh..wh.plnk/").File(".wh..wh.plnk/123.456", "x").File("kept", "k").ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.False(UnixStat.Exists(box.InTarget(".wh..wh.plnk")));
        Assert.True(UnixStat.Exists(box.InTarget("kept")));
    }

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task ApplyAsync_AnyCompression_DiffIdIsSha256OfUncompressedTar(LayerCompression compression)
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("a", new string('x', 300_000)).Directory("d/").File("d/b", "b").ToArray();
        // Trailing zero padding after the end marker (as tar's 10 KiB records leave) belongs to the diff ID too.
        var padded = tar.Concat(new byte[8192]).ToArray();
        var blob = Compress(padded, compression);

        var result = await LayerApplier.ApplyAsync(new MemoryStream(blob), compression, box.Target, LayerApplyOptions.Default, CancellationToken.None);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(padded)), result.DiffId.ToString());
        Assert.Equal(padded.Length, result.UncompressedSize);
        Assert.Equal(3, result.Entries);
        Assert.Equal(300_000, new FileInfo(box.InTarget("a")).Length);
    }

    [Fact]
    public async Task ApplyAsync_MislabelledCompression_BytesDecide()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("a", "a").ToArray();

        var result = await LayerApplier.ApplyAsync(new MemoryStream(tar), LayerCompression.Gzip, box.Target, LayerApplyOptions.Default, CancellationToken.None);

        Assert.Equal(1, result.Entries);
    }

    [Fact]
    public async Task ApplyAsync_CorruptHeader_RefusedAsNotATar()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("a", "a").ToArray();
        tar[100] ^= 0x01; // the first header's mode field: the checksum no longer matches

        var e = await Apply.RefusedAsync(tar, box.Target);

        Assert.Contains("not a valid tar archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_TruncatedData_Refused()
    {
        using var box = new Sandbox();
        var tar = new TarBuilder().File("a", new string('a', 5000)).ToArray();

        var e = await Apply.RefusedAsync(tar[..2048], box.Target);

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_GnuFormatLongNames_Applied()
    {
        using var box = new Sandbox();
        var longName = string.Join('/', Enumerable.Repeat("directory-name-that-is-long", 8)) + "/file";
        var tar = new TarBuilder(System.Formats.Tar.TarEntryFormat.Gnu).File(longName, "gnu").Symlink("link", longName).ToArray();

        await Apply.TarAsync(tar, box.Target);

        Assert.Equal("gnu", File.ReadAllText(box.InTarget(longName)));
        Assert.Equal(longName, new FileInfo(box.InTarget("link")).LinkTarget);
    }

    internal static byte[] Compress(byte[] data, LayerCompression compression)
    {
        var output = new MemoryStream();
        using (var compressor = Compression.Open(output, compression, leaveOpen: true))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
