using System.Collections.Concurrent;
using Berth.Archive;
using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Engine.Tests;

/// <summary>
/// An in-memory image source: manifests by digest, blobs by digest. As <see cref="IImageSource"/> asks, each blob
/// stream is verified against its descriptor (Berth's own <see cref="VerifyingReadStream"/>), so bytes that are not
/// the descriptor's fail the read rather than end it.
/// </summary>
internal sealed class FakeImageSource : IImageSource
{
    private readonly Dictionary<Digest, RawManifest> _manifests = [];
    private readonly Dictionary<Digest, byte[]> _blobs = [];
    private readonly RawManifest _top;

    public FakeImageSource(TestImage image)
    {
        _top = Add(image);
    }

    public FakeImageSource(TestImageIndex index)
    {
        foreach (var image in index.Images)
        {
            Add(image);
        }

        _top = new RawManifest(index.Bytes, index.MediaType, index.Digest);
        _manifests[_top.Digest] = _top;
    }

    public ImageLocation Location { get; } = ImageLocation.Parse("oci:/fake/source:latest");

    /// <summary>The digests of the blobs read, in order.</summary>
    public ConcurrentQueue<Digest> BlobsRead { get; } = new();

    /// <summary>Replaces the bytes stored under <paramref name="digest"/> (a corrupt source).</summary>
    public void Corrupt(Digest digest, byte[] bytes) => _blobs[digest] = bytes;

    public Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken) =>
        Task.FromResult(instance is { } d ? _manifests[d] : _top);

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        BlobsRead.Enqueue(blob.Digest);
        return Task.FromResult<Stream>(new VerifyingReadStream(new MemoryStream(_blobs[blob.Digest], writable: false), blob.Digest, blob.Size));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private RawManifest Add(TestImage image)
    {
        foreach (var blob in image.Blobs)
        {
            _blobs[blob.Digest] = blob.Content;
        }

        var manifest = new RawManifest(image.ManifestBytes, image.ManifestMediaType, image.Digest);
        _manifests[manifest.Digest] = manifest;
        return manifest;
    }
}

/// <summary>An in-memory destination that records what it was given, in order, and whether it was committed.</summary>
internal sealed class FakeImageDestination(DestinationTraits traits) : IImageDestination
{
    private readonly ConcurrentDictionary<Digest, byte> _existing = new();
    private readonly List<(RawManifest Manifest, bool IsTop)> _manifests = [];

    public ImageLocation Location { get; } = ImageLocation.Parse("oci:/fake/destination:latest");

    public DestinationTraits Traits => traits;

    /// <summary>Blobs written, by the digest of their descriptor, with the descriptor and the bytes read.</summary>
    public ConcurrentDictionary<Digest, (Descriptor Descriptor, byte[] Content)> Blobs { get; } = new();

    /// <summary>Manifests written, in order, with whether each was the top-level one.</summary>
    public IReadOnlyList<(RawManifest Manifest, bool IsTop)> Manifests
    {
        get
        {
            lock (_manifests)
            {
                return [.. _manifests];
            }
        }
    }

    public bool Committed { get; private set; }

    /// <summary>The top-level manifest written (the last one with isTop).</summary>
    public RawManifest Top => Manifests.Last(m => m.IsTop).Manifest;

    public static FakeImageDestination Oci() =>
        new(new DestinationTraits { ManifestTypes = [MediaTypes.OciManifest, MediaTypes.OciIndex], SupportsIndex = true });

    public static FakeImageDestination DockerOnly() =>
        new(new DestinationTraits { ManifestTypes = [MediaTypes.DockerManifest, MediaTypes.DockerManifestList], SupportsIndex = true });

    /// <summary>A blob the destination has before the copy.</summary>
    public void AlreadyHas(Digest digest) => _existing[digest] = 0;

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken) =>
        Task.FromResult(_existing.ContainsKey(blob.Digest) || Blobs.ContainsKey(blob.Digest));

    public async Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await content.CopyToAsync(memory, cancellationToken);
        if (!Blobs.TryAdd(blob.Digest, (blob, memory.ToArray())))
        {
            throw new InvalidOperationException($"blob {blob.Digest} was sent twice");
        }
    }

    public Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        if (Committed)
        {
            throw new InvalidOperationException("a manifest was written after the commit");
        }

        lock (_manifests)
        {
            _manifests.Add((manifest, isTop));
        }

        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        Committed = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The manifest written, parsed.</summary>
    public static ImageManifest Parse(RawManifest manifest) => ImageDocuments.ParseManifest(manifest.Bytes, "test manifest");
}

/// <summary>Progress that goes nowhere.</summary>
internal sealed class SilentProgress : IPullProgress
{
    public void Line(string text)
    {
    }
}
