using System.Text;
using System.Text.Json;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Registry.Tests;

/// <summary>The client against a real docker-registry over plain HTTP.</summary>
public sealed class RegistryClientTests : IClassFixture<PlainRegistry>
{
    private readonly PlainRegistry _fixture;

    public RegistryClientTests(PlainRegistry fixture) => _fixture = fixture;

    private RegistryClient Client => _fixture.Client;

    private string Host => _fixture.Registry.Host;

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Ping_InsecurePlainHttpRegistry_FallsBackToHttp()
    {
        using var client = new RegistryClient(_fixture.Endpoint);

        var ping = await client.PingAsync(None);

        Assert.False(ping.AuthenticationRequired);
        Assert.True(ping.UsesHttp);
    }

    [Fact]
    public async Task Ping_SecureEndpointOnPlainHttp_UnavailableWithoutFallback()
    {
        using var client = new RegistryClient(new RegistryEndpoint(Host, Host), new RegistryClientOptions { MaxAttempts = 1 });

        var e = await Assert.ThrowsAsync<BerthException>(() => client.PingAsync(None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.StartsWith($"pinging container registry {Host}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("--tls-verify=false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_UnknownHost_UnavailableNamingHost()
    {
        using var client = new RegistryClient(RegistryEndpoint.ForRegistry("registry.nonexistent.invalid"));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("a/b", "latest", null, None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.StartsWith("pinging container registry registry.nonexistent.invalid: dial tcp: lookup registry.nonexistent.invalid: no such host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_ByTag_ReturnsExactBytesTypeAndDigest()
    {
        var manifest = await Client.GetManifestAsync("library/busybox", "latest", null, None);

        Assert.Equal(_fixture.Busybox.ManifestBytes, manifest.Bytes);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal(_fixture.Busybox.Digest, manifest.Digest);
    }

    [Fact]
    public async Task GetManifest_ByDigest_DockerSchema2()
    {
        var image = _fixture.DockerImage;

        var manifest = await Client.GetManifestAsync("docker/image", image.Digest.ToString(), null, None);

        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(image.Digest, manifest.Digest);
        Assert.Equal(image.ManifestBytes, manifest.Bytes);
    }

    [Fact]
    public async Task GetManifest_Index_ReturnsIndexAndPlatformManifests()
    {
        var index = await Client.GetManifestAsync("multi/arch", "latest", null, None);
        var parsed = JsonSerializer.Deserialize(index.Bytes, OciJsonContext.Default.ImageIndex)!;
        var arm = parsed.Manifests.Single(m => m.Platform?.Architecture == "arm64");
        var armManifest = await Client.GetManifestAsync("multi/arch", arm.Digest.ToString(), null, None);

        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        Assert.Equal(_fixture.Index.Digest, index.Digest);
        Assert.Equal(_fixture.Index.Images[1].ManifestBytes, armManifest.Bytes);
    }

    [Fact]
    public async Task GetManifest_AcceptOnlyManifests_RegistryStillAnswers()
    {
        var manifest = await Client.GetManifestAsync("library/busybox", "latest", [MediaTypes.OciManifest], None);

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public async Task GetManifest_UnknownTag_NotFoundManifestUnknown()
    {
        var e = await Assert.ThrowsAsync<BerthException>(() => Client.GetManifestAsync("library/busybox", "nope", null, None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal($"reading manifest nope in {Host}/library/busybox: manifest unknown", e.Message);
    }

    [Fact]
    public async Task GetManifest_UnknownRepository_NotFound()
    {
        // distribution 2.8 answers MANIFEST_UNKNOWN here; NAME_UNKNOWN is covered with a fake server.
        var e = await Assert.ThrowsAsync<BerthException>(() => Client.GetManifestAsync("no/such/repo", "latest", null, None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.StartsWith($"reading manifest latest in {Host}/no/such/repo: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadManifest_ExistingAndMissing()
    {
        var head = await Client.HeadManifestAsync("library/busybox", "latest", null, None);
        var missing = await Client.HeadManifestAsync("library/busybox", "missing", null, None);

        Assert.NotNull(head);
        Assert.Equal(_fixture.Busybox.Digest, head.Digest);
        Assert.Equal(MediaTypes.OciManifest, head.MediaType);
        Assert.Equal(_fixture.Busybox.ManifestBytes.Length, head.Size);
        Assert.Null(missing);
    }

    [Fact]
    public async Task GetBlob_Layer_StreamsVerifiedBytes()
    {
        var layer = _fixture.Busybox.Layers[0];

        await using var stream = await Client.GetBlobAsync("library/busybox", layer.Descriptor, None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(layer.Content, copy.ToArray());
    }

    [Fact]
    public async Task GetBlob_CorruptedInRegistryStorage_StreamThrows()
    {
        var blob = TestBlob.Random(200_000, seed: 42);
        using (var http = _fixture.Registry.CreateHttpClient())
        {
            await RawRegistryPush.PushBlobAsync(http, "corrupt/blob", blob);
        }

        var path = _fixture.Registry.BlobPath(blob.Digest);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[100_000] ^= 0xff;
        await File.WriteAllBytesAsync(path, bytes);

        await using var stream = await Client.GetBlobAsync("corrupt/blob", blob.Descriptor, None);
        var e = await Assert.ThrowsAsync<BerthException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(ErrorKind.Internal, e.Kind);
        Assert.Contains($"digest mismatch: expected {blob.Digest}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlob_DescriptorSizeWrong_Throws()
    {
        var layer = _fixture.Busybox.Layers[0];

        var e = await Assert.ThrowsAsync<BerthException>(() => Client.GetBlobAsync("library/busybox", layer.Descriptor with { Size = layer.Descriptor.Size - 1 }, None));

        Assert.Contains("size mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlob_Unknown_NotFound()
    {
        var blob = TestBlob.Random(10, seed: 7);

        var e = await Assert.ThrowsAsync<BerthException>(() => Client.GetBlobAsync("library/busybox", blob.Descriptor, None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task PushBlob_Monolithic_RoundTrips()
    {
        var blob = TestBlob.Random(50_000, seed: 11);

        Assert.False(await Client.BlobExistsAsync("push/mono", blob.Digest, None));
        await Client.PushBlobAsync("push/mono", blob.Descriptor, () => new MemoryStream(blob.Content), None);

        Assert.True(await Client.BlobExistsAsync("push/mono", blob.Digest, None));
        await using var back = await Client.GetBlobAsync("push/mono", blob.Descriptor, None);
        using var copy = new MemoryStream();
        await back.CopyToAsync(copy);
        Assert.Equal(blob.Content, copy.ToArray());
    }

    [Fact]
    public async Task PushBlob_AboveThreshold_UploadsInChunks()
    {
        var recorder = new RecordingHandler();
        var options = new RegistryClientOptions { ChunkedUploadThreshold = 100_000, UploadChunkSize = 64 * 1024, PrimaryHandlerFactory = _ => recorder };
        using var client = new RegistryClient(_fixture.Endpoint, options);
        var blob = TestBlob.Random(300_000, seed: 12);

        await client.PushBlobAsync("push/chunked", blob.Descriptor, () => new MemoryStream(blob.Content), None);

        Assert.Equal(5, recorder.Requests.Count(r => r.Method == HttpMethod.Patch));
        Assert.Single(recorder.Requests, r => r.Method == HttpMethod.Put);
        await using var back = await client.GetBlobAsync("push/chunked", blob.Descriptor, None);
        using var copy = new MemoryStream();
        await back.CopyToAsync(copy);
        Assert.Equal(blob.Content, copy.ToArray());
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(10)]
    public async Task PushBlob_ContentDoesNotMatchDescriptor_InvalidArgument(long threshold)
    {
        var blob = TestBlob.Random(1000, seed: 13);
        var other = TestBlob.Random(1000, seed: 14);
        using var client = new RegistryClient(_fixture.Endpoint, new RegistryClientOptions { ChunkedUploadThreshold = threshold, UploadChunkSize = 300 });

        var e = await Assert.ThrowsAsync<BerthException>(() => client.PushBlobAsync("push/bad", blob.Descriptor, () => new MemoryStream(other.Content), None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(await client.BlobExistsAsync("push/bad", blob.Digest, None));
    }

    [Fact]
    public async Task MountBlob_FromOtherRepository_Mounted()
    {
        var blob = TestBlob.Random(5_000, seed: 21);
        await Client.PushBlobAsync("mount/source", blob.Descriptor, () => new MemoryStream(blob.Content), None);

        Assert.True(await Client.MountBlobAsync("mount/target", blob.Digest, "mount/source", None));
        Assert.True(await Client.BlobExistsAsync("mount/target", blob.Digest, None));
    }

    [Fact]
    public async Task MountBlob_UnknownBlob_False()
    {
        var blob = TestBlob.Random(5_000, seed: 22);

        Assert.False(await Client.MountBlobAsync("mount/target2", blob.Digest, "mount/source", None));
        Assert.False(await Client.BlobExistsAsync("mount/target2", blob.Digest, None));
    }

    [Fact]
    public async Task PutManifest_AfterBlobs_TagAndDigestReadable()
    {
        var image = new TestImageBuilder().Layer(l => l.File("put.txt", "put\n")).Build();
        foreach (var blob in image.Blobs)
        {
            await Client.PushBlobAsync("put/image", blob.Descriptor, () => new MemoryStream(blob.Content), None);
        }

        var digest = await Client.PutManifestAsync("put/image", "v1", image.ManifestBytes, image.ManifestMediaType, None);
        var byTag = await Client.GetManifestAsync("put/image", "v1", null, None);

        Assert.Equal(image.Digest, digest);
        Assert.Equal(image.ManifestBytes, byTag.Bytes);
    }

    [Fact]
    public async Task PutManifest_MissingBlob_Refused()
    {
        var image = new TestImageBuilder().Layer(l => l.File("orphan.txt", "orphan\n")).Build();

        var e = await Assert.ThrowsAsync<BerthException>(() => Client.PutManifestAsync("put/orphan", "v1", image.ManifestBytes, image.ManifestMediaType, None));

        Assert.Contains("put/orphan", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutManifest_DigestReferenceMismatch_InvalidArgument()
    {
        var e = await Assert.ThrowsAsync<BerthException>(() => Client.PutManifestAsync(
            "put/image", _fixture.Busybox.Digest.ToString(), Encoding.UTF8.GetBytes("{}"), MediaTypes.OciManifest, None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task ListTags_RealRegistry_ReturnsAllTags()
    {
        // distribution 2.8 ignores n= and sends everything in one page; paging is covered with a fake server.
        var image = _fixture.DockerImage;
        using var http = _fixture.Registry.CreateHttpClient();
        await image.PushRawAsync(_fixture.Registry, "tags/repo", "t1");
        foreach (var tag in new[] { "t2", "t3", "t4", "t5" })
        {
            await RawRegistryPush.PushManifestAsync(http, "tags/repo", tag, image.ManifestBytes, image.ManifestMediaType);
        }

        var tags = await Client.ListTagsAsync("tags/repo", 2, None);

        Assert.Equal(["t1", "t2", "t3", "t4", "t5"], tags.Order());
    }

    [Fact]
    public async Task DeleteManifest_ByDigest_Gone()
    {
        var image = new TestImageBuilder().Layer(l => l.File("delete.txt", "delete me\n")).Build();
        await image.PushRawAsync(_fixture.Registry, "delete/me", "latest");

        await Client.DeleteManifestAsync("delete/me", image.Digest, None);

        var e = await Assert.ThrowsAsync<BerthException>(() => Client.GetManifestAsync("delete/me", image.Digest.ToString(), null, None));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Null(await Client.HeadManifestAsync("delete/me", "latest", null, None));
    }
}
