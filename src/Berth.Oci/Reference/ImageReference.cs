using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Berth.Oci;

/// <summary>
/// A docker-style image reference, <c>[domain/]path[:tag][@digest]</c>, with the distribution grammar's rules.
/// A reference without a domain is a short name: podman resolves it through registries.conf (aliases, then search
/// registries), never by assuming docker.io. <c>docker.io/x</c> normalises to <c>docker.io/library/x</c>.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    public const string DefaultTag = "latest";

    /// <summary>The registry host[:port], or null for a short name.</summary>
    public string? Domain { get; init; }

    /// <summary>The repository path, e.g. <c>library/busybox</c>.</summary>
    public required string Path { get; init; }

    public string? Tag { get; init; }

    public Digest? Digest { get; init; }

    public bool IsShortName => Domain is null;

    /// <summary>domain/path (or path for a short name).</summary>
    public string Name => Domain is null ? Path : $"{Domain}/{Path}";

    /// <summary>The tag, or <c>latest</c> when neither tag nor digest is given (podman's default).</summary>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? this with { Tag = DefaultTag } : this;

    /// <summary>A short name placed on a registry, normalised (docker.io gets library/ for one-component paths).</summary>
    public ImageReference OnRegistry(string domain) => Normalize(this with { Domain = domain });

    public override string ToString()
    {
        var s = Name;
        if (Tag is not null)
        {
            s += ":" + Tag;
        }

        if (Digest is { } d)
        {
            s += "@" + d;
        }

        return s;
    }

    public static ImageReference Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw BerthException.InvalidArgument($"parsing reference \"{text}\": {error}");

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "invalid reference format: repository name must have at least one component";
            return false;
        }

        var m = ReferenceGrammar().Match(text);
        if (!m.Success)
        {
            var lower = text.ToLowerInvariant();
            error = lower != text && ReferenceGrammar().IsMatch(lower)
                ? "invalid reference format: repository name must be lowercase"
                : "invalid reference format";
            return false;
        }

        var name = m.Groups["name"].Value;
        if (name.Length > 255)
        {
            error = "invalid reference format: repository name must not be more than 255 characters";
            return false;
        }

        Digest? digest = null;
        if (m.Groups["digest"].Success)
        {
            if (!Oci.Digest.TryParse(m.Groups["digest"].Value, out var d, out var digestError))
            {
                error = digestError;
                return false;
            }

            digest = d;
        }

        string? domain = null;
        var path = name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.StartsWith('['))
            {
                domain = first;
                path = name[(slash + 1)..];
            }
        }

        reference = Normalize(new ImageReference
        {
            Domain = domain,
            Path = path,
            Tag = m.Groups["tag"].Success ? m.Groups["tag"].Value : null,
            Digest = digest,
        });
        error = "";
        return true;
    }

    private static ImageReference Normalize(ImageReference r)
    {
        if (r.Domain is "index.docker.io" or "registry-1.docker.io")
        {
            r = r with { Domain = DockerHub };
        }

        if (r.Domain == DockerHub && !r.Path.Contains('/', StringComparison.Ordinal))
        {
            r = r with { Path = "library/" + r.Path };
        }

        return r;
    }

    // distribution/reference grammar: components of [a-z0-9]+ joined by separators ([_.]|__|[-]+), an optional
    // domain (host[:port], host may be an IPv6 literal in brackets), a tag of [\w][\w.-]{0,127}, a digest.
    [GeneratedRegex(@"^(?<name>(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/|\[[a-fA-F0-9:]+\](?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}))?$")]
    private static partial Regex ReferenceGrammar();
}
