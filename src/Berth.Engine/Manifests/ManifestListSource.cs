using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Engine.Manifests;

/// <summary>
/// A stored manifest list as a copy source (manifest push): the top manifest is the list's index in the form being
/// pushed; an instance's manifest and blobs come from the reference it was added from (the local store, a registry, a
/// layout…). The copier asks for instances one at a time, so blobs are read from the instance asked for last (the
/// local content store first when it has them).
/// </summary>
internal sealed class ManifestListSource(ImageLocation location, ImageService images, RawManifest index, IReadOnlyDictionary<Digest, string> sources, TransportFactory transports)
    : IImageSource
{
    private readonly Dictionary<string, IImageSource> _open = new(StringComparer.Ordinal);
    private IImageSource? _current;

    public ImageLocation Location => location;

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        if (instance is null)
        {
            return index;
        }

        var origin = sources.TryGetValue(instance.Value, out var o)
            ? o
            : throw new BerthException(ErrorKind.NotFound, $"{location}: the list does not say where instance {instance} came from: add it again");
        if (!_open.TryGetValue(origin, out var source))
        {
            source = await transports.OpenSourceAsync(ImageLocation.Parse(origin), cancellationToken).ConfigureAwait(false);
            _open[origin] = source;
        }

        _current = source;
        return await source.GetManifestAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        if (images.Store.Content.Exists(blob.Digest))
        {
            return Task.FromResult(images.Store.Content.OpenRead(blob.Digest));
        }

        return (_current ?? throw new InvalidOperationException("no instance read yet")).GetBlobAsync(blob, cancellationToken);
    }

    public string? MountableFrom(string registry) => _current?.MountableFrom(registry);

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _open.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
