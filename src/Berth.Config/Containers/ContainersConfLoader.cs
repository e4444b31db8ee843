using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>
/// Loads containers.conf the way containers-common (pkg/config/new.go, current main; podman 5.x) does.
/// </summary>
/// <remarks>
/// <para>Load order (each file overrides the keys it sets; missing files are skipped):</para>
/// <list type="number">
/// <item>built-in defaults (<see cref="ContainersConfDefaults"/>);</item>
/// <item>if <c>$CONTAINERS_CONF</c> is set: that file only (it must exist); otherwise
///   <c>/usr/share/containers/containers.conf</c>, <c>/etc/containers/containers.conf</c>,
///   <c>/etc/containers/containers.conf.d/*.conf</c>; then, rootless only,
///   <c>/etc/containers/containers.rootless.conf</c>, <c>/etc/containers/containers.rootless.conf.d/*.conf</c>,
///   <c>/etc/containers/containers.rootless.conf.d/&lt;uid&gt;/*.conf</c>; then
///   <c>$XDG_CONFIG_HOME/containers/containers.conf</c> (default <c>~/.config</c>) and its <c>.d/*.conf</c>;</item>
/// <item>modules (<c>--module</c>), in the order given;</item>
/// <item><c>$CONTAINERS_CONF_OVERRIDE</c>, always last.</item>
/// </list>
/// <para>
/// Podman 4.x differs in that it had no <c>containers.rootless.conf</c> files, read the
/// <c>$XDG_CONFIG_HOME</c> file only when rootless, and failed when <c>CONTAINERS_CONF_OVERRIDE</c> named a
/// missing file. Berth fails too (a file the user names must exist); podman 5.x silently skips it.
/// </para>
/// <para>Drop-in directories are read one level deep, <c>*.conf</c> only, sorted by name.</para>
/// </remarks>
public static class ContainersConfLoader
{
    /// <summary>Names the only system file to read.</summary>
    public const string ContainersConfVariable = "CONTAINERS_CONF";

    /// <summary>Names a file merged after everything else.</summary>
    public const string ContainersConfOverrideVariable = "CONTAINERS_CONF_OVERRIDE";

    private const string UsrPath = "/usr/share/containers/containers.conf";
    private const string EtcPath = "/etc/containers/containers.conf";
    private const string RootlessPath = "/etc/containers/containers.rootless.conf";

    /// <summary>Loads, merges and validates containers.conf for <paramref name="environment"/>.</summary>
    /// <param name="environment">Where to look.</param>
    /// <param name="modules">containers.conf modules (<c>--module</c>): absolute paths, or names resolved in <see cref="ModuleDirectories"/>.</param>
    /// <exception cref="BerthException">InvalidArgument for a malformed file or value; NotFound for a missing file that was named explicitly.</exception>
    public static ContainersConf Load(ConfigEnvironment environment, IReadOnlyList<string>? modules = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var conf = ContainersConfDefaults.Create(environment);
        var ctx = new BindContext();
        var loaded = new List<string>();

        foreach (var path in SystemConfigPaths(environment))
        {
            conf = Merge(conf, path, ctx, loaded);
        }

        var resolvedModules = ResolveModules(environment, modules ?? []);
        foreach (var module in resolvedModules)
        {
            conf = Merge(conf, module, ctx, loaded);
        }

        if (environment.Get(ContainersConfOverrideVariable) is { } overridePath)
        {
            if (!ConfigFiles.Exists(overridePath))
            {
                throw ConfigErrors.MissingNamedFile(overridePath, "$" + ContainersConfOverrideVariable);
            }

            conf = Merge(conf, overridePath, ctx, loaded);
        }

        conf = conf with
        {
            Containers = conf.Containers with { DefaultCapabilities = AddCapPrefix(conf.Containers.DefaultCapabilities) },
            LoadedFiles = loaded,
            LoadedModules = resolvedModules,
            Warnings = ctx.Warnings,
            Origins = ctx.Origins,
        };
        ContainersConfValidator.Validate(conf, environment);
        return conf;
    }

    /// <summary>
    /// The system and user files in load order, drop-ins expanded (only those that exist are listed for
    /// drop-in directories; the main files are listed whether or not they exist).
    /// </summary>
    public static IReadOnlyList<string> SystemConfigPaths(ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Get(ContainersConfVariable) is { } explicitPath)
        {
            if (!ConfigFiles.Exists(explicitPath))
            {
                throw ConfigErrors.MissingNamedFile(explicitPath, "$" + ContainersConfVariable);
            }

            return [explicitPath];
        }

        var etc = environment.SystemPath(EtcPath);
        var paths = new List<string> { environment.SystemPath(UsrPath), etc };
        paths.AddRange(ConfigFiles.DropIns(etc + ".d"));
        if (environment.IsRootless)
        {
            var rootless = environment.SystemPath(RootlessPath);
            paths.Add(rootless);
            paths.AddRange(ConfigFiles.DropIns(rootless + ".d"));
            paths.AddRange(ConfigFiles.DropIns(Path.Combine(rootless + ".d", environment.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        var user = UserConfigPath(environment);
        paths.Add(user);
        paths.AddRange(ConfigFiles.DropIns(user + ".d"));
        return paths;
    }

    /// <summary><c>$XDG_CONFIG_HOME/containers/containers.conf</c>.</summary>
    public static string UserConfigPath(ConfigEnvironment environment) =>
        Path.Combine(environment.XdgConfigHome, "containers", "containers.conf");

    /// <summary>Where module names are looked up: the user's (rootless only), then /etc, then /usr/share.</summary>
    public static IReadOnlyList<string> ModuleDirectories(ConfigEnvironment environment)
    {
        var dirs = new List<string>();
        if (environment.IsRootless)
        {
            dirs.Add(UserConfigPath(environment) + ".modules");
        }

        dirs.Add(environment.SystemPath(EtcPath) + ".modules");
        dirs.Add(environment.SystemPath(UsrPath) + ".modules");
        return dirs;
    }

    private static List<string> ResolveModules(ConfigEnvironment environment, IReadOnlyList<string> modules)
    {
        var resolved = new List<string>(modules.Count);
        foreach (var module in modules)
        {
            if (Path.IsPathRooted(module))
            {
                resolved.Add(ConfigFiles.Exists(module) ? module : throw ConfigErrors.MissingNamedFile(module, "--module"));
                continue;
            }

            var dirs = ModuleDirectories(environment);
            var found = dirs.Select(d => Path.Combine(d, module)).FirstOrDefault(ConfigFiles.Exists);
            resolved.Add(found ?? throw BerthException.NotFound(
                $"could not resolve module '{module}': not found in {string.Join(", ", dirs)} (check the name or pass an absolute path)"));
        }

        return resolved;
    }

    private static ContainersConf Merge(ContainersConf conf, string path, BindContext ctx, List<string> loaded)
    {
        var text = ConfigFiles.ReadOptional(path);
        if (text is null)
        {
            return conf;
        }

        ctx.File = path;
        var root = TomlDocumentReader.Parse(path, text);
        loaded.Add(path);
        return ContainersConfBindings.Bind(conf, root, ctx);
    }

    /// <summary>containers-common's <c>addCAPPrefix</c>: names without a <c>cap_</c> prefix become <c>CAP_NAME</c>.</summary>
    private static List<string> AddCapPrefix(IReadOnlyList<string> caps) =>
        caps.Select(c => c.StartsWith("cap_", StringComparison.OrdinalIgnoreCase) ? c : "CAP_" + c.ToUpperInvariant()).ToList();
}
