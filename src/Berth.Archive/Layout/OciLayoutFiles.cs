using System.Text.Json;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>Names, limits and index helpers of the OCI image layout (image-spec image-layout.md).</summary>
public static class OciLayoutFiles
{
    public const string LayoutFile = "oci-layout";
    public const string IndexFile = "index.json";

    /// <summary>The annotation naming a manifest in index.json (what <c>oci:dir:name</c> selects).</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>Largest index, manifest or config read whole (containers/image allows 4 MiB for manifests).</summary>
    public const long MaxMetadataSize = 8 << 20;

    /// <summary><c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c>: safe to join, a <see cref="Digest"/> has only [a-z0-9] and hex.</summary>
    public static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    /// <summary>The manifests of <paramref name="index"/> named <paramref name="refName"/> (all of them when null).</summary>
    public static IReadOnlyList<Descriptor> Find(ImageIndex index, string? refName)
    {
        var found = new List<Descriptor>();
        foreach (var manifest in index.Manifests)
        {
            if (refName is null || (manifest.Annotations?.TryGetValue(RefNameAnnotation, out var name) == true && name == refName))
            {
                found.Add(manifest);
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="index"/> with <paramref name="manifest"/> added under <paramref name="refName"/> (or unnamed when
    /// null); an entry already carrying that name loses it, as containers/image's oci transport does.
    /// </summary>
    public static ImageIndex WithManifest(ImageIndex index, Descriptor manifest, string? refName)
    {
        var manifests = new List<Descriptor>(index.Manifests.Count + 1);
        foreach (var existing in index.Manifests)
        {
            var named = existing.Annotations?.TryGetValue(RefNameAnnotation, out var name) == true ? name : null;
            if (refName is not null && named == refName)
            {
                continue;
            }

            if (refName is null && named is null && existing.Digest == manifest.Digest)
            {
                continue;
            }

            manifests.Add(existing);
        }

        if (refName is not null)
        {
            var annotations = new Dictionary<string, string>(manifest.Annotations ?? new Dictionary<string, string>()) { [RefNameAnnotation] = refName };
            manifest = manifest with { Annotations = annotations };
        }

        manifests.Add(manifest);
        return index with { Manifests = manifests };
    }

    /// <summary>An index with no manifests yet.</summary>
    public static ImageIndex EmptyIndex() => new() { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [] };

    internal static byte[] Serialize(ImageIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Writer.ImageIndex);

    internal static byte[] SerializeLayout() => JsonSerializer.SerializeToUtf8Bytes(OciLayout.Current, OciJsonContext.Writer.OciLayout);

    internal static ImageIndex ParseIndex(byte[] json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageIndex) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{where}: index.json is not a valid image index: {e.Message}", e);
        }
    }

    /// <summary>The oci-layout file must say version 1.0.0 (containers/image refuses anything else too).</summary>
    internal static void CheckLayout(byte[] json, string where)
    {
        OciLayout? layout;
        try
        {
            layout = JsonSerializer.Deserialize(json, OciJsonContext.Default.OciLayout);
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{where}: oci-layout is not valid JSON: {e.Message}", e);
        }

        if (layout?.ImageLayoutVersion != OciLayout.Current.ImageLayoutVersion)
        {
            throw BerthException.InvalidArgument($"{where}: unsupported OCI image layout version \"{layout?.ImageLayoutVersion}\" (Berth reads {OciLayout.Current.ImageLayoutVersion})");
        }
    }
}
