using Berth.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Commands.Trust;

/// <summary>
/// registries.d (podman's pkg/trust/registries.go): <c>default-docker</c> and per-namespace <c>docker</c> entries of
/// every <c>*.yaml</c> file, each defined once; the lookaside (else sigstore) URL of the longest matching namespace.
/// </summary>
internal sealed class SignatureStores
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
                lookaside = GoYamlScalar.Resolve(scalar).Text;
            }
            else if (name == "sigstore")
            {
                sigstore = GoYamlScalar.Resolve(scalar).Text;
            }
        }

        return (lookaside, sigstore);
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && GoYamlScalar.Resolve(scalar).Kind == "null";

    private static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? GoYamlScalar.Resolve(scalar).Text : "";

    private static BerthException TypeError(string file, YamlNode node, string goType, string? field)
    {
        var kind = node switch
        {
            YamlMappingNode => "object",
            YamlSequenceNode => "array",
            YamlScalarNode scalar => GoYamlScalar.Resolve(scalar).Kind,
            _ => "string",
        };
        var what = field is null ? $"Go value of type {goType}" : $"Go struct field {field} of type {goType}";
        return BerthException.InvalidArgument($"parsing {file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into {what}");
    }
}
