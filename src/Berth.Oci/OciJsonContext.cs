using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>Source-generated JSON for the spec types. Nulls are left out when writing, as the specs' optional fields are.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(ImageConfiguration))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(OciLayout))]
public sealed partial class OciJsonContext : JsonSerializerContext
{
    /// <summary>For writing documents others will read: no escaping of '+', '&lt;' and the like beyond what JSON needs
    /// (as Go writes manifests), nulls left out.</summary>
    public static OciJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}

/// <summary>The <c>oci-layout</c> file of an image layout (image-spec image-layout.md).</summary>
public sealed record OciLayout
{
    [JsonPropertyName("imageLayoutVersion")]
    public required string ImageLayoutVersion { get; init; }

    public static OciLayout Current { get; } = new() { ImageLayoutVersion = "1.0.0" };
}
