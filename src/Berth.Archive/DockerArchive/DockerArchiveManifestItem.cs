using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>
/// One image of a docker-archive's manifest.json (docker save / podman save -f docker-archive): paths inside the
/// archive of its config and of its layers (uncompressed tars, base layer first), and its names.
/// </summary>
public sealed record DockerArchiveManifestItem
{
    [JsonPropertyName("Config")]
    public required string Config { get; init; }

    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public required IReadOnlyList<string> Layers { get; init; }

    [JsonPropertyName("Parent")]
    public string? Parent { get; init; }

    /// <summary>Foreign layers' descriptors, by diff ID (written by docker for Windows base layers).</summary>
    [JsonPropertyName("LayerSources")]
    public IReadOnlyDictionary<string, Descriptor>? LayerSources { get; init; }
}

/// <summary>Source-generated JSON for the archive formats' own files.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<DockerArchiveManifestItem>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, string>>))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext
{
    /// <summary>For files others read: escaping like Go's encoding/json does not matter, but no '+' or '&lt;' escapes.</summary>
    public static ArchiveJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
