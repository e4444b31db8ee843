using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Config;

// Wire shapes of policy.json. Every member is optional here; PolicyConfigParser enforces upstream's rules
// (which keys each type allows, which are required) and reports unknown keys from the extension data.

internal sealed class PolicyFileDto
{
    [JsonPropertyName("default")]
    public List<PolicyRequirementDto>? Default { get; set; }

    [JsonPropertyName("transports")]
    public Dictionary<string, Dictionary<string, List<PolicyRequirementDto>?>?>? Transports { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class PolicyRequirementDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("keyType")]
    public string? KeyType { get; set; }

    [JsonPropertyName("keyPath")]
    public string? KeyPath { get; set; }

    [JsonPropertyName("keyPaths")]
    public List<string>? KeyPaths { get; set; }

    [JsonPropertyName("keyData")]
    public byte[]? KeyData { get; set; }

    [JsonPropertyName("keyDatas")]
    public List<byte[]>? KeyDatas { get; set; }

    [JsonPropertyName("signedIdentity")]
    public PolicyReferenceMatchDto? SignedIdentity { get; set; }

    [JsonPropertyName("baseLayerIdentity")]
    public PolicyReferenceMatchDto? BaseLayerIdentity { get; set; }

    [JsonPropertyName("fulcio")]
    public SigstoreFulcioDto? Fulcio { get; set; }

    [JsonPropertyName("rekorPublicKeyPath")]
    public string? RekorPublicKeyPath { get; set; }

    [JsonPropertyName("rekorPublicKeyPaths")]
    public List<string>? RekorPublicKeyPaths { get; set; }

    [JsonPropertyName("rekorPublicKeyData")]
    public byte[]? RekorPublicKeyData { get; set; }

    [JsonPropertyName("rekorPublicKeyDatas")]
    public List<byte[]>? RekorPublicKeyDatas { get; set; }

    [JsonPropertyName("pki")]
    public SigstorePkiDto? Pki { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class PolicyReferenceMatchDto
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("dockerReference")]
    public string? DockerReference { get; set; }

    [JsonPropertyName("dockerRepository")]
    public string? DockerRepository { get; set; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; set; }

    [JsonPropertyName("signedPrefix")]
    public string? SignedPrefix { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class SigstoreFulcioDto
{
    [JsonPropertyName("caPath")]
    public string? CaPath { get; set; }

    [JsonPropertyName("caData")]
    public byte[]? CaData { get; set; }

    [JsonPropertyName("oidcIssuer")]
    public string? OidcIssuer { get; set; }

    [JsonPropertyName("subjectEmail")]
    public string? SubjectEmail { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class SigstorePkiDto
{
    [JsonPropertyName("caRootsPath")]
    public string? CaRootsPath { get; set; }

    [JsonPropertyName("caRootsData")]
    public byte[]? CaRootsData { get; set; }

    [JsonPropertyName("caIntermediatesPath")]
    public string? CaIntermediatesPath { get; set; }

    [JsonPropertyName("caIntermediatesData")]
    public byte[]? CaIntermediatesData { get; set; }

    [JsonPropertyName("subjectEmail")]
    public string? SubjectEmail { get; set; }

    [JsonPropertyName("subjectHostname")]
    public string? SubjectHostname { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
