using System.Text.Json;
using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>
/// Turns policy.json into <see cref="PolicyConfig"/> with containers/image's rules (signature/policy_config.go):
/// unknown or duplicate keys, unknown requirement types and missing or conflicting fields reject the file.
/// </summary>
internal sealed class PolicyConfigParser
{
    private readonly string _file;
    private readonly JsonPositions _positions;

    private PolicyConfigParser(string file, JsonPositions positions)
    {
        _file = file;
        _positions = positions;
    }

    public static PolicyConfig Parse(string file, byte[] utf8)
    {
        var positions = JsonPositions.Scan(file, utf8, rejectDuplicates: true);
        PolicyFileDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8, ConfigJsonContext.Strict.PolicyFileDto);
        }
        catch (JsonException e)
        {
            var path = JsonPositions.FromSerializerPath(e.Path);
            var what = path.Length == 0 ? "the document" : path;
            throw positions.Find(path) is { } position
                ? ConfigErrors.Invalid(file, position, $"invalid policy: {what} has the wrong JSON type (fix the file)")
                : JsonPositions.FromJsonException(file, e, $"invalid policy: {what} has the wrong JSON type");
        }

        var parser = new PolicyConfigParser(file, positions);
        if (dto is null)
        {
            throw parser.Fail("", "the policy must be a JSON object with a \"default\" member");
        }

        parser.RejectExtra("", dto.Extra);
        if (dto.Default is null)
        {
            throw parser.Fail("", "Default policy is missing (add \"default\": [{\"type\": \"insecureAcceptAnything\"}] or a stricter requirement)");
        }

        var transports = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>>>(StringComparer.Ordinal);
        foreach (var (transport, scopes) in dto.Transports ?? [])
        {
            var transportPath = JsonPositions.Member(JsonPositions.Member("", "transports"), transport);
            var parsedScopes = new Dictionary<string, IReadOnlyList<PolicyRequirement>>(StringComparer.Ordinal);
            foreach (var (scope, requirements) in scopes ?? [])
            {
                var scopePath = JsonPositions.Member(transportPath, scope);
                parsedScopes[scope] = parser.Requirements(scopePath, requirements);
            }

            transports[transport] = parsedScopes;
        }

        return new PolicyConfig
        {
            Default = parser.Requirements("default", dto.Default),
            Transports = transports,
            Path = file,
        };
    }

    private List<PolicyRequirement> Requirements(string path, List<PolicyRequirementDto>? list)
    {
        if (list is null or { Count: 0 })
        {
            throw Fail(path, "List of verification policy requirements must not be empty");
        }

        return list.Select((r, i) => Requirement(JsonPositions.Element(path, i), r)).ToList();
    }

    private PolicyRequirement Requirement(string path, PolicyRequirementDto? r)
    {
        if (r is null)
        {
            throw Fail(path, "a policy requirement must be a JSON object");
        }

        RejectExtra(path, r.Extra);
        switch (r.Type)
        {
            case "insecureAcceptAnything":
                AllowOnly(path, r, "type");
                return new InsecureAcceptAnythingRequirement();
            case "reject":
                AllowOnly(path, r, "type");
                return new RejectRequirement();
            case "signedBy":
                AllowOnly(path, r, "type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity");
                return SignedBy(path, r);
            case "signedBaseLayer":
                AllowOnly(path, r, "type", "baseLayerIdentity");
                return new SignedBaseLayerRequirement
                {
                    BaseLayerIdentity = r.BaseLayerIdentity is { } bli
                        ? ReferenceMatch(JsonPositions.Member(path, "baseLayerIdentity"), bli)
                        : throw Fail(path, "Key \"baseLayerIdentity\" missing in a JSON object"),
                };
            case "sigstoreSigned":
                AllowOnly(path, r, "type", "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "rekorPublicKeyPath",
                    "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas", "pki", "signedIdentity");
                return SigstoreSigned(path, r);
            default:
                throw Fail(r.Type is null ? path : JsonPositions.Member(path, "type"), $"Unknown policy requirement type \"{r.Type}\" (use insecureAcceptAnything, reject, signedBy, signedBaseLayer or sigstoreSigned)");
        }
    }

    private SignedByRequirement SignedBy(string path, PolicyRequirementDto r)
    {
        SignedByKeyType keyType = r.KeyType switch
        {
            "GPGKeys" => SignedByKeyType.GpgKeys,
            "signedByGPGKeys" => SignedByKeyType.SignedByGpgKeys,
            "X509Certificates" => SignedByKeyType.X509Certificates,
            "signedByX509CAs" => SignedByKeyType.SignedByX509CAs,
            null => throw Fail(path, "invalid keyType \"\" (use GPGKeys)"),
            _ => throw Fail(JsonPositions.Member(path, "keyType"), $"Unrecognized keyType value \"{r.KeyType}\" (use GPGKeys)"),
        };
        var identity = r.SignedIdentity is { } si ? ReferenceMatch(JsonPositions.Member(path, "signedIdentity"), si) : new MatchRepoDigestOrExact();
        var present = (r.KeyPath is not null ? 1 : 0) + (r.KeyPaths is not null ? 1 : 0) + (r.KeyData is not null ? 1 : 0);
        if (present == 0)
        {
            throw Fail(path, "Exactly one of keyPath, keyPaths and keyData must be specified, none of them present");
        }

        if (present > 1)
        {
            throw Fail(path, "Exactly one of keyPath, keyPaths and keyData must be specified, more than one present");
        }

        if (r.KeyPath == "")
        {
            throw Fail(JsonPositions.Member(path, "keyPath"), "exactly one of keyPath, keyPaths and keyData must be specified (keyPath is empty)");
        }

        return new SignedByRequirement { KeyType = keyType, KeyPath = r.KeyPath, KeyPaths = r.KeyPaths, KeyData = r.KeyData, SignedIdentity = identity };
    }

    private SigstoreSignedRequirement SigstoreSigned(string path, PolicyRequirementDto r)
    {
        RequireEntries(path, "keyPaths", r.KeyPaths);
        RequireEntries(path, "keyDatas", r.KeyDatas);
        RequireEntries(path, "rekorPublicKeyPaths", r.RekorPublicKeyPaths);
        RequireEntries(path, "rekorPublicKeyDatas", r.RekorPublicKeyDatas);
        var fulcio = r.Fulcio is { } f ? Fulcio(JsonPositions.Member(path, "fulcio"), f) : null;
        var pki = r.Pki is { } p ? Pki(JsonPositions.Member(path, "pki"), p) : null;
        var keySources = (!string.IsNullOrEmpty(r.KeyPath) ? 1 : 0) + (r.KeyPaths is not null ? 1 : 0) + (r.KeyData is not null ? 1 : 0)
            + (r.KeyDatas is not null ? 1 : 0) + (fulcio is not null ? 1 : 0) + (pki is not null ? 1 : 0);
        if (keySources != 1)
        {
            throw Fail(path, "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio, and pki must be specified");
        }

        var rekorSources = (!string.IsNullOrEmpty(r.RekorPublicKeyPath) ? 1 : 0) + (r.RekorPublicKeyPaths is not null ? 1 : 0)
            + (r.RekorPublicKeyData is not null ? 1 : 0) + (r.RekorPublicKeyDatas is not null ? 1 : 0);
        if (rekorSources > 1)
        {
            throw Fail(path, "at most one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas can be used simultaneously");
        }

        if (fulcio is not null && rekorSources == 0)
        {
            throw Fail(path, "At least one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas must be specified if fulcio is used");
        }

        if (pki is not null && rekorSources > 0)
        {
            throw Fail(path, "rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData and rekorPublicKeyDatas are not supported for pki");
        }

        return new SigstoreSignedRequirement
        {
            KeyPath = r.KeyPath,
            KeyPaths = r.KeyPaths,
            KeyData = r.KeyData,
            KeyDatas = r.KeyDatas,
            Fulcio = fulcio,
            RekorPublicKeyPath = r.RekorPublicKeyPath,
            RekorPublicKeyPaths = r.RekorPublicKeyPaths,
            RekorPublicKeyData = r.RekorPublicKeyData,
            RekorPublicKeyDatas = r.RekorPublicKeyDatas,
            Pki = pki,
            SignedIdentity = r.SignedIdentity is { } si ? ReferenceMatch(JsonPositions.Member(path, "signedIdentity"), si) : new MatchRepoDigestOrExact(),
        };
    }

    private SigstoreFulcio Fulcio(string path, SigstoreFulcioDto f)
    {
        RejectExtra(path, f.Extra);
        if (!string.IsNullOrEmpty(f.CaPath) && f.CaData is not null)
        {
            throw Fail(path, "caPath and caData cannot be used simultaneously");
        }

        if (string.IsNullOrEmpty(f.CaPath) && f.CaData is null)
        {
            throw Fail(path, "At least one of caPath and caData must be specified");
        }

        return new SigstoreFulcio(f.CaPath, f.CaData,
            string.IsNullOrEmpty(f.OidcIssuer) ? throw Fail(path, "oidcIssuer not specified") : f.OidcIssuer,
            string.IsNullOrEmpty(f.SubjectEmail) ? throw Fail(path, "subjectEmail not specified") : f.SubjectEmail);
    }

    private SigstorePki Pki(string path, SigstorePkiDto p)
    {
        RejectExtra(path, p.Extra);
        if (!string.IsNullOrEmpty(p.CaRootsPath) && p.CaRootsData is not null)
        {
            throw Fail(path, "caRootsPath and caRootsData cannot be used simultaneously");
        }

        if (string.IsNullOrEmpty(p.CaRootsPath) && p.CaRootsData is null)
        {
            throw Fail(path, "At least one of caRootsPath and caRootsData must be specified");
        }

        if (!string.IsNullOrEmpty(p.CaIntermediatesPath) && p.CaIntermediatesData is not null)
        {
            throw Fail(path, "caIntermediatesPath and caIntermediatesData cannot be used simultaneously");
        }

        if (string.IsNullOrEmpty(p.SubjectEmail) && string.IsNullOrEmpty(p.SubjectHostname))
        {
            throw Fail(path, "At least one of subjectEmail, subjectHostname must be specified");
        }

        return new SigstorePki(p.CaRootsPath, p.CaRootsData, p.CaIntermediatesPath, p.CaIntermediatesData, p.SubjectEmail, p.SubjectHostname);
    }

    private PolicyReferenceMatch ReferenceMatch(string path, PolicyReferenceMatchDto m)
    {
        RejectExtra(path, m.Extra);
        var present = new List<string>();
        if (m.DockerReference is not null)
        {
            present.Add("dockerReference");
        }

        if (m.DockerRepository is not null)
        {
            present.Add("dockerRepository");
        }

        if (m.Prefix is not null)
        {
            present.Add("prefix");
        }

        if (m.SignedPrefix is not null)
        {
            present.Add("signedPrefix");
        }

        string[] expected = m.Type switch
        {
            "matchExact" or "matchRepoDigestOrExact" or "matchRepository" => [],
            "exactReference" => ["dockerReference"],
            "exactRepository" => ["dockerRepository"],
            "remapIdentity" => ["prefix", "signedPrefix"],
            _ => throw Fail(m.Type is null ? path : JsonPositions.Member(path, "type"), $"Unknown policy reference match type \"{m.Type}\""),
        };
        foreach (var extra in present.Except(expected))
        {
            throw Fail(JsonPositions.Member(path, extra), $"Unknown key \"{extra}\"");
        }

        foreach (var missing in expected.Except(present))
        {
            throw Fail(path, $"Key \"{missing}\" missing in a JSON object");
        }

        switch (m.Type)
        {
            case "matchExact":
                return new MatchExact();
            case "matchRepoDigestOrExact":
                return new MatchRepoDigestOrExact();
            case "matchRepository":
                return new MatchRepository();
            case "exactReference":
                var reference = ReferenceGrammar.ParseNormalized(m.DockerReference!, out var refError);
                if (reference is null)
                {
                    throw Fail(JsonPositions.Member(path, "dockerReference"), $"Invalid format of dockerReference \"{m.DockerReference}\": {refError}");
                }

                if (reference.Value.Tag is null && reference.Value.Digest is null)
                {
                    throw Fail(JsonPositions.Member(path, "dockerReference"), $"dockerReference \"{m.DockerReference}\" contains neither a tag nor digest");
                }

                return new ExactReference(m.DockerReference!);
            case "exactRepository":
                if (ReferenceGrammar.ParseNormalized(m.DockerRepository!, out var repoError) is null)
                {
                    throw Fail(JsonPositions.Member(path, "dockerRepository"), $"Invalid format of dockerRepository \"{m.DockerRepository}\": {repoError}");
                }

                return new ExactRepository(m.DockerRepository!);
            default:
                ValidateRemapPrefix(JsonPositions.Member(path, "prefix"), m.Prefix!);
                ValidateRemapPrefix(JsonPositions.Member(path, "signedPrefix"), m.SignedPrefix!);
                return new RemapIdentity(m.Prefix!, m.SignedPrefix!);
        }
    }

    private void ValidateRemapPrefix(string path, string prefix)
    {
        if (!ReferenceGrammar.AnchoredDomain().IsMatch(prefix)
            && !(ReferenceGrammar.AnchoredName().IsMatch(prefix) && ReferenceGrammar.DomainPrefix().IsMatch(prefix)))
        {
            throw Fail(path, $"prefix \"{prefix}\" is not valid");
        }
    }

    private void AllowOnly(string path, PolicyRequirementDto r, params string[] allowed)
    {
        (string Name, bool Present)[] fields =
        [
            ("keyType", r.KeyType is not null), ("keyPath", r.KeyPath is not null), ("keyPaths", r.KeyPaths is not null),
            ("keyData", r.KeyData is not null), ("keyDatas", r.KeyDatas is not null), ("signedIdentity", r.SignedIdentity is not null),
            ("baseLayerIdentity", r.BaseLayerIdentity is not null), ("fulcio", r.Fulcio is not null),
            ("rekorPublicKeyPath", r.RekorPublicKeyPath is not null), ("rekorPublicKeyPaths", r.RekorPublicKeyPaths is not null),
            ("rekorPublicKeyData", r.RekorPublicKeyData is not null), ("rekorPublicKeyDatas", r.RekorPublicKeyDatas is not null),
            ("pki", r.Pki is not null),
        ];
        foreach (var (name, present) in fields)
        {
            if (present && !allowed.Contains(name))
            {
                throw Fail(JsonPositions.Member(path, name), $"Unknown key \"{name}\" for a requirement of type \"{r.Type}\"");
            }
        }
    }

    private void RequireEntries<T>(string path, string name, List<T>? list)
    {
        if (list is { Count: 0 })
        {
            throw Fail(JsonPositions.Member(path, name), $"\"{name}\" contains no entries");
        }
    }

    private void RejectExtra(string path, Dictionary<string, JsonElement>? extra)
    {
        if (extra is { Count: > 0 })
        {
            var name = extra.Keys.First();
            throw Fail(JsonPositions.Member(path, name), $"Unknown key \"{name}\"");
        }
    }

    private BerthException Fail(string path, string problem)
    {
        var where = path.Length == 0 ? "" : path + ": ";
        return ConfigErrors.Invalid(_file, _positions.Find(path), $"invalid policy: {where}{problem} (fix the file)");
    }

}
