using Berth.Oci;
using Berth.Registry;

namespace Berth.Engine.Transports;

/// <summary>
/// docker:// as a source: the manifest from the first of the reference's pull sources (mirrors first, as
/// registries.conf orders them) that has it; blobs from that same source, verified while they stream.
/// </summary>
public sealed class RegistryImageSource : IImageSource
{
    private static readonly string[] Accept =
        [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];

    private readonly RegistryClientFactory _factory;
    private readonly IReadOnlyList<RegistrySource> _sources;
    private RegistrySource? _chosen;

    public RegistryImageSource(ImageLocation location, IReadOnlyList<RegistrySource> sources, RegistryClientFactory factory)
    {
        Location = location;
        _sources = sources;
        _factory = factory;
    }

    public ImageLocation Location { get; }

    /// <summary>The pull source in use (after the first manifest was read).</summary>
    public RegistrySource Source => _chosen ?? _sources[^1];

    public RegistryClient Client => _factory.GetClient(Source.Endpoint);

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        if (instance is { } digest)
        {
            var child = await Client.GetManifestAsync(Source.Repository, digest.ToString(), Accept, cancellationToken).ConfigureAwait(false);
            return new RawManifest(child.Bytes, child.MediaType, child.Digest);
        }

        BerthException? last = null;
        foreach (var source in _sources)
        {
            try
            {
                var top = await _factory.GetClient(source.Endpoint).GetManifestAsync(source.Repository, source.TagOrDigest, Accept, cancellationToken).ConfigureAwait(false);
                _chosen = source;
                return new RawManifest(top.Bytes, top.MediaType, top.Digest);
            }
            catch (BerthException e) when (source != _sources[^1] && e.Kind is ErrorKind.NotFound or ErrorKind.Unavailable or ErrorKind.Unauthorized)
            {
                last = e; // a mirror that fails is skipped
            }
        }

        throw last ?? new BerthException(ErrorKind.Internal, $"no source to read {Location} from");
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken) =>
        Client.GetBlobAsync(Source.Repository, blob, cancellationToken);

    public string? MountableFrom(string registry) => Source.Endpoint.Name == registry ? Source.Repository : null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// docker:// as a destination: blobs the repository has (or can mount from the source repository on the same
/// registry) are skipped, others uploaded (monolithic or chunked by size); instances by digest, the top manifest by
/// the reference's tag (or digest).
/// </summary>
public sealed class RegistryImageDestination(ImageLocation location, RegistrySource target, RegistryClient client) : IImageDestination
{
    public ImageLocation Location => location;

    public RegistrySource Target => target;

    public DestinationTraits Traits { get; } = new()
    {
        ManifestTypes = [MediaTypes.OciManifest, MediaTypes.DockerManifest, MediaTypes.OciIndex, MediaTypes.DockerManifestList],
        SupportsIndex = true,
    };

    /// <summary>The digest of the top-level manifest written, once it is.</summary>
    public Digest? WrittenDigest { get; private set; }

    public async Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken)
    {
        if (await client.BlobExistsAsync(target.Repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return mountFrom is not null && mountFrom != target.Repository
            && await client.MountBlobAsync(target.Repository, blob.Digest, mountFrom, cancellationToken).ConfigureAwait(false);
    }

    public Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        var opened = 0;
        return client.PushBlobAsync(target.Repository, blob, () =>
        {
            if (Interlocked.Increment(ref opened) > 1)
            {
                if (!content.CanSeek)
                {
                    throw BerthException.Unavailable($"uploading blob {blob.Digest} to {target.Endpoint.Name}/{target.Repository}: the upload must be repeated and its source cannot be read again; try again");
                }

                content.Seek(0, SeekOrigin.Begin);
            }

            return new NonDisposingStream(content);
        }, cancellationToken);
    }

    public async Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        var tagOrDigest = isTop ? target.TagOrDigest : manifest.Digest.ToString();
        await client.PutManifestAsync(target.Repository, tagOrDigest, manifest.Bytes, manifest.MediaType, cancellationToken).ConfigureAwait(false);
        if (isTop)
        {
            WrittenDigest = manifest.Digest;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
