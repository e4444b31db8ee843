using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>Driver-specific <c>[storage.options.&lt;driver&gt;]</c> keys (overlay, vfs, btrfs, zfs, aufs).</summary>
public sealed record StorageDriverOptions
{
    public string? IgnoreChownErrors { get; init; }

    public string? MountOpt { get; init; }

    public string? MountProgram { get; init; }

    public string? Size { get; init; }

    public string? Inodes { get; init; }

    public string? SkipMountHome { get; init; }

    public string? UseComposefs { get; init; }

    public string? ForceMask { get; init; }

    public string? MinSpace { get; init; }

    public string? FsName { get; init; }
}

/// <summary>The <c>[storage.options]</c> table of containers-storage.conf(5).</summary>
public sealed record StorageOptionsSection
{
    public IReadOnlyList<string> AdditionalImageStores { get; init; } = [];

    public IReadOnlyList<string> AdditionalLayerStores { get; init; } = [];

    public string? Size { get; init; }

    public string? IgnoreChownErrors { get; init; }

    public string? UseComposefs { get; init; }

    /// <summary><c>force_mask</c> (an octal mode, or "shared"/"private" for overlay).</summary>
    public string? ForceMask { get; init; }

    public string? MountProgram { get; init; }

    public string? MountOpt { get; init; }

    public string? SkipMountHome { get; init; }

    public bool DisableVolatile { get; init; }

    public IReadOnlyDictionary<string, string> PullOptions { get; init; } = new Dictionary<string, string>();

    /// <summary><c>[storage.options.&lt;driver&gt;]</c> tables by driver name.</summary>
    public IReadOnlyDictionary<string, StorageDriverOptions> Drivers { get; init; } = new Dictionary<string, StorageDriverOptions>();
}

/// <summary>One storage.conf file as written (containers/storage <c>TomlConfig</c>).</summary>
public sealed record StorageConfFile
{
    public required string Path { get; init; }

    public string? Driver { get; init; }

    public IReadOnlyList<string> DriverPriority { get; init; } = [];

    public string? GraphRoot { get; init; }

    public string? RunRoot { get; init; }

    public string? ImageStore { get; init; }

    public string? RootlessStoragePath { get; init; }

    public bool TransientStore { get; init; }

    public StorageOptionsSection Options { get; init; } = new();

    /// <summary>Parses storage.conf text; unknown keys go to <paramref name="warnings"/>.</summary>
    public static StorageConfFile Parse(string path, string text, List<string> warnings)
    {
        var root = TomlDocumentReader.Parse(path, text);
        var ctx = new BindContext { File = path };
        var file = new StorageConfFile { Path = path };
        foreach (var (key, node) in root.Entries)
        {
            if (key == "storage")
            {
                file = StorageBinder.Bind(file, TomlValues.Table(ctx, key, node), ctx);
            }
            else
            {
                ctx.Warn(node, $"unknown key '{key}' ignored");
            }
        }

        warnings.AddRange(ctx.Warnings);
        return file;
    }

    private static readonly SectionBinder<StorageDriverOptions> DriverBinder = new SectionBinder<StorageDriverOptions>("storage.options.driver")
        .String("ignore_chown_errors", (s, v) => s with { IgnoreChownErrors = v })
        .String("mountopt", (s, v) => s with { MountOpt = v })
        .String("mount_program", (s, v) => s with { MountProgram = v })
        .String("size", (s, v) => s with { Size = v })
        .String("inodes", (s, v) => s with { Inodes = v })
        .String("skip_mount_home", (s, v) => s with { SkipMountHome = v })
        .String("use_composefs", (s, v) => s with { UseComposefs = v })
        .String("force_mask", (s, v) => s with { ForceMask = v })
        .String("min_space", (s, v) => s with { MinSpace = v })
        .String("fsname", (s, v) => s with { FsName = v });

    private static readonly SectionBinder<StorageOptionsSection> OptionsBinder = new SectionBinder<StorageOptionsSection>("storage.options")
        .Strings("additionalimagestores", (s, v) => s with { AdditionalImageStores = v })
        .Strings("additionallayerstores", (s, v) => s with { AdditionalLayerStores = v })
        .String("size", (s, v) => s with { Size = v })
        .String("ignore_chown_errors", (s, v) => s with { IgnoreChownErrors = v })
        .String("use_composefs", (s, v) => s with { UseComposefs = v })
        .Custom("force_mask", (s, n, c, k) => s with { ForceMask = n is TomlScalar { Kind: TomlScalarKind.Integer, Value: long l } ? Convert.ToString(l, 8) : TomlValues.String(c, k, n) })
        .String("mount_program", (s, v) => s with { MountProgram = v })
        .String("mountopt", (s, v) => s with { MountOpt = v })
        .String("skip_mount_home", (s, v) => s with { SkipMountHome = v })
        .Bool("disable-volatile", (s, v) => s with { DisableVolatile = v })
        .StringMap("pull_options", s => s.PullOptions, (s, v) => s with { PullOptions = v })
        .Tolerated("imagestore", "root-auto-userns-user", "auto-userns-min-size", "auto-userns-max-size", "remap-uids", "remap-gids", "remap-user", "remap-group", "thinpool")
        .Custom("overlay", BindDriver("overlay"))
        .Custom("vfs", BindDriver("vfs"))
        .Custom("btrfs", BindDriver("btrfs"))
        .Custom("zfs", BindDriver("zfs"))
        .Custom("aufs", BindDriver("aufs"));

    private static readonly SectionBinder<StorageConfFile> StorageBinder = new SectionBinder<StorageConfFile>("storage")
        .String("driver", (s, v) => s with { Driver = v.Length == 0 ? null : v })
        .Strings("driver_priority", (s, v) => s with { DriverPriority = v })
        .String("graphroot", (s, v) => s with { GraphRoot = v.Length == 0 ? null : v })
        .String("runroot", (s, v) => s with { RunRoot = v.Length == 0 ? null : v })
        .String("imagestore", (s, v) => s with { ImageStore = v.Length == 0 ? null : v })
        .String("rootless_storage_path", (s, v) => s with { RootlessStoragePath = v.Length == 0 ? null : v })
        .Bool("transient_store", (s, v) => s with { TransientStore = v })
        .Custom("options", (s, n, c, k) => s with { Options = OptionsBinder.Bind(s.Options, TomlValues.Table(c, k, n), c) });

    private static Func<StorageOptionsSection, TomlNode, BindContext, string, StorageOptionsSection> BindDriver(string driver) =>
        (s, n, c, k) =>
        {
            var current = s.Drivers.GetValueOrDefault(driver) ?? new StorageDriverOptions();
            var drivers = new Dictionary<string, StorageDriverOptions>(s.Drivers, StringComparer.Ordinal)
            {
                [driver] = DriverBinder.Bind(current, TomlValues.Table(c, k, n), c),
            };
            return s with { Drivers = drivers };
        };
}
