namespace Berth.Config;

/// <summary>
/// Where Berth keeps images and containers and with which driver, after defaults, an explicit storage.conf and
/// command-line overrides. Resolve it with <see cref="StorageConfResolver.Resolve"/>.
/// </summary>
public sealed record StorageConf
{
    /// <summary>The graph root: images, layers, container data.</summary>
    public required string GraphRoot { get; init; }

    /// <summary>The run root: per-boot mutable state (mounts, locks).</summary>
    public required string RunRoot { get; init; }

    /// <summary>The engine's per-boot temporary directory (<c>--tmpdir</c>).</summary>
    public required string TmpDir { get; init; }

    /// <summary>The storage driver, or null to let storage pick (overlay if it works, else vfs).</summary>
    public string? Driver { get; init; }

    /// <summary><c>driver_priority</c>: drivers to try in order when <see cref="Driver"/> is null.</summary>
    public IReadOnlyList<string> DriverPriority { get; init; } = [];

    /// <summary>Driver options in containers/storage's "driver.option=value" form (e.g. <c>overlay.mount_program=/usr/bin/fuse-overlayfs</c>).</summary>
    public IReadOnlyList<string> DriverOptions { get; init; } = [];

    /// <summary>A separate image store (<c>imagestore</c>), or null.</summary>
    public string? ImageStore { get; init; }

    /// <summary><c>transient_store</c>: keep container metadata on the run root only.</summary>
    public bool TransientStore { get; init; }

    /// <summary><c>[storage.options] pull_options</c>.</summary>
    public IReadOnlyDictionary<string, string> PullOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>The storage.conf that was obeyed (<c>$CONTAINERS_STORAGE_CONF</c>), or null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The parsed storage.conf, when one was read.</summary>
    public StorageConfFile? File { get; init; }

    /// <summary>Unknown keys in the storage.conf (file:line: message).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
