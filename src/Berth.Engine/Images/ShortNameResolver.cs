using Berth.Config;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Where a pull candidate came from, for messages ("Resolved … as an alias (file)").</summary>
public enum CandidateOrigin
{
    /// <summary>The user named the registry.</summary>
    FullyQualified,
    /// <summary>A short-name alias from registries.conf or the aliases cache.</summary>
    Alias,
    /// <summary>A search registry from unqualified-search-registries.</summary>
    SearchRegistry,
}

/// <summary>One fully-qualified reference to try, in order.</summary>
public sealed record PullCandidate(ImageReference Reference, CandidateOrigin Origin, string? AliasOrigin = null);

/// <summary>
/// podman's short-name resolution for pulls (containers/image pkg/shortnames): a fully-qualified name is used as is;
/// a short name goes through the aliases first, then the unqualified-search registries in order. Berth never prompts:
/// with short-name-mode "enforcing" an ambiguous name (several search registries) is refused as podman refuses it
/// without a TTY; "permissive" and "disabled" try every search registry in order.
/// </summary>
public static class ShortNameResolver
{
    public static IReadOnlyList<PullCandidate> Resolve(string name, RegistriesConf registries)
    {
        var reference = ImageReference.Parse(name);
        if (!reference.IsShortName)
        {
            return [new PullCandidate(reference.WithDefaultTag(), CandidateOrigin.FullyQualified)];
        }

        if (reference.Digest is null && registries.ResolveShortNameAlias(reference.Path) is { Value: { } aliasValue } alias)
        {
            var target = ImageReference.Parse(aliasValue);
            target = reference.Tag is not null ? target with { Tag = reference.Tag, Digest = null } : target;
            return [new PullCandidate(target.WithDefaultTag(), CandidateOrigin.Alias, alias.Origin)];
        }

        var search = registries.UnqualifiedSearchRegistries;
        if (search.Count == 0)
        {
            var origin = registries.UnqualifiedSearchRegistriesOrigin ?? (registries.LoadedFiles.Count > 0 ? registries.LoadedFiles[0] : "/etc/containers/registries.conf");
            throw new BerthException(ErrorKind.InvalidArgument,
                $"short-name \"{name}\" did not resolve to an alias and no unqualified-search registries are defined in \"{origin}\"");
        }

        if (registries.ShortNameMode == ShortNameMode.Enforcing && search.Count > 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"short-name resolution enforced but cannot prompt without a TTY: use a fully-qualified name such as {reference.OnRegistry(search[0]).WithDefaultTag()}");
        }

        return search.Select(r => new PullCandidate(reference.OnRegistry(r).WithDefaultTag(), CandidateOrigin.SearchRegistry)).ToList();
    }

    /// <summary>
    /// Names a local image may be stored under for what the user typed (libimage's lookup): the name itself when
    /// fully qualified; for a short name, <c>localhost/name</c>, then each search registry, in that order.
    /// Matching any other registry's image by repository suffix is the image store's job.
    /// </summary>
    public static IReadOnlyList<ImageReference> LocalCandidates(string name, RegistriesConf registries) => LocalCandidates(name, () => registries);

    /// <summary>As above; <paramref name="registries"/> is only asked for a short name (a full name needs no registries.conf).</summary>
    public static IReadOnlyList<ImageReference> LocalCandidates(string name, Func<RegistriesConf> registries)
    {
        var reference = ImageReference.Parse(name);
        if (!reference.IsShortName)
        {
            return [reference.WithDefaultTag()];
        }

        return ShortNameCandidates(reference, registries());
    }

    private static List<ImageReference> ShortNameCandidates(ImageReference reference, RegistriesConf registries)
    {
        var result = new List<ImageReference> { reference.OnRegistry("localhost").WithDefaultTag() };
        if (reference.Digest is null && registries.ResolveShortNameAlias(reference.Path) is { Value: { } aliasValue })
        {
            var target = ImageReference.Parse(aliasValue);
            result.Add((reference.Tag is not null ? target with { Tag = reference.Tag } : target).WithDefaultTag());
        }

        result.AddRange(registries.UnqualifiedSearchRegistries.Select(r => reference.OnRegistry(r).WithDefaultTag()));
        return result;
    }
}
