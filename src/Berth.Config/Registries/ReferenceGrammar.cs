using System.Text.RegularExpressions;

namespace Berth.Config;

/// <summary>
/// The distribution/reference grammar (containers/image docker/reference), only as far as the configuration
/// files need it: validating registry host names, short-name aliases and policy identities.
/// </summary>
internal static partial class ReferenceGrammar
{
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Host = "(?:" + DomainComponent + @"(?:\." + DomainComponent + @")*|\[[a-fA-F0-9:]+\])";
    private const string Domain = Host + "(?::[0-9]+)?";
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private const string RemoteName = PathComponent + "(?:/" + PathComponent + ")*";
    private const string Name = "(?:" + Domain + "/)?" + RemoteName;
    private const string Tag = @"[\w][\w.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    /// <summary><c>^domain$</c>: a registry host with optional port.</summary>
    [GeneratedRegex("^" + Domain + "$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredDomain();

    /// <summary><c>^domain/</c>: starts with a registry host.</summary>
    [GeneratedRegex("^" + Domain + "/", RegexOptions.CultureInvariant)]
    public static partial Regex DomainPrefix();

    /// <summary><c>^name$</c>: a repository name, host optional.</summary>
    [GeneratedRegex("^" + Name + "$", RegexOptions.CultureInvariant)]
    public static partial Regex AnchoredName();

    /// <summary>A whole reference: name, then optional tag and digest.</summary>
    [GeneratedRegex("^(?<name>" + Name + ")(?::(?<tag>" + Tag + "))?(?:@(?<digest>" + Digest + "))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    /// <summary>Splits the first component off as the domain, as <c>reference.Parse</c> does.</summary>
    [GeneratedRegex("^(?:(?<domain>" + Domain + ")/)?(?<remote>" + RemoteName + ")$", RegexOptions.CultureInvariant)]
    private static partial Regex NameParts();

    /// <summary>A reference as <c>reference.Parse</c> sees it (no normalisation).</summary>
    public readonly record struct Parsed(string Domain, string Remote, string? Tag, string? Digest)
    {
        public string Name => Domain.Length == 0 ? Remote : Domain + "/" + Remote;
    }

    /// <summary><c>reference.Parse</c>: null with a reason when <paramref name="text"/> is not a reference.</summary>
    public static Parsed? Parse(string text, out string? error)
    {
        error = null;
        var match = Reference().Match(text);
        if (!match.Success)
        {
            error = HasUpper(text) && Reference().IsMatch(text.ToLowerInvariant())
                ? "repository name must be lowercase"
                : "invalid reference format";
            return null;
        }

        var name = match.Groups["name"].Value;
        if (name.Length > 255)
        {
            error = "repository name must not be more than 255 characters";
            return null;
        }

        var parts = NameParts().Match(name);
        return new Parsed(
            parts.Groups["domain"].Value,
            parts.Groups["remote"].Value,
            match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
            match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
    }

    /// <summary>
    /// <c>reference.ParseNormalizedNamed</c>: the fully qualified name (<c>docker.io/library/x</c> for <c>x</c>),
    /// or null with a reason.
    /// </summary>
    public static Parsed? ParseNormalized(string text, out string? error)
    {
        error = null;
        if (IsAmbiguousHexId(text))
        {
            error = "cannot specify 64-byte hexadecimal strings";
            return null;
        }

        var (domain, remainder) = SplitDockerDomain(text);
        var nameEnd = remainder.IndexOfAny([':', '@']);
        var remoteName = nameEnd < 0 ? remainder : remainder[..nameEnd];
        if (HasUpper(remoteName))
        {
            error = "repository name must be lowercase";
            return null;
        }

        var parsed = Parse(domain + "/" + remainder, out error);
        return parsed is { } p ? p with { Domain = domain, Remote = p.Name[(domain.Length + 1)..] } : null;
    }

    /// <summary>docker's <c>splitDockerDomain</c>: the registry part and the rest, with docker.io defaults.</summary>
    public static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        string domain, remainder;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || (name.AsSpan(0, slash).IndexOfAny('.', ':') < 0 && name[..slash] != "localhost" && !HasUpper(name[..slash])))
        {
            domain = "docker.io";
            remainder = name;
        }
        else
        {
            domain = name[..slash];
            remainder = name[(slash + 1)..];
        }

        if (domain == "index.docker.io")
        {
            domain = "docker.io";
        }

        if (domain == "docker.io" && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }

        return (domain, remainder);
    }

    private static bool HasUpper(string text) => text.Any(char.IsUpper);

    private static bool IsAmbiguousHexId(string text) =>
        text.Length == 64 && text.All(char.IsAsciiHexDigitLower);
}
