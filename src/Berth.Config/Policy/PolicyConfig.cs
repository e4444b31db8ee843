namespace Berth.Config;

/// <summary>
/// containers-policy.json(5): the signature verification policy. <see cref="Default"/> applies unless a
/// transport has requirements for a matching scope. Load it with <see cref="PolicyConfigLoader.Load"/>.
/// </summary>
public sealed record PolicyConfig
{
    /// <summary>The global default requirements (never empty).</summary>
    public required IReadOnlyList<PolicyRequirement> Default { get; init; }

    /// <summary>Transport name (<c>docker</c>, <c>containers-storage</c>, …) → scope (<c>""</c> is the transport default) → requirements.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>> Transports { get; init; }

    /// <summary>The file the policy was read from.</summary>
    public string Path { get; init; } = "";
}

/// <summary>One policy requirement; all requirements of a scope must be satisfied.</summary>
public abstract record PolicyRequirement
{
    /// <summary>The <c>type</c> string of the requirement.</summary>
    public abstract string Type { get; }
}

/// <summary><c>insecureAcceptAnything</c>: accept any image.</summary>
public sealed record InsecureAcceptAnythingRequirement : PolicyRequirement
{
    public override string Type => "insecureAcceptAnything";
}

/// <summary><c>reject</c>: reject every image.</summary>
public sealed record RejectRequirement : PolicyRequirement
{
    public override string Type => "reject";
}

/// <summary>Key types of <see cref="SignedByRequirement"/>.</summary>
public enum SignedByKeyType
{
    /// <summary>"GPGKeys".</summary>
    GpgKeys,

    /// <summary>"signedByGPGKeys".</summary>
    SignedByGpgKeys,

    /// <summary>"X509Certificates".</summary>
    X509Certificates,

    /// <summary>"signedByX509CAs".</summary>
    SignedByX509CAs,
}

/// <summary><c>signedBy</c>: a simple-signing signature by one of the keys. Exactly one key source is set.</summary>
public sealed record SignedByRequirement : PolicyRequirement
{
    public override string Type => "signedBy";

    /// <summary><c>keyType</c>.</summary>
    public required SignedByKeyType KeyType { get; init; }

    /// <summary><c>keyPath</c>.</summary>
    public string? KeyPath { get; init; }

    /// <summary><c>keyPaths</c>.</summary>
    public IReadOnlyList<string>? KeyPaths { get; init; }

    /// <summary><c>keyData</c> (base64 in the file).</summary>
    public byte[]? KeyData { get; init; }

    /// <summary><c>signedIdentity</c>; <see cref="MatchRepoDigestOrExact"/> when the file omits it.</summary>
    public required PolicyReferenceMatch SignedIdentity { get; init; }
}

/// <summary><c>signedBaseLayer</c>: the base layer must be signed as <see cref="BaseLayerIdentity"/>.</summary>
public sealed record SignedBaseLayerRequirement : PolicyRequirement
{
    public override string Type => "signedBaseLayer";

    /// <summary><c>baseLayerIdentity</c>.</summary>
    public required PolicyReferenceMatch BaseLayerIdentity { get; init; }
}

/// <summary><c>sigstoreSigned</c>: a sigstore signature by a key, Fulcio certificate or PKI.</summary>
public sealed record SigstoreSignedRequirement : PolicyRequirement
{
    public override string Type => "sigstoreSigned";

    /// <summary><c>keyPath</c>.</summary>
    public string? KeyPath { get; init; }

    /// <summary><c>keyPaths</c>.</summary>
    public IReadOnlyList<string>? KeyPaths { get; init; }

    /// <summary><c>keyData</c>.</summary>
    public byte[]? KeyData { get; init; }

    /// <summary><c>keyDatas</c>.</summary>
    public IReadOnlyList<byte[]>? KeyDatas { get; init; }

    /// <summary><c>fulcio</c>.</summary>
    public SigstoreFulcio? Fulcio { get; init; }

    /// <summary><c>rekorPublicKeyPath</c>.</summary>
    public string? RekorPublicKeyPath { get; init; }

    /// <summary><c>rekorPublicKeyPaths</c>.</summary>
    public IReadOnlyList<string>? RekorPublicKeyPaths { get; init; }

    /// <summary><c>rekorPublicKeyData</c>.</summary>
    public byte[]? RekorPublicKeyData { get; init; }

    /// <summary><c>rekorPublicKeyDatas</c>.</summary>
    public IReadOnlyList<byte[]>? RekorPublicKeyDatas { get; init; }

    /// <summary><c>pki</c>.</summary>
    public SigstorePki? Pki { get; init; }

    /// <summary><c>signedIdentity</c>; <see cref="MatchRepoDigestOrExact"/> when the file omits it.</summary>
    public required PolicyReferenceMatch SignedIdentity { get; init; }
}

/// <summary>The <c>fulcio</c> object of <c>sigstoreSigned</c>.</summary>
public sealed record SigstoreFulcio(string? CaPath, byte[]? CaData, string OidcIssuer, string SubjectEmail);

/// <summary>The <c>pki</c> object of <c>sigstoreSigned</c>.</summary>
public sealed record SigstorePki(string? CaRootsPath, byte[]? CaRootsData, string? CaIntermediatesPath, byte[]? CaIntermediatesData, string? SubjectEmail, string? SubjectHostname);
