using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>One registry of a skopeo sync YAML file.</summary>
internal sealed record SyncRegistry(
    string Registry,
    IReadOnlyList<(string Repository, IReadOnlyList<string> Tags)> Images,
    IReadOnlyList<(string Repository, Regex Pattern)> ImagesByTagRegex,
    string? Credentials,
    bool? TlsVerify,
    string? CertDir);

/// <summary>
/// skopeo sync's YAML source: registry → images (repository → tags or digests, all tags when empty),
/// images-by-tag-regex, credentials, tls-verify, cert-dir. Read with YamlDotNet's node model (no reflection).
/// </summary>
internal static class SyncYaml
{
    public static IReadOnlyList<SyncRegistry> Parse(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (FileNotFoundException)
        {
            throw new BerthException(ErrorKind.NotFound, $"Error while parsing config file: open {path}: no such file or directory");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"Error while parsing config file {path}: line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"Error while parsing config file {path}: expected a mapping of registries");
        }

        var registries = new List<SyncRegistry>();
        foreach (var (key, value) in root.Children)
        {
            var registry = Scalar(key, path);
            if (value is not YamlMappingNode settings)
            {
                throw Bad(path, key, $"registry {registry} must be a mapping");
            }

            var images = new List<(string, IReadOnlyList<string>)>();
            var regexes = new List<(string, Regex)>();
            string? credentials = null;
            bool? tlsVerify = null;
            string? certDir = null;
            foreach (var (k, v) in settings.Children)
            {
                switch (Scalar(k, path))
                {
                    case "images":
                        foreach (var (repo, tags) in Mapping(v, path, "images").Children)
                        {
                            images.Add((Scalar(repo, path), tags is YamlSequenceNode list ? list.Children.Select(t => Scalar(t, path)).ToList() : []));
                        }

                        break;
                    case "images-by-tag-regex":
                        foreach (var (repo, pattern) in Mapping(v, path, "images-by-tag-regex").Children)
                        {
                            try
                            {
                                regexes.Add((Scalar(repo, path), new Regex(Scalar(pattern, path), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))));
                            }
                            catch (ArgumentException e)
                            {
                                throw Bad(path, pattern, $"invalid tag regex: {e.Message}");
                            }
                        }

                        break;
                    case "credentials":
                        var creds = Mapping(v, path, "credentials").Children;
                        string? Get(string name) => creds.TryGetValue(new YamlScalarNode(name), out var n) ? Scalar(n, path) : null;
                        credentials = $"{Get("username")}:{Get("password")}";
                        break;
                    case "tls-verify":
                        tlsVerify = Scalar(v, path) is "true" or "True" or "yes";
                        break;
                    case "cert-dir":
                        certDir = Scalar(v, path);
                        break;
                    case var other:
                        throw Bad(path, k, $"unknown key \"{other}\" for registry {registry}");
                }
            }

            registries.Add(new SyncRegistry(registry, images, regexes, credentials, tlsVerify, certDir));
        }

        return registries;
    }

    private static string Scalar(YamlNode node, string path) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Bad(path, node, "expected a scalar value");

    private static YamlMappingNode Mapping(YamlNode node, string path, string what) =>
        node as YamlMappingNode ?? throw Bad(path, node, $"{what} must be a mapping");

    private static BerthException Bad(string path, YamlNode node, string message) =>
        new(ErrorKind.InvalidArgument, $"Error while parsing config file {path}: line {node.Start.Line}: {message}");
}
