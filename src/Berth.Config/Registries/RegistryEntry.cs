namespace Berth.Config;

/// <summary>When a mirror is used (<c>pull-from-mirror</c>).</summary>
public enum PullFromMirror
{
    /// <summary>"" or "all": for pulls by tag and by digest (unless the registry has <c>mirror-by-digest-only</c>).</summary>
    All = 0,

    /// <summary>"digest-only".</summary>
    DigestOnly,

    /// <summary>"tag-only".</summary>
    TagOnly,
}

/// <summary>A <c>[[registry.mirror]]</c> entry.</summary>
/// <param name="Location">host[:port][/namespace…], trailing slashes removed.</param>
/// <param name="Insecure">Skip TLS verification and allow plain HTTP.</param>
/// <param name="PullFromMirror">Which pulls may use this mirror.</param>
public sealed record RegistryMirror(string Location, bool Insecure, PullFromMirror PullFromMirror);

/// <summary>One place an image can be pulled from, with the reference rewritten for it.</summary>
/// <param name="Location">The mirror's or registry's location.</param>
/// <param name="Insecure">Whether that endpoint is insecure.</param>
/// <param name="IsMirror">True for a mirror, false for the registry itself.</param>
/// <param name="Reference">The reference to pull from that endpoint.</param>
public sealed record PullSource(string Location, bool Insecure, bool IsMirror, string Reference);

/// <summary>
/// A <c>[[registry]]</c> table of registries.conf(5) v2, after upstream's post-processing (prefix defaulted to
/// the location, trailing slashes trimmed).
/// </summary>
public sealed record RegistryEntry
{
    /// <summary>What references this entry applies to: host[:port][/namespace…], or <c>*.example.com</c>.</summary>
    public required string Prefix { get; init; }

    /// <summary>Where matching images really are; "" only for a wildcard prefix (then the reference is unchanged).</summary>
    public required string Location { get; init; }

    /// <summary><c>insecure</c>.</summary>
    public bool Insecure { get; init; }

    /// <summary><c>blocked</c>: pulls from here are refused.</summary>
    public bool Blocked { get; init; }

    /// <summary><c>mirror-by-digest-only</c>.</summary>
    public bool MirrorByDigestOnly { get; init; }

    /// <summary><c>[[registry.mirror]]</c> entries in file order.</summary>
    public IReadOnlyList<RegistryMirror> Mirrors { get; init; } = [];

    /// <summary>The registries.conf file this entry comes from.</summary>
    public string Origin { get; init; } = "";

    /// <summary>
    /// The endpoints to try for <paramref name="reference"/> (which must match <see cref="Prefix"/>), mirrors first,
    /// the registry last, each with the reference rewritten from <see cref="Prefix"/> to its location
    /// (containers/image <c>PullSourcesFromReference</c>).
    /// </summary>
    /// <param name="reference">A reference starting with an explicit host, e.g. <c>example.com/foo/bar:1</c>.</param>
    /// <param name="isDigested">Whether the reference pins a digest.</param>
    public IReadOnlyList<PullSource> PullSources(string reference, bool isDigested)
    {
        var prefixLength = RegistryPrefix.Match(reference, Prefix);
        if (prefixLength < 0)
        {
            throw new ArgumentException($"reference '{reference}' does not match prefix '{Prefix}'", nameof(reference));
        }

        var sources = new List<PullSource>();
        foreach (var mirror in Mirrors)
        {
            var use = MirrorByDigestOnly
                ? isDigested
                : mirror.PullFromMirror switch
                {
                    PullFromMirror.DigestOnly => isDigested,
                    PullFromMirror.TagOnly => !isDigested,
                    _ => true,
                };
            if (use)
            {
                sources.Add(new PullSource(mirror.Location, mirror.Insecure, true, mirror.Location + reference[prefixLength..]));
            }
        }

        sources.Add(new PullSource(Location, Insecure, false, Location.Length == 0 ? reference : Location + reference[prefixLength..]));
        return sources;
    }
}
