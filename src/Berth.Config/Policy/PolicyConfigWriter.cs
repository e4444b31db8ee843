using System.Text;
using System.Text.Json;

namespace Berth.Config;

/// <summary>
/// <c>image trust set</c>: edits policy.json the way podman 4.3's <c>trust.AddPolicyEntries</c> does, byte for byte —
/// the requirements of one scope (or the default) are replaced, everything else under <c>default</c> and
/// <c>transports</c> is kept as written (requirement types Berth does not model included), and the document is written
/// as Go's <c>json.MarshalIndent(…, "", "    ")</c> (sorted transports and scopes, HTML characters escaped, no final
/// newline). Unlike podman, the file is replaced atomically (temp file in the same directory, fsync, rename) and keeps
/// its mode; like podman, a missing file is created (0644) but a missing directory is an error.
/// </summary>
public static class PolicyConfigWriter
{
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = NewFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// The policy file podman 4.3's <c>image trust</c> reads and writes when <c>--policypath</c> is not given: the
    /// engine's <c>SignaturePolicyPath</c> of containers/common 0.50. Root always uses <c>/etc/containers/policy.json</c>;
    /// rootless uses <c>$XDG_CONFIG_HOME/containers/policy.json</c> unless it is missing and the system file exists.
    /// (Pulls use <see cref="PolicyConfigLoader.Locate"/>, which also looks at <c>$HOME/.config</c> for root.)
    /// </summary>
    public static string TrustPolicyPath(ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var system = environment.SystemPath("/etc/containers/policy.json");
        if (environment.IsRoot)
        {
            return system;
        }

        var user = Path.Combine(environment.XdgConfigHome, "containers", "policy.json");
        return !Path.Exists(user) && Path.Exists(system) ? system : user;
    }

