using System.Text.Json;
using Berth.Oci;

namespace Berth.TestSupport;

/// <summary>Which manifest format a test image uses.</summary>
public enum TestImageFormat
{
    /// <summary>OCI image manifest / index.</summary>
    Oci,

    /// <summary>Docker image manifest v2 schema 2 / manifest list.</summary>
    Docker,
}

/// <summary>
/// An image built in memory by <see cref="TestImageBuilder"/>: config and layer blobs, and the manifest that names
/// them. Everything is deterministic (fixed times, sorted entries), so the same build gives the same digests.
/// </summary>
public sealed class TestImage
{
    internal TestImage(TestImageFormat format, Platform platform, TestBlob config, IReadOnlyList<TestBlob> layers, IReadOnlyList<Digest> diffIds, byte[] manifest, string manifestMediaType)
    {
        Format = format;
        Platform = platform;
        Config = config;
        Layers = layers;
        DiffIds = diffIds;
        ManifestBytes = manifest;
        ManifestMediaType = manifestMediaType;
        Digest = Digest.Compute(manifest);
    }

    public TestImageFormat Format { get; }

    public Platform Platform { get; }

    /// <summary>The config blob.</summary>
    public TestBlob Config { get; }

    /// <summary>The layer blobs, base first.</summary>
    public IReadOnlyList<TestBlob> Layers { get; }

    /// <summary>sha256 of each uncompressed layer (the config's <c>rootfs.diff_ids</c>).</summary>
    public IReadOnlyList<Digest> DiffIds { get; }

    /// <summary>Config and layers.</summary>
    public IEnumerable<TestBlob> Blobs => [Config, .. Layers];

    /// <summary>The manifest's exact bytes.</summary>
    public byte[] ManifestBytes { get; }

    /// <summary><see cref="MediaTypes.OciManifest"/> or <see cref="MediaTypes.DockerManifest"/>.</summary>
    public string ManifestMediaType { get; }

    /// <summary>The manifest's digest.</summary>
    public Digest Digest { get; }

    /// <summary>A descriptor of the manifest, with its platform (as an index entry).</summary>
    public Descriptor ManifestDescriptor => new()
    {
        MediaType = ManifestMediaType,
        Digest = Digest,
        Size = ManifestBytes.LongLength,
        Platform = new DescriptorPlatform { OS = Platform.OS, Architecture = Platform.Architecture, Variant = Platform.Variant },
    };

    /// <summary>
    /// Uploads blobs and manifest with plain HTTP calls (independent of Berth's client): each blob by
    /// <c>POST</c> + <c>PUT ?digest=</c>, then the manifest under <paramref name="tag"/> (or by digest when null).
    /// </summary>
    public async Task PushRawAsync(RegistryFixture registry, string repository, string? tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var http = registry.CreateHttpClient();
        await PushRawAsync(http, repository, tag, cancellationToken).ConfigureAwait(false);
    }

    internal async Task PushRawAsync(HttpClient http, string repository, string? tag, CancellationToken cancellationToken)
    {
        foreach (var blob in Blobs)
        {
            await RawRegistryPush.PushBlobAsync(http, repository, blob, cancellationToken).ConfigureAwait(false);
        }

        await RawRegistryPush.PushManifestAsync(http, repository, tag ?? Digest.ToString(), ManifestBytes, ManifestMediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The config, parsed.</summary>
    public ImageConfiguration ParseConfig() => JsonSerializer.Deserialize(Config.Content, OciJsonContext.Default.ImageConfiguration)!;
}

/// <summary>An image index (OCI) or manifest list (Docker) over several <see cref="TestImage"/>s.</summary>
public sealed class TestImageIndex
{
    private TestImageIndex(IReadOnlyList<TestImage> images, byte[] bytes, string mediaType)
    {
        Images = images;
        Bytes = bytes;
        MediaType = mediaType;
        Digest = Digest.Compute(bytes);
    }

    public IReadOnlyList<TestImage> Images { get; }

    /// <summary>The index's exact bytes.</summary>
    public byte[] Bytes { get; }

    /// <summary><see cref="MediaTypes.OciIndex"/> or <see cref="MediaTypes.DockerManifestList"/>.</summary>
    public string MediaType { get; }

    public Digest Digest { get; }

    /// <summary>An index of <paramref name="images"/> in <paramref name="format"/>.</summary>
    public static TestImageIndex Create(TestImageFormat format, params TestImage[] images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var mediaType = format == TestImageFormat.Oci ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;
        var index = new ImageIndex { SchemaVersion = 2, MediaType = mediaType, Manifests = images.Select(i => i.ManifestDescriptor).ToList() };
        return new TestImageIndex(images, JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Writer.ImageIndex), mediaType);
    }

    /// <summary>Uploads every image (manifests by digest), then the index under <paramref name="tag"/>, with plain HTTP calls.</summary>
    public async Task PushRawAsync(RegistryFixture registry, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var http = registry.CreateHttpClient();
        foreach (var image in Images)
        {
            await image.PushRawAsync(http, repository, null, cancellationToken).ConfigureAwait(false);
        }

        await RawRegistryPush.PushManifestAsync(http, repository, tag, Bytes, MediaType, cancellationToken).ConfigureAwait(false);
    }
}
