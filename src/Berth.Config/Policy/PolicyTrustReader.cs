using System.Text.Json;

namespace Berth.Config;

/// <summary>
/// Reads policy.json for <c>image trust show</c> as podman 4.3's <c>trust.getPolicy</c> does: Go's lenient decoding
/// (unknown members ignored, member names matched case-insensitively, any requirement type accepted) with Go's error
/// messages, and the order podman lists: the default, then transports and scopes sorted. Pulls use the strict
/// <see cref="PolicyConfigLoader"/> instead.
/// </summary>
public static class PolicyTrustReader
{
    private static readonly string[] RequirementFields = ["type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"];

    /// <summary>The file's bytes (for <c>--raw</c> and <see cref="Read"/>).</summary>
    /// <exception cref="BerthException">Go's <c>os.ReadFile</c> message, e.g. <c>open PATH: no such file or directory</c>.</exception>
    public static byte[] ReadFile(string policyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        try
        {
            return File.ReadAllBytes(policyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw PolicyConfigWriter.GoFileError("open", policyPath, e);
        }
    }

    /// <exception cref="BerthException">Malformed JSON or a member of the wrong type:
    /// <c>could not parse trust policies from PATH: …</c> with Go's message.</exception>
    public static IReadOnlyList<PolicyTrustRequirement> Read(string policyPath, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(policyPath);
        var error = GoJsonScanner.Validate(content);
        List<PolicyTrustRequirement> result = [];
        if (error is null)
        {
            using var document = GoJsonText.Parse(content);
            error = document is null ? "invalid UTF-8 or escape in JSON text" : Decode(document.RootElement, result);
        }

        return error is null
            ? result
            : throw BerthException.InvalidArgument($"could not parse trust policies from {policyPath}: {error}");
    }

    private static string? Decode(JsonElement root, List<PolicyTrustRequirement> result)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return TypeError(root, "trust.policyContent", null, "");
        }

        List<PolicyTrustRequirement>? defaults = null;
        Dictionary<string, Dictionary<string, List<PolicyTrustRequirement>?>?>? transports = null;
        foreach (var member in root.EnumerateObject())
        {
            if (GoJsonRules.KeyMatchesField(member.Name, "default"))
            {
                if (Requirements(member.Value, null, "", "policyContent", "default", out defaults) is { } e)
                {
                    return e;
                }
            }
            else if (GoJsonRules.KeyMatchesField(member.Name, "transports"))
            {
                var value = member.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    transports = null;
                    continue;
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    return TypeError(value, "trust.transportsContent", "policyContent", "transports");
                }

                transports ??= new(StringComparer.Ordinal);
                foreach (var transport in value.EnumerateObject())
                {
                    if (transport.Value.ValueKind == JsonValueKind.Null)
                    {
                        transports[transport.Name] = null;
                        continue;
                    }

                    if (transport.Value.ValueKind != JsonValueKind.Object)
                    {
                        return TypeError(transport.Value, "trust.repoMap", "policyContent", "transports");
                    }

                    var scopes = new Dictionary<string, List<PolicyTrustRequirement>?>(StringComparer.Ordinal);
                    foreach (var scope in transport.Value.EnumerateObject())
                    {
                        if (Requirements(scope.Value, transport.Name, scope.Name, "policyContent", "transports", out var list) is { } e)
                        {
                            return e;
                        }

                        scopes[scope.Name] = list;
                    }

                    transports[transport.Name] = scopes;
                }
            }
        }

        result.AddRange(defaults ?? []);
        foreach (var transport in (transports ?? []).Keys.Order(GoJsonRules.Utf8Order))
        {
            var scopes = transports![transport] ?? [];
            foreach (var scope in scopes.Keys.Order(GoJsonRules.Utf8Order))
            {
                result.AddRange(scopes[scope] ?? []);
            }
        }

        return null;
    }

    /// <summary>A <c>[]repoContent</c> value.</summary>
    private static string? Requirements(JsonElement value, string? transport, string scope, string structName, string field, out List<PolicyTrustRequirement>? list)
    {
        list = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return TypeError(value, "[]trust.repoContent", structName, field);
        }

        list = [];
        foreach (var element in value.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Null:
                    list.Add(new PolicyTrustRequirement(transport, scope, "", "", [], ""));
                    break;
                case JsonValueKind.Object:
                    if (Requirement(element, transport, scope, field, out var requirement) is { } e)
                    {
                        return e;
                    }

                    list.Add(requirement);
                    break;
                default:
                    return TypeError(element, "trust.repoContent", structName, field);
            }
        }

        return null;
    }

    private static string? Requirement(JsonElement value, string? transport, string scope, string outerField, out PolicyTrustRequirement requirement)
    {
        string type = "", keyPath = "", keyData = "";
        IReadOnlyList<string> keyPaths = [];
        requirement = new PolicyTrustRequirement(transport, scope, "", "", [], "");
        foreach (var member in value.EnumerateObject())
        {
            var field = Array.Find(RequirementFields, f => GoJsonRules.KeyMatchesField(member.Name, f));
            var v = member.Value;
            var stack = outerField + "." + field;
            switch (field)
            {
                case null or "signedIdentity":
                    continue;
                case "keyPaths":
                    if (v.ValueKind == JsonValueKind.Null)
                    {
                        keyPaths = [];
                        continue;
                    }

                    if (v.ValueKind != JsonValueKind.Array)
                    {
                        return TypeError(v, "[]string", "repoContent", stack);
                    }

                    var paths = new List<string>();
                    foreach (var item in v.EnumerateArray())
                    {
                        if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                        {
                            return TypeError(item, "string", "repoContent", stack);
                        }

                        paths.Add(item.ValueKind == JsonValueKind.String ? GoJsonText.GetString(item) : "");
                    }

                    keyPaths = paths;
                    continue;
                default:
                    if (v.ValueKind == JsonValueKind.Null)
                    {
                        continue; // Go leaves a string unchanged for null.
                    }

                    if (v.ValueKind != JsonValueKind.String)
                    {
                        return TypeError(v, "string", "repoContent", stack);
                    }

                    var text = GoJsonText.GetString(v);
                    _ = field switch
                    {
                        "type" => type = text,
                        "keyPath" => keyPath = text,
                        "keyData" => keyData = text,
                        _ => text, // keyType: not shown
                    };
                    continue;
            }
        }

        requirement = new PolicyTrustRequirement(transport, scope, type, keyPath, keyPaths, keyData);
        return null;
    }

    /// <summary>Go's <c>UnmarshalTypeError</c> text.</summary>
    private static string TypeError(JsonElement value, string goType, string? structName, string field)
    {
        var kind = value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        };
        return structName is null
            ? $"json: cannot unmarshal {kind} into Go value of type {goType}"
            : $"json: cannot unmarshal {kind} into Go struct field {structName}.{field} of type {goType}";
    }
}
