using System.Globalization;
using System.Text;

namespace Berth.Config;

/// <summary>
/// Resolves Berth's storage locations (DESIGN.md §4).
/// </summary>
/// <remarks>
/// <para>
/// Defaults: rootful graph root <c>/var/lib/berth/storage</c> and run root <c>/run/berth</c>; rootless
/// <c>$XDG_DATA_HOME/berth/storage</c> (default <c>~/.local/share</c>) and <c>$XDG_RUNTIME_DIR/berth</c>
/// (<c>/tmp/berth-&lt;uid&gt;</c> when <c>XDG_RUNTIME_DIR</c> is unset). The tmp dir is containers.conf's
/// <c>engine.tmp_dir</c> when a file sets it, else <c>&lt;runroot&gt;/tmp</c>.
/// </para>
/// <para>
/// The system's default storage.conf (<c>/etc/containers/storage.conf</c>, <c>/usr/share/containers/storage.conf</c>,
/// <c>$XDG_CONFIG_HOME/containers/storage.conf</c>) is deliberately NOT read: it names podman's store
/// (<c>/var/lib/containers/storage</c>), whose on-disk format is podman's, not Berth's. Only a storage.conf the
/// user names with <c>$CONTAINERS_STORAGE_CONF</c> is obeyed (it must exist): its driver, driver_priority,
/// graphroot, runroot, imagestore, transient_store and options; rootless, a missing graphroot falls back to
/// rootless_storage_path as in containers/storage 5.x. <c>$STORAGE_DRIVER</c> and <c>$STORAGE_OPTS</c> are honoured
/// as containers/storage does. Command-line overrides (<see cref="StorageOverrides"/>) win over everything.
/// </para>
/// </remarks>
public static class StorageConfResolver
{
    /// <summary>Names a storage.conf to obey.</summary>
    public const string StorageConfVariable = "CONTAINERS_STORAGE_CONF";

    /// <summary>Rootful default graph root.</summary>
    public const string RootfulGraphRoot = "/var/lib/berth/storage";

    /// <summary>Rootful default run root.</summary>
    public const string RootfulRunRoot = "/run/berth";

    /// <summary>Resolves the storage locations.</summary>
    /// <param name="environment">Where to look.</param>
    /// <param name="overrides">Command-line choices; null for none.</param>
    /// <param name="containersConf">The loaded containers.conf, for an explicitly set <c>engine.tmp_dir</c>; optional.</param>
    /// <exception cref="BerthException">NotFound when <c>$CONTAINERS_STORAGE_CONF</c> names a missing file; InvalidArgument for a malformed one.</exception>
    public static StorageConf Resolve(ConfigEnvironment environment, StorageOverrides? overrides = null, ContainersConf? containersConf = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        overrides ??= StorageOverrides.None;
        var warnings = new List<string>();
        StorageConfFile? file = null;
        if (environment.Get(StorageConfVariable) is { } path)
        {
            var text = ConfigFiles.ReadOptional(path) ?? throw ConfigErrors.MissingNamedFile(path, "$" + StorageConfVariable);
            file = StorageConfFile.Parse(path, text, warnings);
        }

        var (defaultGraphRoot, defaultRunRoot) = Defaults(environment);
        var graphRoot = overrides.Root
            ?? Expand(environment, file?.GraphRoot)
            ?? (environment.IsRootless ? Expand(environment, file?.RootlessStoragePath) : null)
            ?? defaultGraphRoot;
        var runRoot = overrides.RunRoot ?? Expand(environment, file?.RunRoot) ?? defaultRunRoot;

        var driver = overrides.Driver ?? environment.Get("STORAGE_DRIVER") ?? file?.Driver;
        if (driver == "overlay2")
        {
            driver = "overlay";
            warnings.Add("Switching default driver from overlay2 to the equivalent overlay driver");
        }

        var imageStore = overrides.ImageStore ?? Expand(environment, file?.ImageStore);
        if (imageStore is not null && imageStore == graphRoot)
        {
            throw BerthException.InvalidArgument($"imagestore {imageStore} must either be not set or be a different than graphroot (fix {file?.Path ?? "--imagestore"})");
        }

        var options = overrides.DriverOptions
            ?? (environment.Get("STORAGE_OPTS") is { } storageOpts ? storageOpts.Split(',', StringSplitOptions.RemoveEmptyEntries) : null)
            ?? (file is null ? [] : DriverOptions(file, driver));

        var tmpDir = overrides.TmpDir
            ?? (containersConf?.IsSet("engine.tmp_dir") == true ? containersConf.Engine.TmpDir : null)
            ?? Path.Combine(runRoot, "tmp");

        return new StorageConf
        {
            GraphRoot = graphRoot,
            RunRoot = runRoot,
            TmpDir = tmpDir,
            Driver = driver,
            DriverPriority = file?.DriverPriority ?? [],
            DriverOptions = options,
            ImageStore = imageStore,
            TransientStore = file?.TransientStore ?? false,
            PullOptions = file?.Options.PullOptions ?? new Dictionary<string, string>(),
            ConfigFile = file?.Path,
            File = file,
            Warnings = warnings,
        };
    }

