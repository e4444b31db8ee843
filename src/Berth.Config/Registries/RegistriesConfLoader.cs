namespace Berth.Config;

/// <summary>
/// Loads registries.conf the way containers/image (pkg/sysregistriesv2) and podman do.
/// </summary>
/// <remarks>
/// <para>The main file is the first of:</para>
/// <list type="number">
/// <item>the path passed in (buildah's <c>--registries-conf</c>);</item>
/// <item><c>$CONTAINERS_REGISTRIES_CONF</c>, then the legacy <c>$REGISTRIES_CONFIG_PATH</c> (containers/common libimage);</item>
/// <item><c>$HOME/.config/containers/registries.conf</c> if it exists (for root too; note: <c>$HOME</c>, not <c>$XDG_CONFIG_HOME</c>);</item>
/// <item><c>/etc/containers/registries.conf</c>.</item>
/// </list>
/// <para>
/// Drop-ins (<c>*.conf</c>, v2 format only, sorted by name, merged in order) come from
/// <c>/etc/containers/registries.conf.d</c> then <c>$HOME/.config/containers/registries.conf.d</c>; when the
/// main file is the user's own registries.conf, only the user directory is read. A missing main file is empty
/// unless it was named explicitly (then NotFound). Merging: <c>[[registry]]</c> entries by prefix (a later
/// one replaces the whole entry), <c>unqualified-search-registries</c> and <c>credential-helpers</c> replaced
/// when a file sets them (even to <c>[]</c>), <c>short-name-mode</c> when set, <c>[aliases]</c> name by name
/// (<c>""</c> resets one). Finally the machine-written aliases file —
/// <c>/var/cache/containers/short-name-aliases.conf</c> as root, <c>$XDG_CACHE_HOME/containers/short-name-aliases.conf</c>
/// rootless — is read; its aliases win.
/// </para>
/// </remarks>
public static class RegistriesConfLoader
{
    /// <summary>Names the main registries.conf.</summary>
    public const string RegistriesConfVariable = "CONTAINERS_REGISTRIES_CONF";

    /// <summary>Older name of <see cref="RegistriesConfVariable"/>, still honoured.</summary>
    public const string LegacyRegistriesConfVariable = "REGISTRIES_CONFIG_PATH";

    /// <summary>Loads and merges registries.conf, its drop-ins and the short-name aliases file.</summary>
    /// <param name="environment">Where to look.</param>
    /// <param name="registriesConfPath">An explicitly chosen main file (wins over the variables).</param>
    /// <exception cref="BerthException">InvalidArgument for a malformed or invalid file; NotFound for a missing file that was named explicitly.</exception>
    public static RegistriesConf Load(ConfigEnvironment environment, string? registriesConfPath = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (mainPath, namedBy, dropInDirs) = Locate(environment, registriesConfPath);
        var warnings = new List<string>();
        var loaded = new List<string>();
        var merged = new Merged();

        var mainText = ConfigFiles.ReadOptional(mainPath);
        if (mainText is null && namedBy is not null)
        {
            throw ConfigErrors.MissingNamedFile(mainPath, namedBy);
        }

        if (mainText is not null)
        {
            merged.Apply(RegistriesFileParser.Parse(mainPath, mainText, forceV2: false, warnings));
            loaded.Add(mainPath);
        }

        foreach (var dropIn in dropInDirs.SelectMany(ConfigFiles.DropIns))
        {
            if (ConfigFiles.ReadOptional(dropIn) is { } text)
            {
                merged.Apply(RegistriesFileParser.Parse(dropIn, text, forceV2: true, warnings));
                loaded.Add(dropIn);
            }
        }

        var userAliasesPath = UserAliasesPath(environment);
        var userAliases = new Dictionary<string, ShortNameAlias>(StringComparer.Ordinal);
        if (ConfigFiles.ReadOptional(userAliasesPath) is { } aliasText)
        {
            userAliases = RegistriesFileParser.ParseAliasesFile(userAliasesPath, aliasText, warnings);
            loaded.Add(userAliasesPath);
        }

        return new RegistriesConf
        {
            Registries = merged.Registries.Values.OrderBy(r => r.Prefix, StringComparer.Ordinal).ToList(),
            UnqualifiedSearchRegistries = merged.Search ?? [],
            UnqualifiedSearchRegistriesOrigin = merged.SearchOrigin,
            CredentialHelpers = merged.CredentialHelpers is { Count: > 0 } helpers ? helpers : [RegistriesConf.AuthFileCredentialHelper],
            ShortNameMode = merged.Mode ?? ShortNameMode.Permissive,
            AdditionalLayerStoreAuthHelper = merged.AlsHelper,
            Aliases = merged.Aliases,
            UserAliases = userAliases,
            UserAliasesPath = userAliasesPath,
            LoadedFiles = loaded,
            Warnings = warnings,
        };
    }

    /// <summary>The main file, what named it (null for the implicit defaults), and the drop-in directories in order.</summary>
    public static (string MainPath, string? NamedBy, IReadOnlyList<string> DropInDirectories) Locate(ConfigEnvironment environment, string? registriesConfPath = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var userFile = Path.Combine(environment.Home, ".config", "containers", "registries.conf");
        var userDir = userFile + ".d";
        var systemDir = environment.SystemPath("/etc/containers/registries.conf.d");

        if (!string.IsNullOrEmpty(registriesConfPath))
        {
            return (registriesConfPath, "the registries.conf option", [systemDir, userDir]);
        }

        foreach (var variable in new[] { RegistriesConfVariable, LegacyRegistriesConfVariable })
        {
            if (environment.Get(variable) is { } path)
            {
                return (path, "$" + variable, [systemDir, userDir]);
            }
        }

        return ConfigFiles.Exists(userFile)
            ? (userFile, null, [userDir])
            : (environment.SystemPath("/etc/containers/registries.conf"), null, [systemDir, userDir]);
    }

    /// <summary>The machine-written short-name aliases file (<c>podman</c> records the user's choices there).</summary>
    public static string UserAliasesPath(ConfigEnvironment environment) => environment.IsRoot
        ? environment.SystemPath("/var/cache/containers/short-name-aliases.conf")
        : Path.Combine(environment.XdgCacheHome, "containers", "short-name-aliases.conf");

    /// <summary>containers/image <c>updateWithConfigurationFrom</c>.</summary>
    private sealed class Merged
    {
        public Dictionary<string, RegistryEntry> Registries { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string>? Search { get; private set; }

        public string? SearchOrigin { get; private set; }

        public IReadOnlyList<string>? CredentialHelpers { get; private set; }

        public ShortNameMode? Mode { get; private set; }

        public string? AlsHelper { get; private set; }

        public Dictionary<string, ShortNameAlias> Aliases { get; } = new(StringComparer.Ordinal);

        public void Apply(RegistriesFragment fragment)
        {
            foreach (var registry in fragment.Registries)
            {
                Registries[registry.Prefix] = registry;
            }

            if (fragment.UnqualifiedSearchRegistries is { } search)
            {
                Search = search;
                SearchOrigin = fragment.Path;
            }

            CredentialHelpers = fragment.CredentialHelpers ?? CredentialHelpers;
            Mode = fragment.ShortNameMode ?? Mode;
            AlsHelper = fragment.AdditionalLayerStoreAuthHelper ?? AlsHelper;
            foreach (var (name, alias) in fragment.Aliases)
            {
                Aliases[name] = alias;
            }
        }
    }
}
