using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>
/// A content descriptor (image-spec descriptor.md): what a blob is (media type), which it is (digest) and how big
/// (size in bytes). The digest and size MUST be checked against the content before it is trusted.
/// </summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Only in an index: the platform the manifest is for.</summary>
    [JsonPropertyName("platform")]
    public DescriptorPlatform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("data")]
    public string? Data { get; init; }
}

/// <summary>The platform object of an index entry (image-spec image-index.md).</summary>
public sealed record DescriptorPlatform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    public Platform ToPlatform() => new(OS, Architecture, Variant);
}
