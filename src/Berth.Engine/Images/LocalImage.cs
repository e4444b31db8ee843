using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>An image in the local store, as the image commands see it (one canonical record per image).</summary>
public sealed record LocalImage
{
    /// <summary>The image ID: the hex of the config digest.</summary>
    public required string Id { get; init; }

    public required Digest ManifestDigest { get; init; }

    public required string ManifestMediaType { get; init; }

    /// <summary>Full names with tags (<c>registry/repo:tag</c>), most recent first.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary><c>repo@digest</c> names.</summary>
    public required IReadOnlyList<string> Digests { get; init; }

    /// <summary>Every name the image has ever had, most recent first (podman's NamesHistory).</summary>
    public required IReadOnlyList<string> NamesHistory { get; init; }

    public required ImageConfiguration Config { get; init; }

    /// <summary>Uncompressed size of the layers (podman's Size/VirtualSize).</summary>
    public required long Size { get; init; }

    /// <summary>The config's created time, or when the image was stored when the config has none.</summary>
    public required DateTimeOffset Created { get; init; }

    public required string StorageDriver { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public bool ReadOnly { get; init; }

    /// <summary>Containers using the image (0 until containers exist).</summary>
    public int Containers { get; init; }

    /// <summary>
    /// The name among <see cref="Names"/> that <paramref name="requested"/> stands for (the full name, or one ending in
    /// <c>/requested</c>, with or without the default tag), or null when none does (e.g. it was an ID).
    /// </summary>
    public string? NameMatching(string requested) => Names.FirstOrDefault(n => n == requested
        || n == requested + ":latest"
        || n.EndsWith("/" + requested, StringComparison.Ordinal)
        || n.EndsWith("/" + requested + ":latest", StringComparison.Ordinal));

    /// <summary>No names: a dangling image.</summary>
    public bool Dangling => Names.Count == 0;

    /// <summary>An unnamed image that another image was built on (a build step's image): <c>images</c> hides it
    /// unless <c>-a</c>. Only set by <see cref="ImageService.List"/>.</summary>
    public bool Intermediate { get; init; }
}
