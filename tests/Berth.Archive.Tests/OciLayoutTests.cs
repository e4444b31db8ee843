using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Archive.Tests;

public class OciLayoutTests
{
    private static readonly byte[] ConfigBytes = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");

    [Fact]
    public async Task Directory_WriteThenRead_BlobsVerifiedAndRefNamesFound()
    {
        using var box = new Sandbox();
        var path = Path.Combine(box.Root, "layout");
        var config = Blob(ConfigBytes, MediaTypes.OciConfig);
        var manifest = Blob(Encoding.UTF8.GetBytes("{\"schemaVersion\":2}"), MediaTypes.OciManifest);
        using (var layout = await OciLayoutDirectory.CreateAsync(path, CancellationToken.None))
        {
            await layout.WriteBlobAsync(config, new MemoryStream(ConfigBytes), CancellationToken.None);
            await layout.WriteBlobAsync(manifest, new MemoryStream(Encoding.UTF8.GetBytes("{\"schemaVersion\":2}")), CancellationToken.None);
            var index = OciLayoutFiles.WithManifest(await layout.ReadIndexAsync(CancellationToken.None), manifest, "app:1");
            await layout.WriteIndexAsync(index, CancellationToken.None);
        }

        using var reopened = await OciLayoutDirectory.OpenAsync(path, CancellationToken.None);
        var found = OciLayoutFiles.Find(await reopened.ReadIndexAsync(CancellationToken.None), "app:1");

        Assert.Equal(manifest.Digest, Assert.Single(found).Digest);
        Assert.Equal(ConfigBytes, await reopened.ReadBlobAsync(config, CancellationToken.None));
        Assert.True(reopened.HasBlob(config.Digest));
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", File.ReadAllText(Path.Combine(path, "oci-layout")));
        Assert.Empty(Directory.GetFiles(Path.Combine(path, "blobs", "sha256"), "*.tmp-*"));
    }

    [Fact]
    public void WithManifest_SameRefName_MovesTheName()
    {
        var a = Blob([1], MediaTypes.OciManifest);
        var b = Blob([2], MediaTypes.OciManifest);

        var index = OciLayoutFiles.WithManifest(OciLayoutFiles.WithManifest(OciLayoutFiles.EmptyIndex(), a, "x"), b, "x");

        Assert.Equal(b.Digest, Assert.Single(index.Manifests).Digest);
    }

