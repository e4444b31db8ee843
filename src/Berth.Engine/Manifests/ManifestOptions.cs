using Berth.Engine.Registries;

namespace Berth.Engine.Manifests;

/// <summary>What <c>manifest add</c> and <c>manifest annotate</c> may override on an entry (podman's flags; null = keep).</summary>
public sealed record ManifestEntryOverrides
{
    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public string? Variant { get; init; }

    public string? OsVersion { get; init; }

    /// <summary>--os-features (kept in the index's platform; podman 4.3.1's inspect does not print them).</summary>
    public IReadOnlyList<string>? OsFeatures { get; init; }

    /// <summary>--annotation key=value pairs; when given they replace the entry's annotations.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public bool IsEmpty => Architecture is null && Os is null && Variant is null && OsVersion is null && OsFeatures is null && Annotations is null;

    /// <summary>Parses --annotation values (<c>key=value</c>); a value-less key is podman's "no value given" error.</summary>
    public static IReadOnlyDictionary<string, string>? ParseAnnotations(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"no value given for annotation \"{value}\"");
            }

            map[value[..eq]] = value[(eq + 1)..];
        }

        return map;
    }
}

/// <summary>manifest add (and the images given to manifest create).</summary>
public sealed record ManifestAddOptions
{
    /// <summary>--all: when the image is itself a list, add all of its instances rather than the host platform's.</summary>
    public bool All { get; init; }

    public ManifestEntryOverrides Overrides { get; init; } = new();

    public RegistryAccessOptions Access { get; init; } = new();
}

/// <summary>manifest push.</summary>
public sealed record ManifestPushOptions
{
    /// <summary>--all (podman's default true): push the listed images too, not only the index.</summary>
    public bool All { get; init; } = true;

    /// <summary>--format oci|v2s2; null: OCI when an instance is OCI or carries annotations, else a Docker list.</summary>
    public string? Format { get; init; }

    public string? CompressionFormat { get; init; }

    /// <summary>--rm: remove the list once the push succeeded.</summary>
    public bool RemoveList { get; init; }

    public RegistryAccessOptions Access { get; init; } = new();
}
