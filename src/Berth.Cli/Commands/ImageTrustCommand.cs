using System.Text;
using System.Text.RegularExpressions;
using Berth.Cli.CommandLine;
using Berth.Config;
using Berth.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>image trust show|set</c>: podman 4.3's view and editor of policy.json (cmd/podman/images/trust_*.go,
/// pkg/trust). <c>show</c> lists each requirement with the user IDs of its GPG keys (read from the key files directly,
/// where podman runs <c>gpg2 --with-colons</c>) and the lookaside signature store from registries.d; <c>set</c>
/// replaces the requirements of one scope through <see cref="PolicyConfigWriter"/>. Both take podman's hidden
/// <c>--policypath</c>; <c>show</c> also the hidden <c>--registrypath</c> (registries.d directory).
/// </summary>
public static partial class ImageTrustCommand
{
    private static readonly string[] HeaderFields = ["Transport", "RepoName", "Type", "GPGId", "SignatureStore"];

    // podman builds the header from images' imageReporter plus these overrides; only the overridden names are used.
    private static readonly Dictionary<string, string> HeaderOverrides = new(StringComparer.Ordinal)
    {
        ["Transport"] = "Transport",
        ["RepoName"] = "Name",
        ["Type"] = "Type",
        ["GPGId"] = "Id",
        ["SignatureStore"] = "Store",
    };

    private static readonly Dictionary<string, string> TypeDescriptions = new(StringComparer.Ordinal)
    {
        ["insecureAcceptAnything"] = "accept",
        ["signedBy"] = "signed",
        ["sigstoreSigned"] = "sigstoreSigned",
        ["reject"] = "reject",
    };

    /// <summary>The <c>trust</c> group with <c>show</c> and <c>set</c>, for <c>image</c>.</summary>
    public static CommandSpec Create() => new CommandSpec("trust", "Manage container image trust policy")
    {
        Description = "Manages which registries you trust as a source of container images based on their location.\n"
            + "The location is determined by the transport and the registry host of the image.  Using this container image "
            + "docker://quay.io/podman/stable as an example, docker is the transport and quay.io is the registry host.",
        Usage = "[command]",
    }.Add(Show(), Set());