    /// <summary>
    /// Sets the requirements of <paramref name="scope"/> (<c>default</c> for the global default) to
    /// <paramref name="trustType"/>: <c>accept</c>/<c>insecureAcceptAnything</c> or <c>reject</c> without keys,
    /// <c>signedBy</c> (GPG keys) or <c>sigstoreSigned</c> with one requirement per key file, stored as given. An existing
    /// scope is replaced in whichever transport has it; a new one goes under <c>docker</c>.
    /// </summary>
    /// <exception cref="BerthException">podman's messages: wrong keys for the type, an unreadable or malformed file, no default
    /// requirement when setting a scope, a missing directory.</exception>
    public static void AddTrustEntries(string policyPath, string scope, string trustType, IReadOnlyList<string> publicKeyFiles)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyPath);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(trustType);
        ArgumentNullException.ThrowIfNull(publicKeyFiles);
        var requirements = NewRequirements(trustType, publicKeyFiles);
        var policy = ReadGeneric(policyPath);
        if (scope == "default")
        {
            policy.Default = requirements;
        }
        else
        {
            if (policy.Default is null)
            {
                throw BerthException.InvalidArgument("default trust policy must be set");
            }

            // podman takes the first transport of a Go map walk (random order) that has the scope; Berth takes the
            // first in sorted order, which is the same whenever only one transport has it.
            var transports = policy.Transports ??= new Dictionary<string, Dictionary<string, string>?>(StringComparer.Ordinal);
            var holder = transports.Keys.Order(GoJsonRules.Utf8Order).FirstOrDefault(t => transports[t]?.ContainsKey(scope) == true);
            if (holder is not null)
            {
                transports[holder]![scope] = requirements;
            }
            else
            {
                (transports.TryGetValue("docker", out var docker) && docker is not null
                    ? docker
                    : transports["docker"] = new Dictionary<string, string>(StringComparer.Ordinal))[scope] = requirements;
            }
        }

        Write(policyPath, Marshal(policy));
    }

    /// <summary>The JSON podman writes for the new requirements (Go's compact <c>json.Marshal</c> of its repoContent list).</summary>
    private static string NewRequirements(string trustType, IReadOnlyList<string> keys)
    {
        var type = trustType == "accept" ? "insecureAcceptAnything" : trustType;
        switch (type)
        {
            case "insecureAcceptAnything" or "reject":
                return keys.Count != 0
                    ? throw BerthException.InvalidArgument($"{keys.Count} public keys unexpectedly provided for trust type {trustType}")
                    : $"[{{\"type\":\"{type}\"}}]";
            case "signedBy" or "sigstoreSigned":
                if (keys.Count == 0)
                {
                    throw BerthException.InvalidArgument($"at least one public key must be defined for type '{type}'");
                }

                var keyType = type == "signedBy" ? ",\"keyType\":\"GPGKeys\"" : "";
                // keyPath is omitempty in podman's struct: an empty name leaves the member out.
                return "[" + string.Join(',', keys.Select(k => $"{{\"type\":\"{type}\"{keyType}{(k.Length == 0 ? "" : ",\"keyPath\":" + GoJsonText.Quote(k))}}}")) + "]";
            default:
                throw BerthException.InvalidArgument($"unknown trust type {GoJsonText.Quote(trustType)}");
        }
    }

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

    private static void Write(string policyPath, byte[] content)
    {
        // os.WriteFile writes through a symlink; replace its target, not the link.
        var target = Path.GetFullPath(policyPath);
        try
        {
            if (File.ResolveLinkTarget(target, returnFinalTarget: true) is { } linked)
            {
                target = linked.FullName;
            }
        }
        catch (IOException)
        {
            // Not a link, or a link loop: write the path itself and let the write report the problem.
        }

        if (!Directory.Exists(Path.GetDirectoryName(target)))
        {
            // podman does not create the directory either.
            throw BerthException.NotFound($"open {policyPath}: no such file or directory");
        }

        var mode = NewFileMode;
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            mode = File.GetUnixFileMode(target);
        }

        try
        {
            AtomicFile.Write(target, content, mode, DirectoryMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GoFileError("open", policyPath, e);
        }
    }

    /// <summary>An I/O failure in Go's words (<c>open PATH: permission denied</c>).</summary>
    internal static BerthException GoFileError(string operation, string path, Exception e)
    {
        if (Directory.Exists(path))
        {
            return BerthException.InvalidArgument($"read {path}: is a directory");
        }

        var reason = e switch
        {
            UnauthorizedAccessException => "permission denied",
            FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
            _ => e.Message,
        };
        return new BerthException(e is FileNotFoundException or DirectoryNotFoundException ? ErrorKind.NotFound : ErrorKind.InvalidArgument,
            $"{operation} {path}: {reason}", e);
    }
}

/// <summary>One requirement as <c>image trust show</c> lists it (podman 4.3's repoContent).</summary>
/// <param name="Transport">The transport (<c>docker</c>, <c>atomic</c>, …), or null for the global default.</param>
/// <param name="Scope">The scope within the transport; <c>""</c> for a transport's default and for the global default.</param>
/// <param name="Type">The requirement's <c>type</c>, <c>""</c> when missing.</param>
/// <param name="KeyPath"><c>keyPath</c>, <c>""</c> when missing.</param>
/// <param name="KeyPaths"><c>keyPaths</c>.</param>
/// <param name="KeyData"><c>keyData</c> (base64 text), <c>""</c> when missing.</param>
public sealed record PolicyTrustRequirement(string? Transport, string Scope, string Type, string KeyPath, IReadOnlyList<string> KeyPaths, string KeyData);

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

