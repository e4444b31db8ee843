using System.Text.Encodings.Web;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Engine.Manifests;

/// <summary>
/// A manifest list's index as Berth stores it (the content-store blob the list image points at) and the forms it is
/// shown and pushed in. Stored lists are Docker manifest lists, as podman 4.3.1 creates them; OCI-only fields
/// (annotations, os.features) are kept in the stored JSON either way and dropped only when a Docker list is pushed.
/// </summary>
public static class ManifestListDocument
{
    private static readonly JsonWriterOptions InspectWriter = new()
    {
        Indented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A new empty list.</summary>
    public static ImageIndex Empty { get; } = new() { SchemaVersion = 2, MediaType = MediaTypes.DockerManifestList, Manifests = [] };

    public static byte[] Serialize(ImageIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Writer.ImageIndex);

    /// <summary>
    /// <paramref name="entries"/> put into <paramref name="index"/>: an entry whose digest is listed already replaces it in
    /// place (podman re-adding an image updates its entry), others are appended.
    /// </summary>
    public static ImageIndex Merge(ImageIndex index, IEnumerable<Descriptor> entries)
    {
        var list = index.Manifests.ToList();
        foreach (var entry in entries)
        {
            var at = list.FindIndex(m => m.Digest == entry.Digest);
            if (at >= 0)
            {
                list[at] = entry;
            }
            else
            {
                list.Add(entry);
            }
        }

        return index with { Manifests = list };
    }

    /// <summary>The entry with overrides applied (platform fields that are given replace the entry's; annotations replace).</summary>
    public static Descriptor Apply(Descriptor entry, ManifestEntryOverrides overrides)
    {
        if (overrides.IsEmpty)
        {
            return entry;
        }

        var platform = entry.Platform ?? new DescriptorPlatform { Architecture = "", OS = "" };
        platform = platform with
        {
            Architecture = overrides.Architecture ?? platform.Architecture,
            OS = overrides.Os ?? platform.OS,
            Variant = overrides.Variant ?? platform.Variant,
            OSVersion = overrides.OsVersion ?? platform.OSVersion,
            OSFeatures = overrides.OsFeatures ?? platform.OSFeatures,
        };
        return entry with { Platform = platform, Annotations = overrides.Annotations ?? entry.Annotations };
    }

    /// <summary>
    /// What <c>podman manifest inspect</c> prints for a local list (podman 4.3.1): the Docker list form, 4-space indents,
    /// entries as mediaType, size, digest, platform (architecture, os, os.version, variant) and annotations (sorted, as
    /// Go writes maps); an empty list's manifests are <c>null</c>. A newline ends it.
    /// </summary>
    public static string Inspect(ImageIndex index)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, InspectWriter))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", index.SchemaVersion);
            w.WriteString("mediaType", index.MediaType ?? MediaTypes.DockerManifestList);
            if (index.Manifests.Count == 0)
            {
                w.WriteNull("manifests");
            }
            else
            {
                w.WriteStartArray("manifests");
                foreach (var m in index.Manifests)
                {
                    WriteEntry(w, m);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Any JSON document (a registry's index) re-indented as podman prints it.</summary>
    public static string Reindent(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, InspectWriter))
        {
            document.WriteTo(w);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// The index as pushed: OCI when <paramref name="format"/> says so, or (no format) when an instance is an OCI
    /// manifest or carries annotations (podman 4.3.1 pushed its Docker-typed list of OCI images as an OCI index); a
    /// Docker list otherwise, without the OCI-only fields.
    /// </summary>
    public static ImageIndex ForPush(ImageIndex index, string? format)
    {
        var oci = format switch
        {
            MediaTypes.OciManifest => true,
            MediaTypes.DockerManifest => false,
            _ => index.Manifests.Any(m => m.MediaType == MediaTypes.OciManifest || m.Annotations is { Count: > 0 }),
        };
        return oci
            ? index with { MediaType = MediaTypes.OciIndex }
            : index with
            {
                MediaType = MediaTypes.DockerManifestList,
                Annotations = null,
                Manifests = [.. index.Manifests.Select(m => m with { Annotations = null, Platform = m.Platform is { } p ? p with { OSFeatures = null } : null })],
            };
    }

    private static void WriteEntry(Utf8JsonWriter w, Descriptor m)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", m.MediaType);
        w.WriteNumber("size", m.Size);
        w.WriteString("digest", m.Digest.ToString());
        w.WriteStartObject("platform");
        w.WriteString("architecture", m.Platform?.Architecture ?? "");
        w.WriteString("os", m.Platform?.OS ?? "");
        if (m.Platform?.OSVersion is { Length: > 0 } version)
        {
            w.WriteString("os.version", version);
        }

        if (m.Platform?.Variant is { Length: > 0 } variant)
        {
            w.WriteString("variant", variant);
        }

        w.WriteEndObject();
        if (m.Annotations is { Count: > 0 } annotations)
        {
            w.WriteStartObject("annotations");
            foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
