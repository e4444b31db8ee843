using System.Text.Json;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>A manifest or index as stored: its exact bytes, media type and digest.</summary>
public sealed record RawManifest(byte[] Bytes, string MediaType, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Bytes.LongLength };

    /// <summary>A manifest from bytes whose media type is not known from elsewhere (a file): the document's own, else guessed from its shape.</summary>
    public static RawManifest FromBytes(byte[] bytes, string? mediaType, string where)
    {
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ManifestProbe) ?? new ManifestProbe();
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{where}: the manifest is not valid JSON: {e.Message}");
        }

        if (probe.SchemaVersion == 1 || probe.FsLayers is not null || MediaTypes.IsSchema1(mediaType ?? probe.MediaType))
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"{where}: Docker schema 1 manifests are not supported (they are deprecated and unsigned): convert the image to schema 2 or OCI first");
        }

        var type = mediaType ?? probe.MediaType ?? (probe.Manifests is not null
            ? MediaTypes.OciIndex
            : probe.Config?.MediaType == MediaTypes.DockerConfig ? MediaTypes.DockerManifest : MediaTypes.OciManifest);
        return new RawManifest(bytes, type, Digest.Compute(bytes));
    }
}

/// <summary>Reads an image from a transport. Every blob stream is verified against its descriptor by the source or its reader.</summary>
public interface IImageSource : IAsyncDisposable
{
    /// <summary>Where the image is, as the user named it (for messages).</summary>
    ImageLocation Location { get; }

    /// <summary>The top-level manifest (or index) when <paramref name="instance"/> is null, else the manifest with that digest.</summary>
    Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken);

    /// <summary>A blob (config or layer), as a stream that fails instead of ending when its size or digest is not the descriptor's.</summary>
    Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken);

    /// <summary>The registry repository the blobs come from, for cross-repository mounts (docker sources only).</summary>
    string? MountableFrom(string registry) => null;
}

/// <summary>Helpers over any <see cref="IImageSource"/>.</summary>
public static class ImageSources
{
    /// <summary>A small blob (a config) whole, verified as the source verifies every blob.</summary>
    public static async Task<byte[]> ReadAllAsync(this IImageSource source, Descriptor blob, CancellationToken cancellationToken)
    {
        var stream = await source.GetBlobAsync(blob, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            return memory.ToArray();
        }
    }
}

/// <summary>What a destination can take, for the copier's choice of manifest format and layer compression.</summary>
public sealed record DestinationTraits
{
    /// <summary>Manifest types it stores, preferred first; an image in another type is converted.</summary>
    public required IReadOnlyList<string> ManifestTypes { get; init; }

    /// <summary>It stores an index with its instances (false: one image per destination).</summary>
    public bool SupportsIndex { get; init; }

    /// <summary>What to do with layer compression when nothing is asked for.</summary>
    public LayerCompressionPolicy DefaultCompression { get; init; } = LayerCompressionPolicy.Compress;
}

/// <summary>containers/image's layer compression operations.</summary>
public enum LayerCompressionPolicy
{
    /// <summary>Keep every layer as it is.</summary>
    Preserve,

    /// <summary>Compress uncompressed layers (gzip unless asked otherwise); keep compressed ones.</summary>
    Compress,

    /// <summary>Store every layer uncompressed (docker-archive).</summary>
    Decompress,
}

/// <summary>Writes an image to a transport: blobs first, then manifests, then <see cref="CommitAsync"/>.</summary>
public interface IImageDestination : IAsyncDisposable
{
    ImageLocation Location { get; }

    DestinationTraits Traits { get; }

    /// <summary>
    /// Whether the destination already has the blob (or linked it from <paramref name="mountFrom"/>, a repository on the
    /// same registry), so it need not be sent.
    /// </summary>
    Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken);

    /// <summary>Stores a blob. <paramref name="content"/> is read to its end; a seekable stream may be rewound to resend it.</summary>
    Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a manifest: an instance of an index when <paramref name="isTop"/> is false, else the image's top-level
    /// manifest (or index) that the destination's reference names.
    /// </summary>
    Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken);

    /// <summary>Makes what was written visible (a rename, an index.json, a store record); nothing is visible before.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