/// <summary>Go's <c>encoding/json</c> rules that show in podman's output: member-name matching and map-key order.</summary>
public static class GoJsonRules
{
    /// <summary>Go's byte order of UTF-8 strings (<c>sort.Strings</c>, sorted map keys in <c>json.Marshal</c>).</summary>
    public static IComparer<string> Utf8Order { get; } = Comparer<string>.Create(static (a, b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    /// <summary>
    /// Whether a JSON member name selects a Go struct field with the (ASCII) JSON name <paramref name="field"/>: equal
    /// ignoring ASCII case, where the Kelvin sign matches <c>k</c> and the long s matches <c>s</c> (Go's <c>foldName</c>).
    /// </summary>
    public static bool KeyMatchesField(string key, string field)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(field);
        if (key.Length != field.Length)
        {
            return false;
        }

        for (var i = 0; i < key.Length; i++)
        {
            var k = key[i] switch
            {
                '\u212A' => 'k',
                '\u017F' => 's',
                var c when c < 0x80 => char.ToLowerInvariant(c),
                _ => '\0',
            };
            if (k != char.ToLowerInvariant(field[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Go's JSON text transformations: <c>json.Compact</c> with HTML escaping, <c>json.Indent</c>, string encoding.</summary>
internal static class GoJsonText
{
    private const string Hex = "0123456789abcdef";

    /// <summary>Parses already validated JSON; null when System.Text.Json refuses what Go accepts (invalid UTF-8).</summary>
    public static JsonDocument? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = GoJsonScanner.MaxDepth + 1 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string value as Go decodes it (invalid escapes of surrogates become U+FFFD).</summary>
    public static string GetString(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "\uFFFD";
        }
    }

    /// <summary>Go's <c>encodeState.string</c> with HTML escaping.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"' or '\\':
                    sb.Append('\\').Append((char)v);
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < 0x20 or '<' or '>' or '&':
                    sb.Append("\\u00").Append(Hex[v >> 4]).Append(Hex[v & 0xF]);
                    break;
                case 0x2028 or 0x2029:
                    sb.Append("\\u202").Append(Hex[v & 0xF]);
                    break;
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>compact(…, escapeHTML: true)</c> of valid JSON text: whitespace outside strings dropped,
    /// <c>&lt; &gt; &amp;</c> U+2028 U+2029 escaped, everything else (including existing escapes) kept.</summary>
    public static string Compact(string json)
    {
        var sb = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            if (c is '<' or '>' or '&' or '\u2028' or '\u2029')
            {
                sb.Append(c < 0x80 ? "\\u00" : "\\u").Append(c < 0x80 ? $"{Hex[c >> 4]}{Hex[c & 0xF]}" : $"202{Hex[c & 0xF]}");
                continue;
            }

            if (inString)
            {
                sb.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            inString = c == '"';
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>json.Indent(dst, compact, "", indent)</c>: empty objects and arrays stay <c>{}</c> and <c>[]</c>.</summary>
    public static string Indent(string compact, string indent)
    {
        var sb = new StringBuilder(compact.Length * 2);
        var depth = 0;
        var needIndent = false;
        var inString = false;
        var escaped = false;
        foreach (var c in compact)
        {
            if (inString)
            {
                sb.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (needIndent && c is not ('}' or ']'))
            {
                needIndent = false;
                depth++;
                NewLine(sb, indent, depth);
            }

            switch (c)
            {
                case '{' or '[':
                    needIndent = true;
                    sb.Append(c);
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, indent, depth);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case '}' or ']':
                    if (needIndent)
                    {
                        needIndent = false;
                    }
                    else
                    {
                        depth--;
                        NewLine(sb, indent, depth);
                    }

                    sb.Append(c);
                    break;
                default:
                    inString = c == '"';
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, string indent, int depth)
    {
        sb.Append('\n');
        for (var i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }
}

/// <summary>
/// Go's <c>encoding/json</c> scanner (<c>checkValid</c>): validates JSON text byte by byte with Go's error messages
/// (<c>invalid character 'x' looking for beginning of value</c>, <c>unexpected end of JSON input</c>, …), which podman
/// prints for a malformed policy.json.
/// </summary>
internal sealed class GoJsonScanner
{
    /// <summary>Go's maxNestingDepth.</summary>
    public const int MaxDepth = 10000;

    private readonly List<Container> _stack = [];
    private State _state = State.BeginValue;
    private bool _endTop;

    private enum Container : byte
    {
        ObjectKey,
        ObjectValue,
        ArrayValue,
    }

    private enum State : byte
    {
        BeginValueOrEmpty, BeginValue, BeginStringOrEmpty, BeginString, EndValue, EndTop,
        InString, InStringEsc, InStringEscU, InStringEscU1, InStringEscU12, InStringEscU123,
        Neg, One, Zero, Dot, Dot0, E, ESign, E0, T, Tr, Tru, F, Fa, Fal, Fals, N, Nu, Nul,
    }

    /// <summary>Null when <paramref name="data"/> is one valid JSON value, else Go's syntax error message.</summary>
    public static string? Validate(ReadOnlySpan<byte> data)
    {
        var scanner = new GoJsonScanner();
        foreach (var c in data)
        {
            if (scanner.Step(c) is { } error)
            {
                return error;
            }
        }

        // Go's scanner.eof: one more space finishes a number at the top level or reports a cut-off literal.
        if (scanner._endTop)
        {
            return null;
        }

        return scanner.Step((byte)' ') ?? (scanner._endTop ? null : "unexpected end of JSON input");
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte c) => IsDigit(c) || c is >= (byte)'a' and <= (byte)'f' || c is >= (byte)'A' and <= (byte)'F';

    private string? Step(byte c)
    {
        while (true)
        {
            switch (_state)
            {
                case State.BeginValueOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    _state = c == ']' ? State.EndValue : State.BeginValue;
                    continue;
                case State.BeginValue:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    switch (c)
                    {
                        case (byte)'{':
                            _state = State.BeginStringOrEmpty;
                            return Push(c, Container.ObjectKey);
                        case (byte)'[':
                            _state = State.BeginValueOrEmpty;
                            return Push(c, Container.ArrayValue);
                        case (byte)'"':
                            _state = State.InString;
                            return null;
                        case (byte)'-':
                            _state = State.Neg;
                            return null;
                        case (byte)'0':
                            _state = State.Zero;
                            return null;
                        case (byte)'t':
                            _state = State.T;
                            return null;
                        case (byte)'f':
                            _state = State.F;
                            return null;
                        case (byte)'n':
                            _state = State.N;
                            return null;
                        case >= (byte)'1' and <= (byte)'9':
                            _state = State.One;
                            return null;
                        default:
                            return Error(c, "looking for beginning of value");
                    }

                case State.BeginStringOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    if (c == '}')
                    {
                        _stack[^1] = Container.ObjectValue;
                        _state = State.EndValue;
                        continue;
                    }

                    _state = State.BeginString;
                    continue;
                case State.BeginString:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    if (c != '"')
                    {
                        return Error(c, "looking for beginning of object key string");
                    }

                    _state = State.InString;
                    return null;
                case State.EndValue:
                    if (_stack.Count == 0)
                    {
                        _state = State.EndTop;
                        _endTop = true;
                        continue;
                    }

                    if (IsSpace(c))
                    {
                        return null;
                    }

                    return EndValue(c);
                case State.EndTop:
                    return IsSpace(c) ? null : Error(c, "after top-level value");
                case State.InString:
                    if (c == '"')
                    {
                        _state = State.EndValue;
                    }
                    else if (c == '\\')
                    {
                        _state = State.InStringEsc;
                    }
                    else if (c < 0x20)
                    {
                        return Error(c, "in string literal");
                    }

                    return null;
                case State.InStringEsc:
                    if (c is (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'\\' or (byte)'/' or (byte)'"')
                    {
                        _state = State.InString;
                        return null;
                    }

                    if (c == 'u')
                    {
                        _state = State.InStringEscU;
                        return null;
                    }

                    return Error(c, "in string escape code");
                case State.InStringEscU or State.InStringEscU1 or State.InStringEscU12 or State.InStringEscU123:
                    if (!IsHex(c))
                    {
                        return Error(c, "in \\u hexadecimal character escape");
                    }

                    _state = _state == State.InStringEscU123 ? State.InString : _state + 1;
                    return null;
                case State.Neg:
                    if (c == '0')
                    {
                        _state = State.Zero;
                        return null;
                    }

                    if (c is >= (byte)'1' and <= (byte)'9')
                    {
                        _state = State.One;
                        return null;
                    }

                    return Error(c, "in numeric literal");
                case State.One:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    _state = State.Zero;
                    continue;
                case State.Zero:
                    if (c == '.')
                    {
                        _state = State.Dot;
                        return null;
                    }

                    _state = c is (byte)'e' or (byte)'E' ? State.E : State.EndValue;
                    if (_state == State.E)
                    {
                        return null;
                    }

                    continue;
                case State.Dot:
                    if (!IsDigit(c))
                    {
                        return Error(c, "after decimal point in numeric literal");
                    }

                    _state = State.Dot0;
                    return null;
                case State.Dot0:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    if (c is (byte)'e' or (byte)'E')
                    {
                        _state = State.E;
                        return null;
                    }

                    _state = State.EndValue;
                    continue;
                case State.E:
                    _state = State.ESign;
                    if (c is (byte)'+' or (byte)'-')
                    {
                        return null;
                    }

                    continue;
                case State.ESign:
                    if (!IsDigit(c))
                    {
                        return Error(c, "in exponent of numeric literal");
                    }

                    _state = State.E0;
                    return null;
                case State.E0:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    _state = State.EndValue;
                    continue;
                default:
                    return Literal(c);
            }
        }
    }

    /// <summary>The letters of <c>true</c>, <c>false</c> and <c>null</c> after the first.</summary>
    private string? Literal(byte c)
    {
        var (expected, next, literal) = _state switch
        {
            State.T => ('r', State.Tr, "true"),
            State.Tr => ('u', State.Tru, "true"),
            State.Tru => ('e', State.EndValue, "true"),
            State.F => ('a', State.Fa, "false"),
            State.Fa => ('l', State.Fal, "false"),
            State.Fal => ('s', State.Fals, "false"),
            State.Fals => ('e', State.EndValue, "false"),
            State.N => ('u', State.Nu, "null"),
            State.Nu => ('l', State.Nul, "null"),
            _ => ('l', State.EndValue, "null"),
        };
        if (c != expected)
        {
            return Error(c, $"in literal {literal} (expecting '{expected}')");
        }

        _state = next;
        return null;
    }

    private string? EndValue(byte c)
    {
        switch (_stack[^1])
        {
            case Container.ObjectKey:
                if (c != ':')
                {
                    return Error(c, "after object key");
                }

                _stack[^1] = Container.ObjectValue;
                _state = State.BeginValue;
                return null;
            case Container.ObjectValue:
                if (c == ',')
                {
                    _stack[^1] = Container.ObjectKey;
                    _state = State.BeginString;
                    return null;
                }

                return c == '}' ? Pop() : Error(c, "after object key:value pair");
            default:
                if (c == ',')
                {
                    _state = State.BeginValue;
                    return null;
                }

                return c == ']' ? Pop() : Error(c, "after array element");
        }
    }

    private string? Push(byte c, Container container)
    {
        _stack.Add(container);
        return _stack.Count <= MaxDepth ? null : Error(c, "exceeded max depth");
    }

    private string? Pop()
    {
        _stack.RemoveAt(_stack.Count - 1);
        if (_stack.Count == 0)
        {
            _state = State.EndTop;
            _endTop = true;
        }
        else
        {
            _state = State.EndValue;
        }

        return null;
    }

    /// <summary>Go's <c>"invalid character " + quoteChar(c) + " " + context</c>.</summary>
    private static string Error(byte c, string context) => $"invalid character {QuoteChar(c)} {context}";

    /// <summary>Go's <c>quoteChar</c>: the byte as a rune in <c>strconv.Quote</c>'s form between single quotes.</summary>
    private static string QuoteChar(byte c) => c switch
    {
        (byte)'\'' => "'\\''",
        (byte)'"' => "'\"'",
        (byte)'\\' => "'\\\\'",
        7 => "'\\a'",
        8 => "'\\b'",
        12 => "'\\f'",
        10 => "'\\n'",
        13 => "'\\r'",
        9 => "'\\t'",
        11 => "'\\v'",
        < 0x20 or 0x7F => $"'\\x{c:x2}'",
        (>= 0x80 and <= 0xA0) or 0xAD => $"'\\u{c:x4}'",
        _ => $"'{(char)c}'",
    };
}
