using Berth.Oci;

namespace Berth.Storage.Layers;

/// <summary>A committed, read-only image layer.</summary>
public sealed record Layer
{
    /// <summary>The layer's identity: its diff ID combined with all below it (<see cref="Layers.ChainId"/>).</summary>
    public required Digest ChainId { get; init; }

    /// <summary>The layer below, or null for a base layer.</summary>
    public Digest? ParentChainId { get; init; }

    /// <summary>The digest of the uncompressed layer tar (the config's rootfs.diff_ids entry).</summary>
    public required Digest DiffId { get; init; }

    /// <summary>The driver that holds it (overlay, vfs).</summary>
    public required string Driver { get; init; }

    /// <summary>The size of the uncompressed layer, as the populate callback reported it.</summary>
    public required long UncompressedSize { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The directory with the layer's files (overlay: its own changes; vfs: the complete tree). Read-only.</summary>
    public required string Directory { get; init; }
}

/// <summary>A read-write layer for one container, on top of an image's top layer (or of nothing).</summary>
public sealed record ContainerLayer
{
    public required string Id { get; init; }

    public Digest? ParentChainId { get; init; }

    public required string Driver { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The writable directory (overlay: the upper dir; vfs: the complete tree).</summary>
    public required string Directory { get; init; }

    /// <summary>An empty directory reserved for mounting the root file system (<c>merged</c>).</summary>
    public required string MountPoint { get; init; }
}
