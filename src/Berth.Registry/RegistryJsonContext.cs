using System.Text.Json.Serialization;

namespace Berth.Registry;

/// <summary>Source-generated JSON for the registry API's own documents (tokens, tag lists, errors, credential helpers).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(DistributionErrorResponse))]
[JsonSerializable(typeof(CredentialHelperOutput))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;

/// <summary>A token server's answer (distribution token.md, oauth.md).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public DateTimeOffset? IssuedAt { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }
}

/// <summary><c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>The error body of the distribution spec: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record DistributionErrorResponse
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<DistributionError>? Errors { get; init; }
}

internal sealed record DistributionError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary>What <c>docker-credential-* get</c> prints.</summary>
internal sealed record CredentialHelperOutput
{
    [JsonPropertyName("ServerURL")]
    public string? ServerUrl { get; init; }

    [JsonPropertyName("Username")]
    public string? Username { get; init; }

    [JsonPropertyName("Secret")]
    public string? Secret { get; init; }
}
