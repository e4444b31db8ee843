namespace Berth.Config;

/// <summary>
/// registries.conf(5) (v2, or v1 converted) merged with its drop-ins, plus the machine-written short-name
/// aliases file. Load it with <see cref="RegistriesConfLoader.Load"/>.
/// </summary>
public sealed record RegistriesConf
{
    /// <summary>The name upstream reserves in <c>credential-helpers</c> for "look in the auth.json files".</summary>
    public const string AuthFileCredentialHelper = "containers-auth.json";

    /// <summary><c>[[registry]]</c> entries, one per prefix, sorted by prefix (as upstream keeps them).</summary>
    public IReadOnlyList<RegistryEntry> Registries { get; init; } = [];

    /// <summary><c>unqualified-search-registries</c>: hosts tried for short names, in order.</summary>
    public IReadOnlyList<string> UnqualifiedSearchRegistries { get; init; } = [];

    /// <summary>The file that set <see cref="UnqualifiedSearchRegistries"/> (for error messages), or null.</summary>
    public string? UnqualifiedSearchRegistriesOrigin { get; init; }

    /// <summary><c>credential-helpers</c>; <c>["containers-auth.json"]</c> when no file sets any.</summary>
    public IReadOnlyList<string> CredentialHelpers { get; init; } = [AuthFileCredentialHelper];

    /// <summary><c>short-name-mode</c>; permissive when no file sets it.</summary>
    public ShortNameMode ShortNameMode { get; init; } = ShortNameMode.Permissive;

    /// <summary><c>additional-layer-store-auth-helper</c>, or null.</summary>
    public string? AdditionalLayerStoreAuthHelper { get; init; }

    /// <summary><c>[aliases]</c> from registries.conf and its drop-ins, merged name by name.</summary>
    public IReadOnlyDictionary<string, ShortNameAlias> Aliases { get; init; } = new Dictionary<string, ShortNameAlias>();

    /// <summary>Aliases from the machine-written short-name-aliases.conf; they win over <see cref="Aliases"/>.</summary>
    public IReadOnlyDictionary<string, ShortNameAlias> UserAliases { get; init; } = new Dictionary<string, ShortNameAlias>();

    /// <summary>Path of the machine-written aliases file (<c>/var/cache/containers/short-name-aliases.conf</c> or the rootless one).</summary>
    public string UserAliasesPath { get; init; } = "";

    /// <summary>The files that were read, in merge order.</summary>
    public IReadOnlyList<string> LoadedFiles { get; init; } = [];

    /// <summary>Unknown keys (file:line: message); upstream logs them at debug level.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// The <c>[[registry]]</c> entry with the longest prefix matching <paramref name="reference"/>, or null
    /// (containers/image <c>FindRegistry</c>). Among equally long prefixes the first in prefix order wins.
    /// </summary>
    /// <param name="reference">A registry, namespace, repository or image reference that starts with a host, without transport.</param>
    public RegistryEntry? FindRegistry(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        RegistryEntry? best = null;
        foreach (var registry in Registries)
        {
            if (RegistryPrefix.Match(reference, registry.Prefix) >= 0 && registry.Prefix.Length > (best?.Prefix.Length ?? 0))
            {
                best = registry;
            }
        }

        return best;
    }

    /// <summary>
    /// The alias for <paramref name="shortName"/>: the user aliases file first, then registries.conf. A result
    /// with a null <see cref="ShortNameAlias.Value"/> means a file reset the alias; null means no alias at all.
    /// </summary>
    public ShortNameAlias? ResolveShortNameAlias(string shortName) =>
        UserAliases.GetValueOrDefault(shortName) ?? Aliases.GetValueOrDefault(shortName);
}
