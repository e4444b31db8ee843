using System.IO.Compression;
using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;
using Berth.TestSupport;
using OciPlatform = Berth.Oci.Platform;

namespace Berth.Engine.Tests;

/// <summary>The copier between an in-memory source and destination: format conversion, re-compression, indexes, reuse, failures.</summary>
public sealed class ImageCopierTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("berth-copier-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private CopyOptions Options(ImageListSelection selection = ImageListSelection.System, bool preserveDigests = false) =>
        new() { TemporaryDirectory = _tmp, Selection = selection, PreserveDigests = preserveDigests };

    private Task<CopyResult> CopyAsync(FakeImageSource source, FakeImageDestination destination, CopyOptions? options = null) =>
        new ImageCopier(options ?? Options(), new SilentProgress()).CopyAsync(source, destination, CancellationToken.None);

    private static TestImage TwoLayerImage(LayerCompression second = LayerCompression.Gzip, TestImageFormat format = TestImageFormat.Oci) =>
        TestImageBuilder.Busybox(format).Layer(l => l.File("etc/motd", "hello from the copier test\n"), second).Build();

    /// <summary>The host's platform, and one that is not it.</summary>
    private static (OciPlatform Host, OciPlatform Other) Platforms() =>
        (OciPlatform.Host, new OciPlatform("linux", OciPlatform.Host.Architecture == "s390x" ? "ppc64le" : "s390x"));

    [Fact]
    public async Task CopyAsync_OciImageToDockerOnlyDestination_ConvertsManifestKeepsBlobs()
    {
        var image = TwoLayerImage();
        var destination = FakeImageDestination.DockerOnly();

        var result = await CopyAsync(new FakeImageSource(image), destination);

        Assert.True(destination.Committed);
        var (written, isTop) = Assert.Single(destination.Manifests);
        Assert.True(isTop);
        Assert.Same(written, result.Manifest);
        Assert.Equal(MediaTypes.DockerManifest, written.MediaType);
        Assert.Equal(Digest.Compute(written.Bytes), written.Digest);
        Assert.NotEqual(image.Digest, written.Digest);
        var manifest = FakeImageDestination.Parse(written);
        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, manifest.Config.MediaType);
        Assert.Equal(image.Config.Digest, manifest.Config.Digest);
        Assert.All(manifest.Layers, l => Assert.Equal(MediaTypes.DockerLayerGzip, l.MediaType));
        Assert.Equal(image.Layers.Select(l => l.Digest), manifest.Layers.Select(l => l.Digest));
        Assert.Equal(image.Layers.Select(l => l.Descriptor.Size), manifest.Layers.Select(l => l.Size));

        // The same bytes arrive, under the Docker media types.
        Assert.Equal(image.Blobs.Count(), destination.Blobs.Count);
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(blob.Content, destination.Blobs[blob.Digest].Content);
        }

        Assert.Equal(MediaTypes.DockerConfig, destination.Blobs[image.Config.Digest].Descriptor.MediaType);
        Assert.Equal(MediaTypes.DockerLayerGzip, destination.Blobs[image.Layers[0].Digest].Descriptor.MediaType);
    }

    [Fact]
    public async Task CopyAsync_DockerImageToOciDestination_KeepsDockerManifestWhenTakenElseConverts()
    {
        var image = TwoLayerImage(format: TestImageFormat.Docker);
        var destination = FakeImageDestination.Oci();

        await CopyAsync(new FakeImageSource(image), destination);

        var manifest = FakeImageDestination.Parse(destination.Top);
        Assert.Equal(MediaTypes.OciManifest, destination.Top.MediaType);
        Assert.Equal(MediaTypes.OciConfig, manifest.Config.MediaType);
        Assert.All(manifest.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
        Assert.Equal(image.Layers.Select(l => l.Digest), manifest.Layers.Select(l => l.Digest));
    }

    [Fact]
    public async Task CopyAsync_SameFormat_WritesTheSourceManifestUnchanged()
    {
        var image = TwoLayerImage();
        var destination = FakeImageDestination.Oci();

        var result = await CopyAsync(new FakeImageSource(image), destination);

        Assert.Equal(image.Digest, result.Manifest.Digest);
        Assert.Equal(image.ManifestBytes, destination.Top.Bytes);
    }

    [Fact]
    public async Task CopyAsync_UncompressedLayerToCompressingDestination_GzipsItAndRewritesManifest()
    {
        var image = TwoLayerImage(second: LayerCompression.None);
        var plain = image.Layers[1];
        Assert.Equal(MediaTypes.OciLayer, plain.Descriptor.MediaType);
        var destination = FakeImageDestination.Oci();
        Assert.Equal(LayerCompressionPolicy.Compress, destination.Traits.DefaultCompression);

        var result = await CopyAsync(new FakeImageSource(image), destination);

        Assert.True(destination.Committed);
        var manifest = FakeImageDestination.Parse(result.Manifest);
        Assert.Equal(MediaTypes.OciManifest, result.Manifest.MediaType);
        Assert.Equal(image.Config.Digest, manifest.Config.Digest);

        // The gzip layer is kept as it was.
        Assert.Equal(image.Layers[0].Descriptor, manifest.Layers[0]);

        // The plain one is compressed: the manifest names the compressed bytes, which still unpack to the diff ID.
        var compressed = manifest.Layers[1];
        Assert.Equal(MediaTypes.OciLayerGzip, compressed.MediaType);
        Assert.NotEqual(plain.Digest, compressed.Digest);
        var sent = destination.Blobs[compressed.Digest];
        Assert.Equal(compressed, sent.Descriptor);
        Assert.Equal(compressed.Digest, Digest.Compute(sent.Content));
        Assert.Equal(compressed.Size, sent.Content.LongLength);
        Assert.Equal([0x1f, 0x8b], sent.Content[..2]);
        var unpacked = Gunzip(sent.Content);
        Assert.Equal(plain.Content, unpacked);
        Assert.Equal(image.DiffIds[1], Digest.Compute(unpacked));
        Assert.Equal(image.DiffIds, image.ParseConfig().RootFs.DiffIds);
        Assert.False(destination.Blobs.ContainsKey(plain.Digest));
    }

    [Fact]
    public async Task CopyAsync_PreserveDigestsWithConversion_RefusesAndCommitsNothing()
    {
        var destination = FakeImageDestination.DockerOnly();

        var e = await Assert.ThrowsAsync<BerthException>(() => CopyAsync(new FakeImageSource(TwoLayerImage()), destination, Options(preserveDigests: true)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("--preserve-digests", e.Message, StringComparison.Ordinal);
        Assert.Contains(MediaTypes.DockerManifest, e.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Manifests);
        Assert.False(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_PreserveDigestsWithRecompression_Refuses()
    {
        var destination = FakeImageDestination.Oci();

        var e = await Assert.ThrowsAsync<BerthException>(() =>
            CopyAsync(new FakeImageSource(TwoLayerImage(second: LayerCompression.None)), destination, Options(preserveDigests: true)));

        Assert.Contains("layer re-compression", e.Message, StringComparison.Ordinal);
        Assert.False(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_PreserveDigestsWithoutChange_Copies()
    {
        var image = TwoLayerImage();
        var destination = FakeImageDestination.Oci();

        var result = await CopyAsync(new FakeImageSource(image), destination, Options(preserveDigests: true));

        Assert.Equal(image.Digest, result.Manifest.Digest);
        Assert.True(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_IndexWithSystemSelection_CopiesOnlyTheHostImage()
    {
        var (host, other) = Platforms();
        var otherImage = TestImageBuilder.Busybox().Platform(other.OS, other.Architecture).Label("platform", "other").Build();
        var hostImage = TestImageBuilder.Busybox().Platform(host.OS, host.Architecture, host.Variant).Label("platform", "host").Build();
        var index = TestImageIndex.Create(TestImageFormat.Oci, otherImage, hostImage);
        var destination = FakeImageDestination.Oci();

        var result = await CopyAsync(new FakeImageSource(index), destination);

        var (written, isTop) = Assert.Single(destination.Manifests);
        Assert.True(isTop);
        Assert.Equal(hostImage.Digest, written.Digest);
        Assert.Equal(hostImage.Digest, result.Manifest.Digest);
        Assert.Equal(Sorted(hostImage.Blobs.Select(b => b.Digest)), Sorted(destination.Blobs.Keys));
        Assert.DoesNotContain(otherImage.Config.Digest, destination.Blobs.Keys);
        Assert.True(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_IndexWithAll_CopiesInstancesThenTheIndex()
    {
        var (host, other) = Platforms();
        var otherImage = TestImageBuilder.Busybox().Platform(other.OS, other.Architecture).Label("platform", "other").Build();
        var hostImage = TestImageBuilder.Busybox().Platform(host.OS, host.Architecture, host.Variant).Label("platform", "host").Build();
        var index = TestImageIndex.Create(TestImageFormat.Oci, otherImage, hostImage);
        var destination = FakeImageDestination.Oci();

        var result = await CopyAsync(new FakeImageSource(index), destination, Options(ImageListSelection.All));

        Assert.Equal(
            [(otherImage.Digest, false), (hostImage.Digest, false), (index.Digest, true)],
            destination.Manifests.Select(m => (m.Manifest.Digest, m.IsTop)));
        Assert.Equal(index.Bytes, destination.Top.Bytes);
        Assert.Equal(index.Digest, result.Manifest.Digest);
        Assert.Equal(Sorted(otherImage.Blobs.Concat(hostImage.Blobs).Select(b => b.Digest).Distinct()), Sorted(destination.Blobs.Keys));
        Assert.True(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_IndexWithAllToDockerOnlyDestination_ConvertsInstancesAndIndex()
    {
        var (host, other) = Platforms();
        var a = TestImageBuilder.Busybox().Platform(other.OS, other.Architecture).Build();
        var b = TestImageBuilder.Busybox().Platform(host.OS, host.Architecture, host.Variant).Build();
        var index = TestImageIndex.Create(TestImageFormat.Oci, a, b);
        var destination = FakeImageDestination.DockerOnly();

        await CopyAsync(new FakeImageSource(index), destination, Options(ImageListSelection.All));

        var manifests = destination.Manifests;
        Assert.Equal(3, manifests.Count);
        Assert.All(manifests.Take(2), m => Assert.Equal((MediaTypes.DockerManifest, false), (m.Manifest.MediaType, m.IsTop)));
        Assert.Equal(MediaTypes.DockerManifestList, destination.Top.MediaType);
        var list = ImageDocuments.ParseIndex(destination.Top.Bytes, "test index");
        Assert.Equal(manifests.Take(2).Select(m => m.Manifest.Digest), list.Manifests.Select(m => m.Digest));
        Assert.All(list.Manifests, m => Assert.Equal(MediaTypes.DockerManifest, m.MediaType));
        Assert.Equal([other.Architecture, host.Architecture], list.Manifests.Select(m => m.Platform!.Architecture));
    }

    [Fact]
    public async Task CopyAsync_IndexWithAllToSingleImageDestination_Refuses()
    {
        var (host, other) = Platforms();
        var index = TestImageIndex.Create(TestImageFormat.Oci,
            TestImageBuilder.Busybox().Platform(other.OS, other.Architecture).Build(),
            TestImageBuilder.Busybox().Platform(host.OS, host.Architecture, host.Variant).Build());
        var destination = new FakeImageDestination(new DestinationTraits { ManifestTypes = [MediaTypes.OciManifest], SupportsIndex = false });

        var e = await Assert.ThrowsAsync<BerthException>(() => CopyAsync(new FakeImageSource(index), destination, Options(ImageListSelection.All)));

        Assert.Contains("holds one image", e.Message, StringComparison.Ordinal);
        Assert.False(destination.Committed);
    }

    [Fact]
    public async Task CopyAsync_BlobsTheDestinationHas_AreNotSent()
    {
        var image = TwoLayerImage();
        var source = new FakeImageSource(image);
        var destination = FakeImageDestination.Oci();
        destination.AlreadyHas(image.Layers[0].Digest);
        destination.AlreadyHas(image.Config.Digest);

        await CopyAsync(source, destination);

        var sent = Assert.Single(destination.Blobs);
        Assert.Equal(image.Layers[1].Digest, sent.Key);
        Assert.Equal([image.Layers[1].Digest], source.BlobsRead);
        Assert.True(destination.Committed);
        Assert.Equal(image.Digest, destination.Top.Digest);
    }

    [Fact]
    public async Task CopyAsync_CorruptLayer_FailsAndNeverCommits()
    {
        var image = TwoLayerImage();
        var source = new FakeImageSource(image);
        var layer = image.Layers[1];
        var wrong = (byte[])layer.Content.Clone();
        wrong[^1] ^= 0xff;
        source.Corrupt(layer.Digest, wrong);
        var destination = FakeImageDestination.Oci();

        var e = await Assert.ThrowsAsync<BerthException>(() => CopyAsync(source, destination));

        Assert.Contains(layer.Digest.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Empty(destination.Manifests);
        Assert.False(destination.Committed);
        Assert.False(destination.Blobs.ContainsKey(layer.Digest));
    }

    [Fact]
    public async Task CopyAsync_CorruptLayerBeingCompressed_FailsAndNeverCommits()
    {
        var image = TwoLayerImage(second: LayerCompression.None);
        var source = new FakeImageSource(image);
        var layer = image.Layers[1];
        source.Corrupt(layer.Digest, [.. layer.Content, 0]);
        var destination = FakeImageDestination.Oci();

        await Assert.ThrowsAsync<BerthException>(() => CopyAsync(source, destination));

        Assert.Empty(destination.Manifests);
        Assert.False(destination.Committed);
        Assert.DoesNotContain(destination.Blobs.Values, b => b.Descriptor.MediaType == MediaTypes.OciLayerGzip && b.Descriptor.Digest != image.Layers[0].Digest);
    }

    [Fact]
    public async Task CopyAsync_CorruptConfig_FailsAndNeverCommits()
    {
        var image = TwoLayerImage();
        var source = new FakeImageSource(image);
        source.Corrupt(image.Config.Digest, "{}"u8.ToArray());
        var destination = FakeImageDestination.Oci();

        await Assert.ThrowsAsync<BerthException>(() => CopyAsync(source, destination));

        Assert.Empty(destination.Manifests);
        Assert.False(destination.Committed);
    }

    private static string[] Sorted(IEnumerable<Digest> digests) => [.. digests.Select(d => d.ToString()).Order(StringComparer.Ordinal)];

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
