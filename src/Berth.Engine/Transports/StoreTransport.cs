using Berth.Engine.Images;
using Berth.Oci;
using Berth.Storage.Images;
using Berth.Storage.Layers;

namespace Berth.Engine.Transports;

/// <summary>The local store as a source (push, save, copy from containers-storage:): the image's stored manifest and original blobs.</summary>
public sealed class StoreSource(ImageLocation location, ImageService images, LocalImage image) : IImageSource
{
    public ImageLocation Location => location;

    public LocalImage Image => image;

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        if (instance is not null && instance != image.ManifestDigest)
        {
            throw new BerthException(ErrorKind.NotFound, $"image {image.Id} has no manifest {instance}");
        }

        var bytes = await images.Store.Content.ReadAllBytesAsync(image.ManifestDigest, cancellationToken).ConfigureAwait(false);
        return new RawManifest(bytes, image.ManifestMediaType, image.ManifestDigest);
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        try
        {
            // Stored blobs were verified when written; the stream is seekable so an interrupted upload can be repeated.
            return Task.FromResult(images.Store.Content.OpenRead(blob.Digest));
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw new BerthException(ErrorKind.NotFound,
                $"blob {blob.Digest} of image {image.Id} is missing from the store: pull or load the image again", e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// The local store as a destination (pull and copy from any transport): blobs verified into the content store, then on
/// the top manifest the layers are unpacked in order, diff IDs checked, and the image recorded with
/// <paramref name="names"/>. An index cannot be stored: the copier chooses the platform's image first.
/// </summary>
public sealed class StoreDestination(ImageLocation location, ImageService images, IReadOnlyList<string> names, IReadOnlyList<string> digestNames) : IImageDestination
{
    private Image? _stored;

    public ImageLocation Location => location;

    public DestinationTraits Traits { get; } = new()
    {
        ManifestTypes = [MediaTypes.OciManifest, MediaTypes.DockerManifest],
        DefaultCompression = LayerCompressionPolicy.Preserve,
    };

    /// <summary>The image recorded, after the top manifest was written.</summary>
    public LocalImage Image => _stored is { } s ? images.ToLocal(s) : throw new InvalidOperationException("nothing stored yet");

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken) =>
        Task.FromResult(images.Store.Content.Exists(blob.Digest));

    public async Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken) =>
        await images.Store.Content.WriteAsync(blob, content, cancellationToken).ConfigureAwait(false);

    public async Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        if (!isTop || manifest.IsIndex)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "the local store keeps one image per pull, not a manifest list: choose a platform (drop --all)");
        }

        var store = images.Store;
        var parsed = ImageDocuments.ParseManifest(manifest.Bytes, $"manifest of {location}");
        var config = ImageDocuments.ParseConfig(await store.Content.ReadAllBytesAsync(parsed.Config.Digest, cancellationToken).ConfigureAwait(false), $"image config {parsed.Config.Digest}");
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != parsed.Layers.Count)
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"{location}: the config lists {diffIds.Count} layers but the manifest has {parsed.Layers.Count}: refusing a corrupt image");
        }

        Digest? parent = null;
        var chainIds = new List<Digest>(diffIds.Count);
        for (var i = 0; i < diffIds.Count; i++)
        {
            parent = await LayerUnpacker.UnpackAsync(store, parsed.Layers[i], diffIds[i], parent, location.ToString(), cancellationToken).ConfigureAwait(false);
            chainIds.Add(parent.Value);
        }

        await store.Content.WriteBytesAsync(manifest.Bytes, cancellationToken).ConfigureAwait(false);
        _stored = store.Images.Add(new NewImage
        {
            Config = parsed.Config,
            Manifest = manifest.ToDescriptor(),
            Layers = chainIds,
            Created = config.Created,
            Architecture = config.Architecture,
            Os = config.OS,
            Variant = config.Variant,
            Names = names,
            Digests = [.. digestNames.Select(n => $"{n}@{manifest.Digest}")],
            Blobs = [.. parsed.Layers.Select(l => l.Digest)],
        });
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
