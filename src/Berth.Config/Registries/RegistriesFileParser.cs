using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>What one registries.conf file says; null members were not set by the file.</summary>
internal sealed class RegistriesFragment
{
    public required string Path { get; init; }

    public List<RegistryEntry> Registries { get; } = [];

    public IReadOnlyList<string>? UnqualifiedSearchRegistries { get; set; }

    public IReadOnlyList<string>? CredentialHelpers { get; set; }

    public ShortNameMode? ShortNameMode { get; set; }

    public string? AdditionalLayerStoreAuthHelper { get; set; }

    public Dictionary<string, ShortNameAlias> Aliases { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Reads one registries.conf file like containers/image's <c>loadConfigFile</c>: v2 keys, or the v1
/// <c>[registries.search|insecure|block]</c> tables converted to v2 (never both), then the same validation
/// (<c>postProcessRegistries</c>, wildcard prefixes, short-name aliases).
/// </summary>
internal static class RegistriesFileParser
{
    private static readonly string[] V2Keys = ["registry", "unqualified-search-registries", "credential-helpers", "short-name-mode", "additional-layer-store-auth-helper", "aliases"];

    public static RegistriesFragment Parse(string path, string text, bool forceV2, List<string> warnings)
    {
        var root = TomlDocumentReader.Parse(path, text);
        var ctx = new BindContext { File = path };
        var fragment = new RegistriesFragment { Path = path };
        var v1 = ReadV1(ctx, root);
        var v2Set = V2Keys.Any(root.Entries.ContainsKey);
        foreach (var (key, node) in root.Entries)
        {
            if (key != "registries" && !V2Keys.Contains(key))
            {
                ctx.Warn(node, $"unknown key '{key}' ignored");
            }
        }

        if (v1 is not null)
        {
            if (forceV2)
            {
                throw ConfigErrors.Invalid(path, root["registries"]!.Position,
                    "registry must be in v2 format but is in v1 (drop-in files must use the v2 format: unqualified-search-registries and [[registry]] tables)");
            }

            if (v2Set)
            {
                throw ConfigErrors.Invalid(path, root["registries"]!.Position,
                    "mixing sysregistry v1/v2 is not supported: the file has both [registries.search|insecure|block] (v1) and v2 keys (convert the v1 tables to unqualified-search-registries and [[registry]] entries)");
            }

            ConvertV1(ctx, fragment, v1);
        }
        else
        {
            ReadV2(ctx, root, fragment);
        }

        PostProcess(ctx, fragment);
        warnings.AddRange(ctx.Warnings);
        return fragment;
    }

    /// <summary>Reads only <c>[aliases]</c>, for the machine-written short-name-aliases.conf.</summary>
    public static Dictionary<string, ShortNameAlias> ParseAliasesFile(string path, string text, List<string> warnings)
    {
        var root = TomlDocumentReader.Parse(path, text);
        var ctx = new BindContext { File = path };
        var aliases = new Dictionary<string, ShortNameAlias>(StringComparer.Ordinal);
        foreach (var (key, node) in root.Entries)
        {
            if (key == "aliases")
            {
                ReadAliases(ctx, node, aliases);
            }
            else
            {
                ctx.Warn(node, $"unknown key '{key}' ignored");
            }
        }

        warnings.AddRange(ctx.Warnings);
        return aliases;
    }

    private sealed record V1Lists(TomlNode? Search, TomlNode? Insecure, TomlNode? Block);

    private static V1Lists? ReadV1(BindContext ctx, TomlTableNode root)
    {
        if (root["registries"] is not { } node)
        {
            return null;
        }

        var registries = TomlValues.Table(ctx, "registries", node);
        TomlNode? List(string name)
        {
            if (registries[name] is not { } section)
            {
                return null;
            }

            var table = TomlValues.Table(ctx, $"registries.{name}", section);
            foreach (var (key, value) in table.Entries.Where(e => e.Key != "registries"))
            {
                ctx.Warn(value, $"unknown key '{key}' in [registries.{name}] ignored");
            }

            return table["registries"];
        }

        foreach (var (key, value) in registries.Entries.Where(e => e.Key is not ("search" or "insecure" or "block")))
        {
            ctx.Warn(value, $"unknown key '{key}' in [registries] ignored");
        }

        var lists = new V1Lists(List("search"), List("insecure"), List("block"));
        return lists is { Search: null, Insecure: null, Block: null } ? null : lists;
    }

    private static void ConvertV1(BindContext ctx, RegistriesFragment fragment, V1Lists v1)
    {
        var byLocation = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        void Mark(TomlNode? list, string key, Func<RegistryEntry, RegistryEntry> update)
        {
            if (list is null)
            {
                return;
            }

            foreach (var raw in TomlValues.StringArray(ctx, key, list))
            {
                var location = ParseLocation(ctx, list, raw);
                if (!byLocation.TryGetValue(location, out var entry))
                {
                    entry = new RegistryEntry { Prefix = location, Location = location, Origin = fragment.Path };
                    order.Add(location);
                }

                byLocation[location] = update(entry);
            }
        }

        Mark(v1.Block, "registries.block.registries", e => e with { Blocked = true });
        Mark(v1.Insecure, "registries.insecure.registries", e => e with { Insecure = true });
        fragment.Registries.AddRange(order.Select(l => byLocation[l]));
        if (v1.Search is not null)
        {
            fragment.UnqualifiedSearchRegistries = ValidateSearchRegistries(ctx, v1.Search, TomlValues.StringArray(ctx, "registries.search.registries", v1.Search));
        }
    }

    private static void ReadV2(BindContext ctx, TomlTableNode root, RegistriesFragment fragment)
    {
        if (root["unqualified-search-registries"] is { } search)
        {
            fragment.UnqualifiedSearchRegistries = ValidateSearchRegistries(ctx, search, TomlValues.StringArray(ctx, "unqualified-search-registries", search));
        }

        if (root["credential-helpers"] is { } helpers)
        {
            fragment.CredentialHelpers = TomlValues.StringArray(ctx, "credential-helpers", helpers);
        }

        if (root["short-name-mode"] is { } mode)
        {
            var text = TomlValues.String(ctx, "short-name-mode", mode);
            if (text.Length > 0)
            {
                fragment.ShortNameMode = text switch
                {
                    "enforcing" => ShortNameMode.Enforcing,
                    "permissive" => ShortNameMode.Permissive,
                    "disabled" => ShortNameMode.Disabled,
                    _ => throw ctx.ValueError("short-name-mode", mode, $"invalid short-name mode '{text}' (use enforcing, permissive or disabled)"),
                };
            }
        }

        if (root["additional-layer-store-auth-helper"] is { } alsHelper)
        {
            var text = TomlValues.String(ctx, "additional-layer-store-auth-helper", alsHelper);
            fragment.AdditionalLayerStoreAuthHelper = text.Length == 0 ? null : text;
        }

        if (root["registry"] is { } registries)
        {
            foreach (var table in Tables(ctx, "registry", registries))
            {
                fragment.Registries.Add(ReadRegistry(ctx, table, fragment.Path));
            }
        }

        if (root["aliases"] is { } aliases)
        {
            ReadAliases(ctx, aliases, fragment.Aliases);
        }
    }

    private static RegistryEntry ReadRegistry(BindContext ctx, TomlTableNode table, string origin)
    {
        string prefix = "", location = "";
        bool insecure = false, blocked = false, byDigestOnly = false;
        var mirrors = new List<RegistryMirror>();
        foreach (var (key, node) in table.Entries)
        {
            switch (key)
            {
                case "prefix":
                    prefix = ParseLocation(ctx, node, TomlValues.String(ctx, "registry.prefix", node));
                    break;
                case "location":
                    location = ParseLocation(ctx, node, TomlValues.String(ctx, "registry.location", node));
                    break;
                case "insecure":
                    insecure = TomlValues.Bool(ctx, "registry.insecure", node);
                    break;
                case "blocked":
                    blocked = TomlValues.Bool(ctx, "registry.blocked", node);
                    break;
                case "mirror-by-digest-only":
                    byDigestOnly = TomlValues.Bool(ctx, "registry.mirror-by-digest-only", node);
                    break;
                case "pull-from-mirror":
                    if (TomlValues.String(ctx, "registry.pull-from-mirror", node).Length > 0)
                    {
                        throw ctx.ValueError("registry.pull-from-mirror", node, "pull-from-mirror must not be set for a non-mirror registry (set it in a [[registry.mirror]] table)");
                    }

                    break;
                case "mirror":
                    mirrors.AddRange(Tables(ctx, "registry.mirror", node).Select(m => ReadMirror(ctx, m)));
                    break;
                default:
                    ctx.Warn(node, $"unknown key '{key}' in [[registry]] ignored");
                    break;
            }
        }

        if (prefix.Length == 0)
        {
            if (location.Length == 0)
            {
                throw ConfigErrors.Invalid(ctx.File, table.Position, "invalid condition: both location and prefix are unset in a [[registry]] table (set location)");
            }

            prefix = location;
        }
        else if (!prefix.StartsWith("*.", StringComparison.Ordinal) && location.Length == 0)
        {
            throw ConfigErrors.Invalid(ctx.File, table.Position, $"invalid condition: location is unset and prefix '{prefix}' is not in the format: *.example.com (set location)");
        }

        if (prefix.StartsWith("*.", StringComparison.Ordinal) && prefix.AsSpan().IndexOfAny('/', '@', ':') >= 0)
        {
            throw ConfigErrors.Invalid(ctx.File, table.Position, $"wildcarded prefix should be in the format: *.example.com. Current prefix '{prefix}' is incorrectly formatted");
        }

        foreach (var mirror in mirrors.Where(m => byDigestOnly && m.PullFromMirror != PullFromMirror.All))
        {
            throw ConfigErrors.Invalid(ctx.File, table.Position,
                $"cannot set mirror usage mirror-by-digest-only for the registry '{prefix}' and pull-from-mirror for per-mirror '{mirror.Location}' at the same time");
        }

        return new RegistryEntry
        {
            Prefix = prefix,
            Location = location,
            Insecure = insecure,
            Blocked = blocked,
            MirrorByDigestOnly = byDigestOnly,
            Mirrors = mirrors,
            Origin = origin,
        };
    }

    private static RegistryMirror ReadMirror(BindContext ctx, TomlTableNode table)
    {
        var location = "";
        var insecure = false;
        var pull = PullFromMirror.All;
        foreach (var (key, node) in table.Entries)
        {
            switch (key)
            {
                case "location":
                    location = ParseLocation(ctx, node, TomlValues.String(ctx, "registry.mirror.location", node));
                    break;
                case "insecure":
                    insecure = TomlValues.Bool(ctx, "registry.mirror.insecure", node);
                    break;
                case "pull-from-mirror":
                    var text = TomlValues.String(ctx, "registry.mirror.pull-from-mirror", node);
                    pull = text switch
                    {
                        "" or "all" => PullFromMirror.All,
                        "digest-only" => PullFromMirror.DigestOnly,
                        "tag-only" => PullFromMirror.TagOnly,
                        _ => throw ctx.ValueError("registry.mirror.pull-from-mirror", node, $"unsupported pull-from-mirror value '{text}' (use all, digest-only or tag-only)"),
                    };
                    break;
                default:
                    ctx.Warn(node, $"unknown key '{key}' in [[registry.mirror]] ignored");
                    break;
            }
        }

        return location.Length == 0
            ? throw ConfigErrors.Invalid(ctx.File, table.Position, "invalid condition: mirror location is unset (set location in the [[registry.mirror]] table)")
            : new RegistryMirror(location, insecure, pull);
    }

    private static void ReadAliases(BindContext ctx, TomlNode node, Dictionary<string, ShortNameAlias> aliases)
    {
        foreach (var (name, valueNode) in TomlValues.Table(ctx, "aliases", node).Entries)
        {
            var value = TomlValues.String(ctx, $"aliases.{name}", valueNode);
            if (ShortNameAliases.ValidateName(name) is { } nameError)
            {
                throw ctx.ValueError($"aliases.{name}", valueNode, nameError);
            }

            string? normalized = null;
            if (value.Length > 0)
            {
                normalized = ShortNameAliases.NormalizeValue(value, out var valueError)
                    ?? throw ctx.ValueError($"aliases.{name}", valueNode, valueError!);
            }

            aliases[name] = new ShortNameAlias(name, normalized, ctx.File);
        }
    }

    private static IReadOnlyList<string> ValidateSearchRegistries(BindContext ctx, TomlNode node, IReadOnlyList<string> registries)
    {
        var result = new List<string>(registries.Count);
        foreach (var raw in registries)
        {
            var registry = ParseLocation(ctx, node, raw);
            if (!ReferenceGrammar.AnchoredDomain().IsMatch(registry))
            {
                throw ConfigErrors.Invalid(ctx.File, node.Position, $"invalid unqualified-search-registries entry '{registry}' (use host[:port], without a namespace)");
            }

            result.Add(registry);
        }

        return result;
    }

    /// <summary>containers/image <c>parseLocation</c>: trailing slashes removed, URI schemes rejected.</summary>
    private static string ParseLocation(BindContext ctx, TomlNode node, string input)
    {
        var trimmed = input.TrimEnd('/');
        if (trimmed.StartsWith("http://", StringComparison.Ordinal) || trimmed.StartsWith("https://", StringComparison.Ordinal))
        {
            throw ConfigErrors.Invalid(ctx.File, node.Position, $"invalid location '{input}': URI schemes are not supported (write host[:port][/namespace])");
        }

        return trimmed;
    }

    private static IEnumerable<TomlTableNode> Tables(BindContext ctx, string key, TomlNode node) => node switch
    {
        TomlTableArrayNode array => array.Tables,
        TomlArrayNode inline => inline.Items.Select(i => i as TomlTableNode ?? throw ctx.TypeError(key, i, "a table")),
        _ => throw ctx.TypeError(key, node, $"[[{key}]] tables"),
    };

    /// <summary>
    /// <c>postProcessRegistries</c>: no conflicting insecure/blocked settings for one location, then one entry
    /// per prefix (the first wins) sorted by prefix.
    /// </summary>
    private static void PostProcess(BindContext ctx, RegistriesFragment fragment)
    {
        var byLocation = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        foreach (var registry in fragment.Registries)
        {
            var key = registry.Location.Length == 0 ? registry.Prefix : registry.Location;
            if (byLocation.TryGetValue(key, out var other))
            {
                if (other.Insecure != registry.Insecure)
                {
                    throw ConfigErrors.Invalid(ctx.File, $"registry '{registry.Location}' is defined multiple times with conflicting 'insecure' setting (make the [[registry]] tables agree)");
                }

                if (other.Blocked != registry.Blocked)
                {
                    throw ConfigErrors.Invalid(ctx.File, $"registry '{registry.Location}' is defined multiple times with conflicting 'blocked' setting (make the [[registry]] tables agree)");
                }
            }
            else
            {
                byLocation[key] = registry;
            }
        }

        var unique = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        foreach (var registry in fragment.Registries)
        {
            unique.TryAdd(registry.Prefix, registry);
        }

        fragment.Registries.Clear();
        fragment.Registries.AddRange(unique.Values.OrderBy(r => r.Prefix, StringComparer.Ordinal));
    }
}