    private static CommandSpec Show() => new("show", "Display trust policy for the system")
    {
        Usage = "[options] [REGISTRY]",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("json", 'j', "Output as json"),
            OptionSpec.Flag("noheading", 'n', "Do not print column headings"),
            new OptionSpec("policypath", null, OptionKind.String, "", Hidden: true),
            OptionSpec.Flag("raw", null, "Output raw policy file"),
            new OptionSpec("registrypath", null, OptionKind.String, "", Hidden: true),
        ],
        Action = ShowAsync,
    };

    private static CommandSpec Set() => new("set", "Set default trust policy or a new trust policy for a registry")
    {
        Description = "Set default trust policy or add a new trust policy for a registry",
        Usage = "[options] REGISTRY",
        Args = ArgsRule.Exactly(1),
        Options =
        [
            new OptionSpec("policypath", null, OptionKind.String, "", Hidden: true),
            OptionSpec.Slice("pubkeysfile", 'f', "Path of installed public key(s) to trust for TARGET.\n"
                + "Absolute path to keys is added to policy.json. May\n"
                + "used multiple times to define multiple public keys.\n"
                + "File(s) must exist before using this command"),
            OptionSpec.Text("type", 't', "Trust type, accept values: signedBy(default), accept, reject", "signedBy"),
        ],
        Action = SetAsync,
    };

    private static Task<int> ShowAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var environment = ConfigEnvironment.FromProcess();
        var policyPath = invocation.Options.GetString("policypath") is { Length: > 0 } p ? p : PolicyConfigWriter.TrustPolicyPath(environment);
        var raw = PolicyTrustReader.ReadFile(policyPath);
        if (invocation.Options.GetBool("raw"))
        {
            invocation.Out.Write(Encoding.UTF8.GetString(raw));
            invocation.Out.Write('\n');
            return Task.FromResult(0);
        }

        IReadOnlyList<PolicyTrustRequirement> requirements;
        try
        {
            requirements = PolicyTrustReader.Read(policyPath, raw);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "could not show trust policies: could not read trust policies: " + e.Message, e);
        }

        var registriesDir = invocation.Options.GetString("registrypath") is { Length: > 0 } r ? r : RegistriesDirectory(environment);
        SignatureStores stores;
        try
        {
            stores = SignatureStores.Load(registriesDir);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "could not show trust policies: could not show trust policies: " + e.Message, e);
        }

        var rows = requirements.Select(q => (object?)Describe(q, stores)).ToList();
        if (invocation.Options.GetBool("json"))
        {
            // podman: json.MarshalIndent of a nil slice when there is nothing to show.
            invocation.Out.Write(rows.Count == 0 ? "null" : GoJson.Serialize(new GoSlice("[]*trust.Policy", rows), escapeHtml: true, indent: "  "));
            invocation.Out.Write('\n');
            return Task.FromResult(0);
        }

        using var formatter = ReportFormatter.Create(invocation.Out, invocation.Command.Name,
            "{{range . }}{{.Transport}}\t{{.RepoName}}\t{{.Type}}\t{{.GPGId}}\t{{.SignatureStore}}\n{{end -}}",
            new ReportOptions { Origin = ReportOrigin.Podman, NoHeading = invocation.Options.GetBool("noheading"), HeaderOverrides = HeaderOverrides });
        formatter.WriteHeader(HeaderFields);
        formatter.Execute(new GoSlice("[]*trust.Policy", rows));
        return Task.FromResult(0);
    }

    private static Task<int> SetAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var scope = invocation.Arguments[0];
        if (GoUrl.ImageUriError(scope) is { } uriError)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid image uri: {scope}: {uriError}");
        }

        var type = invocation.Options.GetString("type") ?? "signedBy";
        if (type is not ("accept" or "insecureAcceptAnything" or "reject" or "signedBy" or "sigstoreSigned"))
        {
            throw new UsageException($"invalid choice: {type} (choose from 'accept', 'reject', 'signedBy', 'sigstoreSigned')");
        }

        var policyPath = invocation.Options.GetString("policypath") is { Length: > 0 } p ? p : PolicyConfigWriter.TrustPolicyPath(ConfigEnvironment.FromProcess());
        PolicyConfigWriter.AddTrustEntries(policyPath, scope, type, invocation.Options.GetStrings("pubkeysfile"));
        return Task.FromResult(0);
    }

    /// <summary>podman's <c>RegistriesDirPath</c>: <c>$HOME/.config/containers/registries.d</c> when it exists (also for root).</summary>
    private static string RegistriesDirectory(ConfigEnvironment environment)
    {
        var user = Path.Combine(environment.Home, ".config", "containers", "registries.d");
        return Path.Exists(user) ? user : environment.SystemPath("/etc/containers/registries.d");
    }

    /// <summary>One row: podman's <c>trust.Policy</c>.</summary>
    private static GoStruct Describe(PolicyTrustRequirement requirement, SignatureStores stores)
    {
        var isDefault = requirement.Transport is null;
        if (!TypeDescriptions.TryGetValue(requirement.Type, out var type))
        {
            CliLog.Warn($"Invalid trust type {requirement.Type}");
            type = "";
        }

        var ids = requirement.Type switch
        {
            "signedBy" => string.Join(", ", SignedByIdentities(requirement)),
            "sigstoreSigned" => "N/A", // podman: not GPG fingerprints, so not shown.
            _ => "",
        };
        return new GoStruct("*trust.Policy",
            new GoField("Transport", "transport", isDefault ? "all" : requirement.Transport == "docker" ? "repository" : requirement.Transport),
            new GoField("Name", "name", isDefault ? "* (default)" : requirement.Scope, OmitEmpty: true),
            new GoField("RepoName", "repo_name", isDefault ? "default" : requirement.Scope, OmitEmpty: true),
            new GoField("Keys", "keys", null, OmitEmpty: true),
            new GoField("SignatureStore", "sigstore", stores.LookasideFor(requirement.Scope), OmitEmpty: true),
            new GoField("Type", "type", type),
            new GoField("GPGId", "gpg_id", ids, OmitEmpty: true));
    }

    private static IEnumerable<string> SignedByIdentities(PolicyTrustRequirement requirement)
    {
        var ids = new List<string>();
        if (requirement.KeyPath.Length > 0)
        {
            ids.AddRange(KeyIdentities.FromFile(requirement.KeyPath));
        }

        foreach (var path in requirement.KeyPaths)
        {
            ids.AddRange(KeyIdentities.FromFile(path));
        }

        if (requirement.KeyData.Length > 0)
        {
            if (GoBase64.Decode(requirement.KeyData, out var error) is { } keyring)
            {
                ids.AddRange(KeyIdentities.FromBytes(keyring, "keyData"));
            }
            else
            {
                LogError($"{error}, error decoding key data");
            }
        }

        return ids;
    }

    /// <summary>logrus's error line, as podman prints failures it shows no error for.</summary>
    private static void LogError(string message)
    {
        if (CliLog.IsEnabled("error"))
        {
            CliLog.Output.WriteLine($"time=\"{CliLog.Rfc3339Now()}\" level=error msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }

    /// <summary>
    /// registries.d (podman's pkg/trust/registries.go): <c>default-docker</c> and per-namespace <c>docker</c> entries of
    /// every <c>*.yaml</c> file, each defined once; the lookaside (else sigstore) URL of the longest matching namespace.
    /// </summary>
    private sealed partial class SignatureStores
    {
        private static readonly string[] NamespaceFields = ["lookaside", "lookaside-staging", "sigstore", "sigstore-staging"];

        private (string Lookaside, string SigStore)? _defaultDocker;
        private readonly Dictionary<string, (string Lookaside, string SigStore)> _docker = new(StringComparer.Ordinal);

        public static SignatureStores Load(string directory)
        {
            var stores = new SignatureStores();
            if (File.Exists(directory))
            {
                throw BerthException.InvalidArgument($"readdirent {directory}: not a directory");
            }

            if (!Directory.Exists(directory))
            {
                return stores;
            }

            string? defaultFrom = null;
            var namespaceFrom = new Dictionary<string, string>(StringComparer.Ordinal);
            var files = Directory.EnumerateFileSystemEntries(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).Order(GoJsonRules.Utf8Order);
            foreach (var file in files)
            {
                var (defaultDocker, docker) = Parse(file);
                if (defaultDocker is { } d)
                {
                    if (defaultFrom is not null)
                    {
                        throw BerthException.InvalidArgument($"error parsing signature storage configuration: \"default-docker\" defined both in \"{defaultFrom}\" and \"{file}\"");
                    }

                    stores._defaultDocker = d;
                    defaultFrom = file;
                }

                foreach (var name in docker.Keys.Order(GoJsonRules.Utf8Order))
                {
                    if (!stores._docker.TryAdd(name, docker[name]))
                    {
                        throw BerthException.InvalidArgument($"error parsing signature storage configuration: \"docker\" namespace \"{name}\" defined both in \"{namespaceFrom[name]}\" and \"{file}\"");
                    }

                    namespaceFrom[name] = file;
                }
            }

            return stores;
        }

        /// <summary>podman's <c>registriesDConfigurationForScope</c>; <c>""</c> looks only at <c>default-docker</c>.</summary>
        public string LookasideFor(string scope)
        {
            (string Lookaside, string SigStore)? found = _defaultDocker;
            var search = scope;
            if (scope.Length > 0)
            {
                for (var parts = scope.Split('/').Length; parts > 0; parts--)
                {
                    if (_docker.TryGetValue(search, out var entry))
                    {
                        found = entry;
                        break;
                    }

                    if (search.Contains('/', StringComparison.Ordinal))
                    {
                        search = search[..search.LastIndexOf('/')];
                    }
                }
            }

            return found is { } f ? (f.Lookaside.Length > 0 ? f.Lookaside : f.SigStore) : "";
        }

        /// <summary>One file, decoded as ghodss/yaml into podman's registryConfiguration would be.</summary>
        private static ((string, string)? DefaultDocker, Dictionary<string, (string, string)> Docker) Parse(string file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw BerthException.InvalidArgument(Directory.Exists(file) ? $"read {file}: is a directory"
                    : $"open {file}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
            }

            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw BerthException.InvalidArgument($"parsing {file}: error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
            }

            (string, string)? defaultDocker = null;
            var docker = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (root is null || IsNull(root))
            {
                return (defaultDocker, docker);
            }

            if (root is not YamlMappingNode mapping)
            {
                throw TypeError(file, root, "trust.registryConfiguration", null);
            }

            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = KeyText(keyNode);
                if (GoJsonRules.KeyMatchesField(key, "default-docker"))
                {
                    defaultDocker = IsNull(value) ? null : Namespace(file, value, "default-docker");
                }
                else if (GoJsonRules.KeyMatchesField(key, "docker"))
                {
                    if (IsNull(value))
                    {
                        docker.Clear();
                        continue;
                    }

                    if (value is not YamlMappingNode namespaces)
                    {
                        throw TypeError(file, value, "map[string]trust.registryNamespace", "registryConfiguration.docker");
                    }

                    foreach (var (name, ns) in namespaces.Children)
                    {
                        docker[KeyText(name)] = IsNull(ns) ? ("", "") : Namespace(file, ns, "docker");
                    }
                }
            }

            return (defaultDocker, docker);
        }

        private static (string Lookaside, string SigStore) Namespace(string file, YamlNode node, string field)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw TypeError(file, node, "trust.registryNamespace", "registryConfiguration." + field);
            }

            string lookaside = "", sigstore = "";
            foreach (var (keyNode, value) in mapping.Children)
            {
                var name = Array.Find(NamespaceFields, f => GoJsonRules.KeyMatchesField(KeyText(keyNode), f));
                if (name is null || IsNull(value))
                {
                    continue;
                }

                if (value is not YamlScalarNode scalar)
                {
                    throw TypeError(file, value, "string", $"registryNamespace.{field}.{name}");
                }

                // sigs.k8s.io/yaml turns YAML numbers and booleans into strings for string fields.
                if (name == "lookaside")
                {
                    lookaside = Resolve(scalar).Text;
                }
                else if (name == "sigstore")
                {
                    sigstore = Resolve(scalar).Text;
                }
            }

            return (lookaside, sigstore);
        }

        [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
        private static partial Regex YamlFloat();

        private static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && Resolve(scalar).Kind == "null";

        private static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? Resolve(scalar).Text : "";

        /// <summary>
        /// go-yaml v2's resolution of a plain scalar (YAML 1.1: <c>~</c>/<c>null</c>, <c>yes</c>/<c>on</c>/<c>y</c> booleans,
        /// Go-syntax integers, floats) as the JSON kind and the text sigs.k8s.io/yaml gives a string field. Timestamps
        /// stay text.
        /// </summary>
        private static (string Kind, string Text) Resolve(YamlScalarNode scalar)
        {
            var value = scalar.Value ?? "";
            if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !scalar.Tag.IsEmpty)
            {
                return ("string", value);
            }

            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return ("null", "");
                case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                    return ("bool", "true");
                case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                    return ("bool", "false");
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                    return ("number", "+Inf");
                case "-.inf" or "-.Inf" or "-.INF":
                    return ("number", "-Inf");
                case ".nan" or ".NaN" or ".NAN":
                    return ("number", "NaN");
            }

            var plain = value.Replace("_", "", StringComparison.Ordinal);
            if (GoInteger(plain) is { } integer)
            {
                return ("number", integer.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (YamlFloat().IsMatch(plain) && double.TryParse(plain, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return ("number", GoFloat32(number));
            }

            return ("string", value);
        }

        /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>, then <c>ParseUint</c>: sign, 0x/0o/0b/0 prefixes.</summary>
        private static System.Numerics.BigInteger? GoInteger(string s)
        {
            var negative = s.StartsWith('-');
            var body = s.StartsWith('-') || s.StartsWith('+') ? s[1..] : s;
            var (radix, digits) = body.Length > 1 && body[0] == '0'
                ? char.ToLowerInvariant(body[1]) switch { 'x' => (16, body[2..]), 'o' => (8, body[2..]), 'b' => (2, body[2..]), _ => (8, body[1..]) }
                : (10, body);
            if (digits.Length == 0 || body.Length == 0)
            {
                return body == "0" ? 0 : null;
            }

            System.Numerics.BigInteger result = 0;
            foreach (var c in digits)
            {
                var d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
                if (d >= radix)
                {
                    return null;
                }

                result = result * radix + d;
            }

            result = negative ? -result : result;
            return result >= long.MinValue && result <= ulong.MaxValue && !(s.StartsWith('+') && result > long.MaxValue) ? result : null;
        }

        /// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 32)</c>.</summary>
        private static string GoFloat32(double value)
        {
            var f = (float)value;
            if (float.IsInfinity(f))
            {
                return f > 0 ? "+Inf" : "-Inf";
            }

            var roundTrip = Math.Abs(f).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var parts = roundTrip.Split('E');
            var mantissa = parts[0];
            var exponent = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
            var point = mantissa.IndexOf('.', StringComparison.Ordinal);
            var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
            var dp = (point < 0 ? mantissa.Length : point) + exponent;
            var trimmed = digits.TrimStart('0');
            dp -= digits.Length - trimmed.Length;
            digits = trimmed.TrimEnd('0');
            var sign = f < 0 || (f == 0 && float.IsNegative(f)) ? "-" : "";
            if (digits.Length == 0)
            {
                return sign + "0";
            }

            var exp = dp - 1;
            if (exp < -4 || exp >= 6)
            {
                var e = digits.Length > 1 ? digits[..1] + "." + digits[1..] : digits;
                return $"{sign}{e}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
            }

            if (dp <= 0)
            {
                return sign + "0." + new string('0', -dp) + digits;
            }

            return dp >= digits.Length ? sign + digits + new string('0', dp - digits.Length) : sign + digits[..dp] + "." + digits[dp..];
        }

        private static BerthException TypeError(string file, YamlNode node, string goType, string? field)
        {
            var kind = node switch
            {
                YamlMappingNode => "object",
                YamlSequenceNode => "array",
                YamlScalarNode scalar => Resolve(scalar).Kind,
                _ => "string",
            };
            var what = field is null ? $"Go value of type {goType}" : $"Go struct field {field} of type {goType}";
            return BerthException.InvalidArgument($"parsing {file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into {what}");
        }
    }

    /// <summary>
    /// podman's <c>isValidImageURI</c>: Go's <c>url.Parse("http://" + arg)</c> must succeed, its host must match podman's
    /// registry pattern and its fragment a lower-case path pattern. Returns the text after <c>invalid image uri: ARG: </c>.
    /// </summary>
    private static partial class GoUrl
    {
        [GeneratedRegex(@"^[a-zA-Z0-9_.-]+/?:?[0-9]*[a-z0-9/:-]*\z", RegexOptions.CultureInvariant)]
        private static partial Regex HostPattern();

        [GeneratedRegex(@"^[a-z0-9:./-]*\z", RegexOptions.CultureInvariant)]
        private static partial Regex FragmentPattern();

        public static string? ImageUriError(string argument)
        {
            var raw = "http://" + argument;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var (withoutFragment, fragment) = hash < 0 ? (raw, "") : (raw[..hash], raw[(hash + 1)..]);
            string host;
            if (Parse(withoutFragment, out host) is { } parseError)
            {
                return $"parse {Quote(withoutFragment)}: {parseError}";
            }

            if (fragment.Length > 0)
            {
                if (Unescape(fragment, hostMode: false, out fragment) is { } fragmentError)
                {
                    return $"parse {Quote(raw)}: {fragmentError}";
                }
            }

            // podman wraps a nil error here, which Go prints as %!w(<nil>).
            return HostPattern().IsMatch(host) && FragmentPattern().IsMatch(fragment) ? null : "%!w(<nil>)";
        }

        /// <summary>Go's <c>url.parse</c> for an <c>http://</c> URL without fragment; returns the error text or null.</summary>
        private static string? Parse(string url, out string host)
        {
            host = "";
            if (url.Any(c => c < 0x20 || c == 0x7F))
            {
                return "net/url: invalid control character in URL";
            }

            var rest = url["http:".Length..];
            var question = rest.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                rest = rest[..question];
            }

            rest = rest[2..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var (authority, path) = slash < 0 ? (rest, "") : (rest[..slash], rest[slash..]);
            var at = authority.LastIndexOf('@');
            var hostPart = at < 0 ? authority : authority[(at + 1)..];
            if (ParseHost(hostPart, out host) is { } hostError)
            {
                return hostError;
            }

            if (at >= 0)
            {
                var userinfo = authority[..at];
                if (!userinfo.All(c => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal)))
                {
                    return "net/url: invalid userinfo";
                }

                foreach (var part in userinfo.Split(':', 2))
                {
                    if (Unescape(part, hostMode: false, out _) is { } userError)
                    {
                        return userError;
                    }
                }
            }

            return Unescape(path, hostMode: false, out _);
        }

        private static string? ParseHost(string text, out string host)
        {
            host = "";
            string colonPort;
            if (text.StartsWith('['))
            {
                var close = text.LastIndexOf(']');
                if (close < 0)
                {
                    return "missing ']' in host";
                }

                colonPort = text[(close + 1)..];
            }
            else
            {
                var colon = text.LastIndexOf(':');
                colonPort = colon < 0 ? "" : text[colon..];
            }

            if (colonPort.Length > 0 && (colonPort[0] != ':' || !colonPort[1..].All(char.IsAsciiDigit)))
            {
                return $"invalid port {Quote(colonPort)} after host";
            }

            return Unescape(text, hostMode: true, out host);
        }

        /// <summary>Go's <c>url.unescape</c> checks (host mode: only bytes of non-ASCII characters may be %-escaped, and
        /// only registry-name punctuation may appear) and decoding.</summary>
        private static string? Unescape(string s, bool hostMode, out string result)
        {
            result = "";
            var bytes = new List<byte>();
            var utf8 = Encoding.UTF8.GetBytes(s);
            for (var i = 0; i < utf8.Length;)
            {
                var c = utf8[i];
                if (c == '%')
                {
                    if (i + 2 >= utf8.Length || !char.IsAsciiHexDigit((char)utf8[i + 1]) || !char.IsAsciiHexDigit((char)utf8[i + 2]))
                    {
                        return $"invalid URL escape {Quote(Encoding.UTF8.GetString(utf8, i, Math.Min(3, utf8.Length - i)))}";
                    }

                    var escaped = Encoding.UTF8.GetString(utf8, i, 3);
                    if (hostMode && Convert.ToInt32(escaped[1..2], 16) < 8 && escaped != "%25")
                    {
                        return $"invalid URL escape {Quote(escaped)}";
                    }

                    bytes.Add(Convert.ToByte(escaped[1..], 16));
                    i += 3;
                    continue;
                }

                if (hostMode && c < 0x80 && !char.IsAsciiLetterOrDigit((char)c) && !"!$&'()*+,;=:[]<>\"-_.~".Contains((char)c, StringComparison.Ordinal))
                {
                    return $"invalid character {Quote(((char)c).ToString())} in host name";
                }

                bytes.Add(c);
                i++;
            }

            result = Encoding.UTF8.GetString(bytes.ToArray());
            return null;
        }

        /// <summary>Go's <c>strconv.Quote</c> for the texts these errors show.</summary>
        private static string Quote(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (var c in s)
            {
                _ = c switch
                {
                    '"' => sb.Append("\\\""),
                    '\\' => sb.Append("\\\\"),
                    '\n' => sb.Append("\\n"),
                    '\t' => sb.Append("\\t"),
                    '\r' => sb.Append("\\r"),
                    < ' ' or '\x7f' => sb.Append($"\\x{(int)c:x2}"),
                    _ => sb.Append(c),
                };
            }

            return sb.Append('"').ToString();
        }
    }

    /// <summary>
    /// The user IDs podman shows for a GPG key file: it runs <c>gpg2 --with-colons FILE</c> and keeps field 10 of the
    /// <c>uid</c> lines (gpg's escaping of <c>:</c>, <c>\</c> and control characters included), reduced to the e-mail
    /// address between <c>&lt;</c> and <c>&gt;</c> when there is one. Berth reads the OpenPGP packets (binary or
    /// ASCII-armored) itself; a file gpg would reject shows no IDs and logs an error, as podman does.
    /// </summary>
    private static class KeyIdentities
    {
        public static IEnumerable<string> FromFile(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var reason = e switch
                {
                    _ when Directory.Exists(path) => "read " + path + ": is a directory",
                    UnauthorizedAccessException => "open " + path + ": permission denied",
                    FileNotFoundException or DirectoryNotFoundException => "open " + path + ": no such file or directory",
                    _ => "open " + path + ": " + e.Message,
                };
                LogError($"Getting key identity: {reason}");
                return [];
            }

            return FromBytes(bytes, path);
        }

        public static IEnumerable<string> FromBytes(byte[] data, string source)
        {
            string? armorError = null;
            var binary = data.Length > 0 && (data[0] & 0x80) != 0 ? data : Dearmor(data, out armorError);
            var userIds = new List<byte[]>();
            var problem = binary is null ? armorError : ReadUserIds(binary, userIds);
            if (problem is not null)
            {
                LogError($"Getting key identity: {source}: {problem}");
                return [];
            }

            var ids = new List<string>();
            foreach (var uid in userIds.Select(ColonField))
            {
                if (uid.Length == 0)
                {
                    continue;
                }

                var open = uid.IndexOf('<', StringComparison.Ordinal);
                if (open >= 0 && uid.Contains('>', StringComparison.Ordinal))
                {
                    var afterOpen = uid[(open + 1)..];
                    var close = afterOpen.IndexOf('>', StringComparison.Ordinal);
                    ids.Add(close < 0 ? afterOpen : afterOpen[..close]);
                }
                else
                {
                    ids.Add(uid);
                }
            }

            return ids;
        }

        /// <summary>gpg's <c>es_write_sanitized(…, ":")</c>: control characters, DEL, <c>:</c> and <c>\</c> escaped.</summary>
        private static string ColonField(byte[] uid)
        {
            var output = new List<byte>(uid.Length);
            foreach (var b in uid)
            {
                if (b < 0x20 || b == 0x7F || b == ':' || b == '\\')
                {
                    var escape = b switch
                    {
                        (byte)'\n' => "\\n",
                        (byte)'\r' => "\\r",
                        (byte)'\f' => "\\f",
                        (byte)'\v' => "\\v",
                        (byte)'\b' => "\\b",
                        0 => "\\0",
                        _ => $"\\x{b:x2}",
                    };
                    output.AddRange(Encoding.ASCII.GetBytes(escape));
                }
                else
                {
                    output.Add(b);
                }
            }

            return Encoding.UTF8.GetString(output.ToArray());
        }

        /// <summary>Walks the packets (RFC 4880 §4.2, old and new headers); collects User ID packets (tag 13).</summary>
        private static string? ReadUserIds(byte[] data, List<byte[]> userIds)
        {
            var pos = 0;
            var first = true;
            while (pos < data.Length)
            {
                var header = data[pos++];
                if ((header & 0x80) == 0)
                {
                    return $"invalid packet (ctb={header:x2})";
                }

                int tag;
                var body = new List<byte>();
                if ((header & 0x40) != 0)
                {
                    tag = header & 0x3F;
                    while (true)
                    {
                        if (pos >= data.Length)
                        {
                            return "packet truncated";
                        }

                        int length;
                        var partial = false;
                        var o1 = data[pos++];
                        if (o1 < 192)
                        {
                            length = o1;
                        }
                        else if (o1 < 224)
                        {
                            if (pos >= data.Length)
                            {
                                return "packet truncated";
                            }

                            length = ((o1 - 192) << 8) + data[pos++] + 192;
                        }
                        else if (o1 == 255)
                        {
                            if (pos + 4 > data.Length)
                            {
                                return "packet truncated";
                            }

                            length = (int)Math.Min(int.MaxValue, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos, 4)));
                            pos += 4;
                        }
                        else
                        {
                            length = 1 << (o1 & 0x1F);
                            partial = true;
                        }

                        if (length > data.Length - pos)
                        {
                            return "packet truncated";
                        }

                        body.AddRange(data.AsSpan(pos, length).ToArray());
                        pos += length;
                        if (!partial)
                        {
                            break;
                        }
                    }
                }
                else
                {
                    tag = (header >> 2) & 0x0F;
                    var lengthBytes = (header & 3) switch { 0 => 1, 1 => 2, 2 => 4, _ => 0 };
                    if (pos + lengthBytes > data.Length)
                    {
                        return "packet truncated";
                    }

                    long length = data.Length - pos;
                    if (lengthBytes > 0)
                    {
                        length = 0;
                        for (var i = 0; i < lengthBytes; i++)
                        {
                            length = (length << 8) | data[pos++];
                        }
                    }

                    if (length > data.Length - pos)
                    {
                        return "packet truncated";
                    }

                    body.AddRange(data.AsSpan(pos, (int)length).ToArray());
                    pos += (int)length;
                }

                if (first && tag is not (5 or 6))
                {
                    return "no valid OpenPGP data found";
                }

                first = false;
                if (tag == 13)
                {
                    userIds.Add(body.ToArray());
                }
            }

            return first ? "no valid OpenPGP data found" : null;
        }

        /// <summary>ASCII armor (RFC 4880 §6.2): every <c>-----BEGIN PGP …-----</c> block, headers skipped, CRC-24 checked.</summary>
        private static byte[]? Dearmor(byte[] data, out string? problem)
        {
            problem = null;
            var lines = Encoding.UTF8.GetString(data).Split('\n').Select(l => l.TrimEnd('\r', ' ', '\t')).ToList();
            var output = new List<byte>();
            var blocks = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                if (!lines[i].StartsWith("-----BEGIN PGP ", StringComparison.Ordinal) || !lines[i].EndsWith("-----", StringComparison.Ordinal))
                {
                    continue;
                }

                i++;
                var headerEnd = i;
                while (headerEnd < lines.Count && lines[headerEnd].Length > 0 && lines[headerEnd].Contains(": ", StringComparison.Ordinal))
                {
                    headerEnd++;
                }

                i = headerEnd < lines.Count && lines[headerEnd].Length == 0 ? headerEnd + 1 : i;
                var base64 = new StringBuilder();
                string? crc = null;
                for (; i < lines.Count && !lines[i].StartsWith("-----", StringComparison.Ordinal); i++)
                {
                    if (lines[i].StartsWith('=') && lines[i].Length == 5)
                    {
                        crc = lines[i][1..];
                    }
                    else
                    {
                        base64.Append(lines[i]);
                    }
                }

                byte[] block;
                try
                {
                    block = Convert.FromBase64String(base64.ToString());
                }
                catch (FormatException)
                {
                    problem = "invalid radix64 character";
                    return null;
                }

                if (crc is not null && !CrcMatches(block, crc))
                {
                    problem = "CRC error";
                    return null;
                }

                output.AddRange(block);
                blocks++;
            }

            if (blocks == 0)
            {
                problem = "no valid OpenPGP data found";
                return null;
            }

            return output.ToArray();
        }

        private static bool CrcMatches(byte[] data, string encoded)
        {
            byte[] expected;
            try
            {
                expected = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                return false;
            }

            var crc = 0xB704CEu;
            foreach (var b in data)
            {
                crc ^= (uint)b << 16;
                for (var i = 0; i < 8; i++)
                {
                    crc <<= 1;
                    if ((crc & 0x1000000) != 0)
                    {
                        crc ^= 0x1864CFB;
                    }
                }
            }

            return expected.Length == 3 && ((uint)expected[0] << 16 | (uint)expected[1] << 8 | expected[2]) == (crc & 0xFFFFFF);
        }
    }

    /// <summary>Go's <c>base64.StdEncoding.DecodeString</c>, with its error text (<c>illegal base64 data at input byte N</c>).</summary>
    private static class GoBase64
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        public static byte[]? Decode(string text, out string? error)
        {
            error = null;
            var src = Encoding.UTF8.GetBytes(text);
            var output = new List<byte>(src.Length * 3 / 4);
            var si = 0;
            while (si < src.Length)
            {
                var (next, corrupt) = Quantum(src, si, output);
                if (corrupt >= 0)
                {
                    error = $"illegal base64 data at input byte {corrupt}";
                    return null;
                }

                if (next == si)
                {
                    break;
                }

                si = next;
            }

            return output.ToArray();
        }

        /// <summary>Go's <c>decodeQuantum</c>: returns the next position and the offset of corrupt input (or -1).</summary>
        private static (int Next, int Corrupt) Quantum(byte[] src, int si, List<byte> output)
        {
            Span<int> buffer = stackalloc int[4];
            var length = 4;
            for (var j = 0; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0)
                    {
                        return (si, -1);
                    }

                    return (si, si - j); // padding is required
                }

                var c = src[si++];
                var value = Alphabet.IndexOf((char)c, StringComparison.Ordinal);
                if (value >= 0 && c < 0x80)
                {
                    buffer[j] = value;
                    continue;
                }

                if (c is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }

                if (c != '=' || j < 2)
                {
                    return (si, si - 1);
                }

                if (j == 2)
                {
                    while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                    {
                        si++;
                    }

                    if (si == src.Length)
                    {
                        return (si, src.Length);
                    }

                    if (src[si] != '=')
                    {
                        return (si, si - 1);
                    }

                    si++;
                }

                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                {
                    si++;
                }

                if (si < src.Length)
                {
                    return (si, si); // trailing garbage
                }

                length = j;
                break;
            }

            var val = buffer[0] << 18 | buffer[1] << 12 | (length > 2 ? buffer[2] : 0) << 6 | (length > 3 ? buffer[3] : 0);
            output.Add((byte)(val >> 16));
            if (length > 2)
            {
                output.Add((byte)(val >> 8));
            }

            if (length > 3)
            {
                output.Add((byte)val);
            }

            return (si, -1);
        }
    }
}
