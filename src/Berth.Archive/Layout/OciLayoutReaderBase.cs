using Berth.Oci;

namespace Berth.Archive;

/// <summary>What directory and archive layouts share: files by layout-relative path, blobs verified.</summary>
public abstract class OciLayoutReaderBase : IOciLayoutReader
{
    /// <summary>Where the layout is, for messages.</summary>
    protected abstract string Where { get; }

    public async Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken) =>
        OciLayoutFiles.ParseIndex(await ReadFileAsync(OciLayoutFiles.IndexFile, OciLayoutFiles.MaxMetadataSize, cancellationToken).ConfigureAwait(false), Where);

    public async Task<byte[]> ReadBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Size is < 0 or > OciLayoutFiles.MaxMetadataSize)
        {
            throw BerthException.InvalidArgument($"{Where}: blob {descriptor.Digest} is {descriptor.Size} bytes, too big to read whole (at most {OciLayoutFiles.MaxMetadataSize})");
        }

        var data = new byte[descriptor.Size];
        await using var stream = OpenBlob(descriptor);
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        // Reading the end runs the size and digest check.
        if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
        {
            throw BerthException.InvalidArgument($"{Where}: blob {descriptor.Digest} is longer than its descriptor says");
        }

        return data;
    }

    public Stream OpenBlob(Descriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return new VerifyingReadStream(OpenFile(OciLayoutFiles.BlobPath(descriptor.Digest)), descriptor.Digest, descriptor.Size);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Opens a regular file by its path inside the layout; throws NotFound when it is missing.</summary>
    protected abstract Stream OpenFile(string path);

    /// <summary>Reads a small file whole, refusing one larger than <paramref name="limit"/>.</summary>
    protected abstract Task<byte[]> ReadFileAsync(string path, long limit, CancellationToken cancellationToken);
}
