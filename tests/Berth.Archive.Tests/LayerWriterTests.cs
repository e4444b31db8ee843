using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;
using System.Security.Cryptography;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Archive.Tests;

public class LayerWriterTests
{
    private static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public async Task WriteDirectoryAsync_ThenApplyAsync_GivesIdenticalTree(LayerCompression compression)
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        BuildRichTree(source);
        var blob = new MemoryStream();

        var written = await LayerWriter.WriteDirectoryAsync(source, blob, compression, CancellationToken.None);
        blob.Position = 0;
        var applied = await LayerApplier.ApplyAsync(blob, compression, box.Target, LayerApplyOptions.Default, CancellationToken.None);

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(box.Target));
        Assert.Equal(written.DiffId, applied.DiffId);
        Assert.Equal(written.UncompressedSize, applied.UncompressedSize);
        var bytes = blob.ToArray();
        Assert.Equal(bytes.Length, written.Size);
        Assert.Equal(Digest.Compute(bytes), written.Digest);
        Assert.Equal(Digest.Compute(Decompress(bytes, compression)), written.DiffId);
        if (compression == LayerCompression.None)
        {
            Assert.Equal(written.DiffId, written.Digest);
        }
        else
        {
            Assert.NotEqual(written.DiffId, written.Digest);
        }
    }

    [Fact]
    public async Task WriteDirectoryAsync_SameTreeTwice_SameBytes()
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        BuildRichTree(source);
        var first = new MemoryStream();
        var second = new MemoryStream();

        var a = await LayerWriter.WriteDirectoryAsync(source, first, LayerCompression.Gzip, CancellationToken.None);
        var b = await LayerWriter.WriteDirectoryAsync(source, second, LayerCompression.Gzip, CancellationToken.None);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task WriteDirectoryAsync_Output_ReadableBySystemFormatsTar()
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        BuildRichTree(source);
        var blob = new MemoryStream();
        await LayerWriter.WriteDirectoryAsync(source, blob, LayerCompression.None, CancellationToken.None);
        blob.Position = 0;

        var entries = ReadWithSystemTar(blob);

        var names = entries.Select(e => e.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).Where(n => !n.Contains('é', StringComparison.Ordinal)),
            names.Where(n => !n.Contains('é', StringComparison.Ordinal)));
        Assert.DoesNotContain(names, n => n is "./" or "." or "");
        var bin = entries.Single(e => e.Name == "bin/");
        Assert.Equal(TarEntryType.Directory, bin.EntryType);
        var su = entries.Single(e => e.Name == "bin/su");
        Assert.Equal((UnixFileMode)0b100_111_101_101, su.Mode);
        Assert.Equal((1, 2), (su.Uid, su.Gid));
        Assert.Equal(1_234_567_890, su.ModificationTime.ToUnixTimeSeconds());
        var links = entries.Where(e => e.EntryType == TarEntryType.HardLink).Select(e => (e.Name, e.LinkName)).ToList();
        Assert.Equal([("data/hard2", "data/hard1"), ("data/hard3", "data/hard1")], links);
        var userXattr = ((PaxTarEntry)entries.Single(e => e.Name == "data/xattr")).ExtendedAttributes["SCHILY.xattr.user.mime"];
        Assert.Equal("text/plain", userXattr);
        Assert.Contains(entries, e => e.Name.Length > 200 && e.EntryType == TarEntryType.RegularFile);
        Assert.Equal(TarEntryType.CharacterDevice, entries.Single(e => e.Name == "dev/null").EntryType);
    }

    [Fact]
    public async Task WriteDirectoryAsync_Sockets_Skipped()
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "file"), "f");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(source, "sock")));
        var blob = new MemoryStream();

        await LayerWriter.WriteDirectoryAsync(source, blob, LayerCompression.None, CancellationToken.None);
        blob.Position = 0;

        Assert.Equal(["file"], ReadWithSystemTar(blob).Select(e => e.Name));
    }

    [Fact]
    public async Task WriteOverlayDiffAsync_OfAppliedOverlayLayer_GivesBackTheWhiteouts()
    {
        using var box = new Sandbox();
        var layer = new TarBuilder()
            .Directory("etc/", mtime: 1_500_000_000)
            .File("etc/.wh.motd", "", mode: 0, uid: 0, gid: 0, mtime: 1_500_000_001)
            .File("etc/new.conf", "new", mtime: 1_500_000_002)
            .Directory("var/", mtime: 1_500_000_003)
            .Directory("var/cache/", mode: 0b111_101_000, uid: 5, gid: 6, mtime: 1_500_000_004)
            .File("var/cache/.wh..wh..opq", "", mode: 0b111_101_000, uid: 5, gid: 6, mtime: 1_500_000_004)
            .File("var/cache/kept", "k", mtime: 1_500_000_005)
            .File(".wh.removed-dir", "", mode: 0, uid: 0, gid: 0, mtime: 1_500_000_006)
            .ToArray();
        await Apply.OverlayAsync(layer, box.Target);
        var blob = new MemoryStream();

        await LayerWriter.WriteOverlayDiffAsync(box.Target, blob, LayerCompression.None, CancellationToken.None);
        blob.Position = 0;

        var entries = ReadWithSystemTar(blob).Select(Describe).ToList();
        // Entries come in the order of the names on disk ("removed-dir" between "etc" and "var"), as upstream's walk does.
        Assert.Equal(
        [
            "5 etc/ 755 0:0 1500000000",
            "0 etc/.wh.motd 0 0:0 1500000001",
            "0 etc/new.conf 644 0:0 1500000002",
            "0 .wh.removed-dir 0 0:0 1500000006",
            "5 var/ 755 0:0 1500000003",
            "5 var/cache/ 750 5:6 1500000004",
            "0 var/cache/.wh..wh..opq 750 5:6 1500000004",
            "0 var/cache/kept 644 0:0 1500000005",
        ], entries);
        blob.Position = 0;
        Assert.DoesNotContain(ReadWithSystemTar(blob).OfType<PaxTarEntry>(), e => e.ExtendedAttributes.Keys.Any(k => k.Contains("overlay", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WriteOverlayDiffAsync_ThenApplyVfs_DeletesLowerAndKeepsUpper()
    {
        using var box = new Sandbox();
        var upper = Path.Combine(box.Root, "upper");
        Directory.CreateDirectory(Path.Combine(upper, "opt"));
        UnixStat.MakeNode(Path.Combine(upper, "gone"), UnixFileKind.CharacterDevice, 0, 0, 0);
        UnixStat.SetXattr(Path.Combine(upper, "opt"), "trusted.overlay.opaque", "y"u8.ToArray());
        File.WriteAllText(Path.Combine(upper, "opt", "fresh"), "fresh");
        File.WriteAllText(box.InTarget("gone"), "lower");
        Directory.CreateDirectory(box.InTarget("opt/old"));
        File.WriteAllText(box.InTarget("opt/old/f"), "lower");
        var blob = new MemoryStream();

        await LayerWriter.WriteOverlayDiffAsync(upper, blob, LayerCompression.Zstd, CancellationToken.None);
        blob.Position = 0;
        await LayerApplier.ApplyAsync(blob, LayerCompression.Zstd, box.Target, LayerApplyOptions.Default, CancellationToken.None);

        Assert.False(UnixStat.Exists(box.InTarget("gone")));
        Assert.False(UnixStat.Exists(box.InTarget("opt/old")));
        Assert.Equal("fresh", File.ReadAllText(box.InTarget("opt/fresh")));
    }

    [Fact]
    public async Task WriteDirectoryAsync_MissingDirectory_NotFound()
    {
        var e = await Assert.ThrowsAsync<BerthException>(() =>
            LayerWriter.WriteDirectoryAsync("/nonexistent/berth-test", new MemoryStream(), LayerCompression.None, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    private static string Describe(TarEntry e) =>
        $"{(char)e.EntryType} {e.Name} {Convert.ToString((int)e.Mode, 8)} {e.Uid}:{e.Gid} {e.ModificationTime.ToUnixTimeSeconds()}";

    private static List<TarEntry> ReadWithSystemTar(Stream tar)
    {
        var entries = new List<TarEntry>();
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    internal static byte[] Decompress(byte[] blob, LayerCompression compression)
    {
        using var input = compression switch
        {
            LayerCompression.Gzip => (Stream)new GZipStream(new MemoryStream(blob), CompressionMode.Decompress),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(new MemoryStream(blob)),
            _ => new MemoryStream(blob),
        };
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Every kind of entry, with the attributes that must survive a round trip.</summary>
    internal static void BuildRichTree(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "data", "sub"));
        Directory.CreateDirectory(Path.Combine(root, "dev"));
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        File.WriteAllText(Path.Combine(root, "bin", "su"), "setuid");
        UnixStat.Chown(Path.Combine(root, "bin", "su"), 1, 2); // before chmod: chown clears setuid
        UnixStat.Chmod(Path.Combine(root, "bin", "su"), 0b100_111_101_101);
        File.WriteAllText(Path.Combine(root, "bin", "ping"), "caps");
        UnixStat.SetXattr(Path.Combine(root, "bin", "ping"), "security.capability", Capability);
        File.CreateSymbolicLink(Path.Combine(root, "bin", "sh"), "su");
        File.CreateSymbolicLink(Path.Combine(root, "lib"), "/usr/lib");
        UnixStat.Chmod(Path.Combine(root, "tmp"), 0b001_111_111_111);
        File.WriteAllText(Path.Combine(root, "data", "hard1"), "shared");
        UnixStat.HardLink(Path.Combine(root, "data", "hard2"), Path.Combine(root, "data", "hard1"));
        UnixStat.HardLink(Path.Combine(root, "data", "hard3"), Path.Combine(root, "data", "hard1"));
        File.WriteAllText(Path.Combine(root, "data", "empty"), "");
        File.WriteAllBytes(Path.Combine(root, "data", "big"), RandomNumberGenerator.GetBytes(1_048_576 + 123));
        File.WriteAllText(Path.Combine(root, "data", "xattr"), "x");
        UnixStat.SetXattr(Path.Combine(root, "data", "xattr"), "user.mime", "text/plain"u8.ToArray());
        UnixStat.SetXattr(Path.Combine(root, "data", "sub"), "user.dir", [0, 1, 2, 0xFF]);
        File.WriteAllText(Path.Combine(root, "data", "héllo wörld ✓"), "utf-8 name");
        var deep = Path.Combine(root, "data", string.Join('/', Enumerable.Repeat("a-rather-long-directory-name", 9)));
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "file-with-a-name-that-alone-is-longer-than-one-hundred-bytes-" + new string('x', 60)), "long");
        File.CreateSymbolicLink(Path.Combine(root, "data", "long-link"), deep);
        UnixStat.MakeNode(Path.Combine(root, "dev", "null"), UnixFileKind.CharacterDevice, 0b110_110_110, 1, 3);
        UnixStat.MakeNode(Path.Combine(root, "dev", "big"), UnixFileKind.BlockDevice, 0b110_110_000, 4000, 1_000_000);
        UnixStat.MakeNode(Path.Combine(root, "dev", "fifo"), UnixFileKind.Fifo, 0b110_100_000, 0, 0);
        UnixStat.Chown(Path.Combine(root, "data"), 1000, 100_000_000);
        foreach (var path in TreeSnapshot.Paths(root).Append(root))
        {
            UnixStat.SetTimes(path, 1_234_567_890);
        }
    }
}
