using Berth.Oci;

namespace Berth.Build.Execution;

/// <summary>
/// A registry repository used as a build cache (<c>--cache-from</c>, <c>--cache-to</c>): a step's image is stored as
/// <c>repository:&lt;cache key&gt;</c>, the tag being the same hash the local layer cache is keyed by, so a build in
/// another store with the same inputs asks for the same tag. Checked and normalised as podman 4.3.1 does (a short name
/// is on docker.io; a tag or digest is refused).
/// </summary>
public sealed record RegistryCache
{
    /// <summary>The repository's full name, <c>registry/path</c>.</summary>
    public required ImageReference Repository { get; init; }

    /// <summary>The image reference of the cache image for <paramref name="key"/>.</summary>
    public string ReferenceFor(string key) => (Repository with { Tag = key }).ToString();

    public override string ToString() => Repository.Name;

    /// <summary>
    /// Parses the value of <c>--cache-to</c> or <c>--cache-from</c> (<paramref name="flag"/>). podman 4.3.1 quotes the
    /// <c>--cache-to</c> value in both flags' message (<paramref name="cacheToValue"/>, "" when not given): matched.
    /// </summary>
    public static RegistryCache Parse(string value, string flag, string cacheToValue)
    {
        var quoted = flag == "cache-to" ? value : cacheToValue;
        var prefix = $"unable to parse value provided `{quoted}` to --{flag}: ";
        if (!ImageReference.TryParse(value, out var reference, out var error))
        {
            throw BerthException.InvalidArgument($"{prefix}invalid repo \"{value}\": must contain registry and repository: {error}");
        }

        if (reference.IsShortName)
        {
            reference = reference.OnRegistry(ImageReference.DockerHub);
        }

        if (reference.Tag is not null || reference.Digest is not null)
        {
            throw BerthException.InvalidArgument($"{prefix}repository must contain neither a tag nor digest: {reference}");
        }

        return new RegistryCache { Repository = reference };
    }

    /// <summary>
    /// How podman 4.3.1 names the destination in a failed push of a cache image: Go's <c>%q</c> of the tagged
    /// reference's fields, <c>{{{"registry" "path"} "tag"}}</c>.
    /// </summary>
    public string GoQuoted(string key) => $"{{{{{{\"{Repository.Domain}\" \"{Repository.Path}\"}} \"{key}\"}}}}";

    /// <summary>
    /// Whether a cache image created at <paramref name="created"/> may be used under <c>--cache-ttl</c>: no limit
    /// (null or zero, as podman 4.3.1 treats <c>--cache-ttl=0</c>), or created no longer than the ttl ago. An image
    /// without a creation time is as old as can be.
    /// </summary>
    public static bool IsFresh(DateTimeOffset? created, TimeSpan? ttl, DateTimeOffset now)
    {
        if (ttl is not { } limit || limit == TimeSpan.Zero)
        {
            return true;
        }

        return created is { } c && now - c <= limit;
    }
}
