using System.Text;
using System.Text.Json;

namespace Berth.Config;

/// <summary>podman's <c>genericPolicyContent</c> round trip for <see cref="AddTrustEntries"/>: the file read with each scope
/// kept as raw JSON text, and written back as Go's <c>json.MarshalIndent</c>.</summary>
public static partial class PolicyConfigWriter
{
    /// <summary>podman's genericPolicyContent: <c>default</c> and each scope kept as raw JSON text.</summary>
    private sealed class GenericPolicy
    {
        public string? Default { get; set; }

        public Dictionary<string, Dictionary<string, string>?>? Transports { get; set; }
    }

    /// <summary>Reads the file into podman's generic shape; a missing file is an empty policy.</summary>
    private static GenericPolicy ReadGeneric(string path)
    {
        var policy = new GenericPolicy();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return policy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GoFileError("open", path, e);
        }

        // Go's json.Unmarshal: any syntax or type error is podman's one message.
        var invalid = BerthException.InvalidArgument("could not read trust policies");
        if (GoJsonScanner.Validate(bytes) is not null)
        {
            throw invalid;
        }

        using var document = GoJsonText.Parse(bytes) ?? throw invalid;
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return policy;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw invalid;
        }

        foreach (var member in root.EnumerateObject())
        {
            if (GoJsonRules.KeyMatchesField(member.Name, "default"))
            {
                policy.Default = member.Value.GetRawText();
            }
            else if (GoJsonRules.KeyMatchesField(member.Name, "transports"))
            {
                switch (member.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        policy.Transports = null;
                        break;
                    case JsonValueKind.Object:
                        // Go decodes into the existing map: a second "transports" member adds to the first.
                        policy.Transports ??= new Dictionary<string, Dictionary<string, string>?>(StringComparer.Ordinal);
                        foreach (var transport in member.Value.EnumerateObject())
                        {
                            policy.Transports[transport.Name] = transport.Value.ValueKind switch
                            {
                                JsonValueKind.Null => null,
                                JsonValueKind.Object => transport.Value.EnumerateObject()
                                    .GroupBy(s => s.Name, StringComparer.Ordinal)
                                    .ToDictionary(g => g.Key, g => g.Last().Value.GetRawText(), StringComparer.Ordinal),
                                _ => throw invalid,
                            };
                        }

                        break;
                    default:
                        throw invalid;
                }
            }
        }

        return policy;
    }

    /// <summary>Go's <c>json.MarshalIndent(genericPolicyContent, "", "    ")</c>.</summary>
    private static byte[] Marshal(GenericPolicy policy)
    {
        var compact = new StringBuilder("{\"default\":");
        compact.Append(policy.Default is null ? "null" : GoJsonText.Compact(policy.Default));
        if (policy.Transports is { Count: > 0 } transports)
        {
            compact.Append(",\"transports\":{");
            var first = true;
            foreach (var name in transports.Keys.Order(GoJsonRules.Utf8Order))
            {
                compact.Append(first ? "" : ",").Append(GoJsonText.Quote(name)).Append(':');
                first = false;
                if (transports[name] is not { } scopes)
                {
                    compact.Append("null");
                    continue;
                }

                compact.Append('{');
                var firstScope = true;
                foreach (var scope in scopes.Keys.Order(GoJsonRules.Utf8Order))
                {
                    compact.Append(firstScope ? "" : ",").Append(GoJsonText.Quote(scope)).Append(':').Append(GoJsonText.Compact(scopes[scope]));
                    firstScope = false;
                }

                compact.Append('}');
            }

            compact.Append('}');
        }

        compact.Append('}');
        return Encoding.UTF8.GetBytes(GoJsonText.Indent(compact.ToString(), "    "));
    }
}
