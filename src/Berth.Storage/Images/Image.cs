using Berth.Oci;

namespace Berth.Storage.Images;

/// <summary>An image record: what was pulled, built or loaded, and the names it goes by.</summary>
public sealed record Image
{
    /// <summary>The image ID: the hex of the config digest, as podman shows it.</summary>
    public required string Id { get; init; }

    public required Digest ConfigDigest { get; init; }

    /// <summary>The manifest this image was stored from (for a multi-platform pull: the platform's manifest).</summary>
    public required Digest ManifestDigest { get; init; }

    public required string ManifestMediaType { get; init; }

    /// <summary>The chain ID of the top layer, or null for an image without layers.</summary>
    public Digest? TopLayer { get; init; }

    /// <summary>Chain IDs of all layers, bottom first.</summary>
    public required IReadOnlyList<Digest> Layers { get; init; }

    /// <summary>
    /// The size podman reports: the uncompressed sizes of all layers plus the sizes of the config and manifest
    /// documents (containers/storage counts the image's "big data" items in the same way).
    /// </summary>
    public required long Size { get; init; }

    /// <summary>The config's creation time, if it has one.</summary>
    public DateTimeOffset? Created { get; init; }

    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public string? Variant { get; init; }

    /// <summary>Full references (<c>registry/repository:tag</c>) in the order they were given; a name belongs to one image.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>
    /// Every name the image has had, newest first, without duplicates (containers/storage's NamesHistory): names taken
    /// off by untag or moved to another image stay here.
    /// </summary>
    public IReadOnlyList<string> NamesHistory { get; init; } = [];

    /// <summary>Digest references (<c>registry/repository@sha256:…</c>) the image was pulled by or is known under.</summary>
    public required IReadOnlyList<string> Digests { get; init; }

    /// <summary>Content-store blobs the image owns (manifest, config, compressed layers, index): kept while it exists.</summary>
    public required IReadOnlyList<Digest> Blobs { get; init; }

    /// <summary>From a read-only (additional) image store: cannot be removed or untagged.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// A manifest list (image index) rather than an image: no config and no layers; <see cref="ConfigDigest"/> and
    /// <see cref="ManifestDigest"/> both name the index blob (<see cref="ImageStore.AddManifestList"/>).
    /// </summary>
    public bool IsManifestList => MediaTypes.IsIndex(ManifestMediaType);

    /// <summary>When the record was first stored.</summary>
    public required DateTimeOffset Added { get; init; }

    /// <summary>When the record last changed (names, digests).</summary>
    public required DateTimeOffset Modified { get; init; }
}

/// <summary>What <see cref="ImageStore.Add"/> needs to store an image; its layers must be in the layer store already.</summary>
public sealed record NewImage
{
    /// <summary>The config blob; its digest gives the image ID.</summary>
    public required Descriptor Config { get; init; }

    /// <summary>The manifest blob (its media type is the manifest's).</summary>
    public required Descriptor Manifest { get; init; }

    /// <summary>Chain IDs of all layers, bottom first.</summary>
    public required IReadOnlyList<Digest> Layers { get; init; }

    public DateTimeOffset? Created { get; init; }

    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public string? Variant { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];

    public IReadOnlyList<string> Digests { get; init; } = [];

    /// <summary>Further content-store blobs the image owns (compressed layers, an index); config and manifest are added.</summary>
    public IReadOnlyList<Digest> Blobs { get; init; } = [];

    public bool ReadOnly { get; init; }
}
