using Berth.Archive;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>oci: and oci-archive: as sources: the index.json entry the reference names (or the only one), blobs verified.</summary>
public sealed class OciLayoutSource(ImageLocation location, IOciLayoutReader reader) : IImageSource
{
    private Descriptor? _top;
    private ImageIndex? _topIndex;

    public ImageLocation Location => location;

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        if (instance is { } digest)
        {
            // Instances are found by digest alone; their media type is read from the document.
            var size = await SizeOfInstanceAsync(digest, cancellationToken).ConfigureAwait(false);
            var bytes = await reader.ReadBlobAsync(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = digest, Size = size }, cancellationToken).ConfigureAwait(false);
            return RawManifest.FromBytes(bytes, null, location.ToString());
        }

        _top ??= await ChooseAsync(cancellationToken).ConfigureAwait(false);
        var top = await reader.ReadBlobAsync(_top, cancellationToken).ConfigureAwait(false);
        return RawManifest.FromBytes(top, _top.MediaType, location.ToString());
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken) => Task.FromResult(reader.OpenBlob(blob));

    /// <summary>The ref name annotation of the chosen index.json entry, if it has one.</summary>
    public async Task<string?> RefNameAsync(CancellationToken cancellationToken)
    {
        _top ??= await ChooseAsync(cancellationToken).ConfigureAwait(false);
        return _top.Annotations?.GetValueOrDefault(OciLayoutFiles.RefNameAnnotation);
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Descriptor> ChooseAsync(CancellationToken cancellationToken)
    {
        var index = await reader.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var found = OciLayoutFiles.Find(index, location.Reference);
        return found.Count switch
        {
            1 => found[0],
            0 when location.Reference is not null => throw new BerthException(ErrorKind.NotFound, $"{location}: no descriptor found for reference \"{location.Reference}\""),
            0 => throw new BerthException(ErrorKind.NotFound, $"{location}: the layout holds no image"),
            _ => throw new BerthException(ErrorKind.InvalidArgument, $"{location}: more than one image in the layout, choose an image with {ImageLocation.NameOf(location.Transport)}:{location.Path}:<reference>"),
        };
    }

    /// <summary>An instance's size from the top-level index, read and parsed once however many instances are copied.</summary>
    private async Task<long> SizeOfInstanceAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (_topIndex is null)
        {
            var top = await GetManifestAsync(null, cancellationToken).ConfigureAwait(false);
            _topIndex = Images.ImageDocuments.ParseIndex(top.Bytes, location.ToString());
        }

        return _topIndex.Manifests.FirstOrDefault(m => m.Digest == digest)?.Size
            ?? throw new BerthException(ErrorKind.NotFound, $"{location}: the index has no manifest {digest}");
    }
}

/// <summary>oci: as a destination: blobs written verified into blobs/, the top manifest named in index.json on commit.</summary>
public sealed class OciLayoutDestination(ImageLocation location, OciLayoutDirectory layout) : IImageDestination
{
    private Descriptor? _top;

    public ImageLocation Location => location;

    public DestinationTraits Traits { get; } = new() { ManifestTypes = [MediaTypes.OciManifest, MediaTypes.OciIndex], SupportsIndex = true };

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken) => Task.FromResult(layout.HasBlob(blob.Digest));

    public Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken) => layout.WriteBlobAsync(blob, content, cancellationToken);

    public async Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        using (var stream = new MemoryStream(manifest.Bytes, writable: false))
        {
            await layout.WriteBlobAsync(manifest.ToDescriptor(), stream, cancellationToken).ConfigureAwait(false);
        }

        if (isTop)
        {
            _top = manifest.ToDescriptor();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var top = _top ?? throw new BerthException(ErrorKind.Internal, $"{location}: nothing to commit");
        var index = await layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        await layout.WriteIndexAsync(OciLayoutFiles.WithManifest(index, top, location.Reference), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        layout.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// oci-archive: as a destination: the layout streams into a temporary tar beside the target, renamed over it on
/// commit (podman replaces an existing archive); a failed copy leaves the old file as it was.
/// </summary>
public sealed class OciArchiveDestination : IImageDestination
{
    private readonly FileStream _file;
    private readonly OciArchiveWriter _writer;
    private readonly string _temporary;
    private readonly HashSet<Digest> _written = [];
    private Descriptor? _top;
    private bool _committed;

    public OciArchiveDestination(ImageLocation location)
    {
        Location = location;
        var full = Path.GetFullPath(location.Path!);
        _temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.berth-{Guid.NewGuid():N}");
        try
        {
            _file = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{location}: cannot create the archive: {e.Message}");
        }

        _writer = new OciArchiveWriter(_file);
    }

    public ImageLocation Location { get; }

    public DestinationTraits Traits { get; } = new() { ManifestTypes = [MediaTypes.OciManifest, MediaTypes.OciIndex], SupportsIndex = true };

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken)
    {
        lock (_written)
        {
            return Task.FromResult(_written.Contains(blob.Digest));
        }
    }

    public async Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        lock (_written)
        {
            if (!_written.Add(blob.Digest))
            {
                return;
            }
        }

        // A tar is written one entry at a time.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteBlobAsync(blob, content, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        using (var stream = new MemoryStream(manifest.Bytes, writable: false))
        {
            await PutBlobAsync(manifest.ToDescriptor(), stream, cancellationToken).ConfigureAwait(false);
        }

        if (isTop)
        {
            _top = manifest.ToDescriptor();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var top = _top ?? throw new BerthException(ErrorKind.Internal, $"{Location}: nothing to commit");
        await _writer.WriteIndexAsync(OciLayoutFiles.WithManifest(OciLayoutFiles.EmptyIndex(), top, Location.Reference), cancellationToken).ConfigureAwait(false);
        await _writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync().ConfigureAwait(false);
        File.Move(_temporary, Location.Path!, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        await _file.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
        if (!_committed)
        {
            File.Delete(_temporary);
        }
    }
}