    /// <summary>Berth's default graph root and run root for the environment's user.</summary>
    public static (string GraphRoot, string RunRoot) Defaults(ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsRoot)
        {
            return (RootfulGraphRoot, RootfulRunRoot);
        }

        var runtimeDir = environment.XdgRuntimeDir is { } xdg
            ? Path.Combine(xdg, "berth")
            : string.Create(CultureInfo.InvariantCulture, $"/tmp/berth-{environment.Uid}");
        return (Path.Combine(environment.XdgDataHome, "berth", "storage"), runtimeDir);
    }

    /// <summary>containers/storage's "driver.option=value" list from a file (<c>ReloadConfigurationFile</c> + <c>GetGraphDriverOptions</c>).</summary>
    internal static IReadOnlyList<string> DriverOptions(StorageConfFile file, string? driver)
    {
        var o = file.Options;
        var name = driver ?? "";
        var result = new List<string>();
        result.AddRange(o.AdditionalImageStores.Select(s => $"{name}.imagestore={s}"));
        result.AddRange(o.AdditionalLayerStores.Select(s => $"{name}.additionallayerstore={s}"));
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                result.Add($"{name}.{key}={value}");
            }
        }

        Add("size", o.Size);
        Add("mount_program", o.MountProgram);
        Add("skip_mount_home", o.SkipMountHome);
        Add("ignore_chown_errors", o.IgnoreChownErrors);
        Add("force_mask", o.ForceMask);
        Add("mountopt", o.MountOpt);
        var d = o.Drivers.GetValueOrDefault(name == "overlay2" ? "overlay" : name) ?? new StorageDriverOptions();
        switch (name)
        {
            case "overlay" or "overlay2":
                Add("ignore_chown_errors", d.IgnoreChownErrors ?? o.IgnoreChownErrors);
                Add("mount_program", d.MountProgram ?? o.MountProgram);
                Add("mountopt", d.MountOpt ?? o.MountOpt);
                Add("size", d.Size ?? o.Size);
                Add("inodes", d.Inodes);
                Add("skip_mount_home", d.SkipMountHome ?? o.SkipMountHome);
                Add("force_mask", d.ForceMask ?? o.ForceMask);
                Add("use_composefs", d.UseComposefs);
                break;
            case "vfs":
                Add("ignore_chown_errors", d.IgnoreChownErrors ?? o.IgnoreChownErrors);
                break;
            case "btrfs":
                if (!string.IsNullOrEmpty(d.MinSpace))
                {
                    Add("min_space", d.MinSpace);
                    break;
                }

                Add("size", d.Size ?? o.Size);
                break;
            case "zfs":
                Add("fsname", d.FsName);
                Add("mountopt", d.MountOpt ?? o.MountOpt);
                Add("size", d.Size ?? o.Size);
                break;
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>containers/storage <c>expandEnvPath</c>: <c>$UID</c> and environment variables expanded, path cleaned.</summary>
    internal static string? Expand(ConfigEnvironment environment, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        path = path.Replace("$UID", environment.Uid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var result = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '$' || i + 1 >= path.Length)
            {
                result.Append(path[i]);
                continue;
            }

            string name;
            if (path[i + 1] == '{')
            {
                var close = path.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(path[i]);
                    continue;
                }

                name = path[(i + 2)..close];
                i = close;
            }
            else
            {
                var end = i + 1;
                while (end < path.Length && (char.IsAsciiLetterOrDigit(path[end]) || path[end] == '_'))
                {
                    end++;
                }

                name = path[(i + 1)..end];
                i = end - 1;
            }

            result.Append(environment.Variables.GetValueOrDefault(name) ?? "");
        }

        var expanded = result.ToString();
        return Path.IsPathRooted(expanded) ? Path.GetFullPath(expanded) : expanded;
    }
}