    [Fact]
    public async Task Directory_WriteBlobWithWrongContent_RefusedAndNothingLeft()
    {
        using var box = new Sandbox();
        using var layout = await OciLayoutDirectory.CreateAsync(Path.Combine(box.Root, "layout"), CancellationToken.None);
        var descriptor = Blob(ConfigBytes, MediaTypes.OciConfig);

        var e = await Assert.ThrowsAsync<BerthException>(() => layout.WriteBlobAsync(descriptor, new MemoryStream(Encoding.UTF8.GetBytes("tampered")), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(layout.HasBlob(descriptor.Digest));
        Assert.Empty(Directory.GetFiles(Path.Combine(box.Root, "layout", "blobs", "sha256")));
    }

    [Fact]
    public async Task Directory_CorruptBlob_RefusedWhenRead()
    {
        using var box = new Sandbox();
        var path = Path.Combine(box.Root, "layout");
        using var layout = await OciLayoutDirectory.CreateAsync(path, CancellationToken.None);
        var descriptor = Blob(ConfigBytes, MediaTypes.OciConfig);
        await layout.WriteBlobAsync(descriptor, new MemoryStream(ConfigBytes), CancellationToken.None);
        var blobFile = Path.Combine(path, "blobs", "sha256", descriptor.Digest.Encoded);
        var bytes = File.ReadAllBytes(blobFile);
        bytes[3] ^= 1;
        File.WriteAllBytes(blobFile, bytes);

        var e = await Assert.ThrowsAsync<BerthException>(() => layout.ReadBlobAsync(descriptor, CancellationToken.None));

        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_BlobSymlinkPointingOutside_ResolvedInsideTheLayout()
    {
        using var box = new Sandbox();
        var path = Path.Combine(box.Root, "layout");
        using var layout = await OciLayoutDirectory.CreateAsync(path, CancellationToken.None);
        var stolen = File.ReadAllBytes(box.OutsideFile);
        var descriptor = Blob(stolen, MediaTypes.OciConfig);
        Directory.CreateDirectory(Path.Combine(path, "blobs", "sha256"));
        File.CreateSymbolicLink(Path.Combine(path, "blobs", "sha256", descriptor.Digest.Encoded), box.OutsideFile);
        var fifo = Blob([9], MediaTypes.OciConfig);
        UnixStat.MakeNode(Path.Combine(path, "blobs", "sha256", fifo.Digest.Encoded), UnixFileKind.Fifo, 0b110_000_000, 0, 0);

        var outside = await Assert.ThrowsAsync<BerthException>(() => layout.ReadBlobAsync(descriptor, CancellationToken.None));
        var notRegular = await Assert.ThrowsAsync<BerthException>(() => layout.ReadBlobAsync(fifo, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, outside.Kind);
        Assert.Equal(ErrorKind.InvalidArgument, notRegular.Kind);
    }

    [Theory]
    [InlineData("""{"imageLayoutVersion":"2.0.0"}""")]
    [InlineData("not json")]
    public async Task Directory_BadLayoutFile_Refused(string content)
    {
        using var box = new Sandbox();
        var path = Path.Combine(box.Root, "layout");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "oci-layout"), content);

        var e = await Assert.ThrowsAsync<BerthException>(() => OciLayoutDirectory.OpenAsync(path, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Archive_WriteThenRead_SameIndexAndBlobs(bool gzip)
    {
        using var box = new Sandbox();
        var layerTar = new TarBuilder().File("hello", "world").ToArray();
        var layer = Blob(layerTar, MediaTypes.OciLayer);
        var config = Blob(ConfigBytes, MediaTypes.OciConfig);
        var archive = Path.Combine(box.Root, "image.tar");
        using (var stream = new MemoryStream())
        {
            using (var writer = new OciArchiveWriter(stream))
            {
                await writer.WriteBlobAsync(layer, new MemoryStream(layerTar), CancellationToken.None);
                await writer.WriteBlobAsync(config, new MemoryStream(ConfigBytes), CancellationToken.None);
                await writer.WriteBlobAsync(config, new MemoryStream(ConfigBytes), CancellationToken.None);
                await writer.WriteIndexAsync(OciLayoutFiles.WithManifest(OciLayoutFiles.EmptyIndex(), config, "cfg"), CancellationToken.None);
                await writer.FinishAsync(CancellationToken.None);
            }

            File.WriteAllBytes(archive, gzip ? LayerApplierTests.Compress(stream.ToArray(), LayerCompression.Gzip) : stream.ToArray());
        }

        var temp = Path.Combine(box.Root, "tmp");
        Directory.CreateDirectory(temp);
        using (var reader = await OciArchiveReader.OpenAsync(archive, temp, CancellationToken.None))
        {
            var index = await reader.ReadIndexAsync(CancellationToken.None);
            Assert.Equal(config.Digest, Assert.Single(OciLayoutFiles.Find(index, "cfg")).Digest);
            Assert.Equal(ConfigBytes, await reader.ReadBlobAsync(config, CancellationToken.None));
            await using var blob = reader.OpenBlob(layer);
            var applied = await LayerApplier.ApplyAsync(blob, LayerCompression.None, box.Target, LayerApplyOptions.Default, CancellationToken.None);
            Assert.Equal(layer.Digest, applied.DiffId);
            Assert.Equal(gzip ? 1 : 0, Directory.GetFiles(temp).Length);
        }

        Assert.Empty(Directory.GetFiles(temp));
        Assert.Equal("world", File.ReadAllText(box.InTarget("hello")));
    }

    [Fact]
    public async Task Archive_ExtractedByGnuTar_OpensAsDirectoryLayout()
    {
        using var box = new Sandbox();
        var config = Blob(ConfigBytes, MediaTypes.OciConfig);
        var archive = Path.Combine(box.Root, "image.tar");
        await using (var file = File.Create(archive))
        {
            using var writer = new OciArchiveWriter(file);
            await writer.WriteBlobAsync(config, new MemoryStream(ConfigBytes), CancellationToken.None);
            await writer.WriteIndexAsync(OciLayoutFiles.WithManifest(OciLayoutFiles.EmptyIndex(), config, "cfg"), CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        using (var tar = Process.Start("tar", ["-xf", archive, "-C", box.Target]))
        {
            await tar.WaitForExitAsync();
            Assert.Equal(0, tar.ExitCode);
        }

        using var layout = await OciLayoutDirectory.OpenAsync(box.Target, CancellationToken.None);
        Assert.Equal(ConfigBytes, await layout.ReadBlobAsync(config, CancellationToken.None));
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("/../../outside.txt")]
    public async Task Archive_BlobLinkingOutside_Refused(string linkTarget)
    {
        using var box = new Sandbox();
        var descriptor = Blob(File.ReadAllBytes(box.OutsideFile), MediaTypes.OciConfig);
        var archive = Path.Combine(box.Inputs, "hostile.tar");
        File.WriteAllBytes(archive, new TarBuilder()
            .File("oci-layout", """{"imageLayoutVersion":"1.0.0"}""")
            .File("index.json", """{"schemaVersion":2,"manifests":[]}""")
            .Symlink("blobs/sha256/" + descriptor.Digest.Encoded, linkTarget)
            .ToArray());
        using var reader = await OciArchiveReader.OpenAsync(archive, null, CancellationToken.None);

        var e = await Assert.ThrowsAsync<BerthException>(() => reader.ReadBlobAsync(descriptor, CancellationToken.None));

        Assert.True(e.Kind is ErrorKind.InvalidArgument or ErrorKind.NotFound, e.Message);
        box.AssertOutsideUnchanged();
    }

    [Fact]
    public async Task Archive_LinkLoop_Refused()
    {
        using var box = new Sandbox();
        var descriptor = Blob([1, 2, 3], MediaTypes.OciConfig);
        var archive = Path.Combine(box.Root, "loop.tar");
        File.WriteAllBytes(archive, new TarBuilder()
            .File("oci-layout", """{"imageLayoutVersion":"1.0.0"}""")
            .Symlink("blobs/sha256/" + descriptor.Digest.Encoded, "a")
            .Symlink("blobs/sha256/a", "b")
            .Symlink("blobs/sha256/b", "a")
            .ToArray());
        using var reader = await OciArchiveReader.OpenAsync(archive, null, CancellationToken.None);

        var e = await Assert.ThrowsAsync<BerthException>(() => reader.ReadBlobAsync(descriptor, CancellationToken.None));

        Assert.Contains("too many links", e.Message, StringComparison.Ordinal);
    }

    internal static Descriptor Blob(byte[] content, string mediaType) =>
        new() { MediaType = mediaType, Digest = Digest.Compute(content), Size = content.Length };
}
