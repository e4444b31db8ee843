using System.Text.Json.Serialization;

namespace Berth.Config;

// Wire shapes of auth.json / Docker's config.json (containers-auth.json(5)). Unknown members are ignored, as
// Go's encoding/json does; writes preserve them (AuthFileWriter edits the JSON tree, not these types).

internal sealed class AuthFileDto
{
    [JsonPropertyName("auths")]
    public Dictionary<string, AuthEntryDto?>? Auths { get; set; }

    [JsonPropertyName("credHelpers")]
    public Dictionary<string, string?>? CredHelpers { get; set; }

    [JsonPropertyName("credsStore")]
    public string? CredsStore { get; set; }
}

internal sealed class AuthEntryDto
{
    [JsonPropertyName("auth")]
    public string? Auth { get; set; }

    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; set; }
}
