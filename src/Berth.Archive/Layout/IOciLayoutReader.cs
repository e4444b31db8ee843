using Berth.Oci;

namespace Berth.Archive;

/// <summary>Reads an OCI image layout, wherever it is (a directory, an oci-archive). Every blob read is verified.</summary>
public interface IOciLayoutReader : IDisposable
{
    Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken);

    /// <summary>A small blob (manifest, config) whole, checked against its descriptor's size and digest.</summary>
    Task<byte[]> ReadBlobAsync(Descriptor descriptor, CancellationToken cancellationToken);

    /// <summary>A blob as a stream that throws, instead of ending, when its size or digest is not the descriptor's.</summary>
    Stream OpenBlob(Descriptor descriptor);
}

/// <summary>Writes an OCI image layout (a directory, an oci-archive). Every blob written is verified.</summary>
public interface IOciLayoutWriter
{
    /// <summary>Stores a blob; its bytes must match <paramref name="descriptor"/>'s digest and size.</summary>
    Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken);

    Task WriteIndexAsync(ImageIndex index, CancellationToken cancellationToken);
}
