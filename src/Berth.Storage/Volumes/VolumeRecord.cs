namespace Berth.Storage.Volumes;

/// <summary>
/// A named volume as stored (libpod's VolumeConfig + VolumeState in one row): its data directory
/// <see cref="MountPoint"/> (<c>&lt;volume path&gt;/&lt;name&gt;/_data</c>), what it was created with and its mutable
/// state (copy-up and chown still to do, the owner it was chowned to, the users of its mount).
/// </summary>
public sealed record VolumeRecord
{
    public required string Name { get; init; }

    /// <summary>"local" (the only driver Berth has).</summary>
    public required string Driver { get; init; }

    /// <summary>The data directory, <c>&lt;volume path&gt;/&lt;name&gt;/_data</c>; its parent is removed with the volume.</summary>
    public required string MountPoint { get; init; }

    public required DateTimeOffset Created { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The driver options as podman keeps them (o, type, device, UID, GID, SIZE, INODES, NOQUOTA, nocopy, copy …).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public bool Anonymous { get; init; }

    /// <summary>The owner asked for at create (<c>-o o=uid=…,gid=…</c>), or null.</summary>
    public int? Uid { get; init; }

    public int? Gid { get; init; }

    /// <summary>The owner the data directory was chowned to when first mounted into a container, or null.</summary>
    public int? UidChowned { get; init; }

    public int? GidChowned { get; init; }

    /// <summary>The next mount into a container copies the image's content at the mount point into the volume.</summary>
    public bool NeedsCopyUp { get; init; }

    /// <summary>The next mount into a container chowns the data directory to the container's user.</summary>
    public bool NeedsChown { get; init; }

    /// <summary>
    /// Users of the volume's own mount (volumes with mount options): counted in the row; a count whose mount the kernel
    /// does not show (after a reboot) reads as 0.
    /// </summary>
    public uint MountCount { get; init; }
}

/// <summary>What <see cref="VolumeStore.Create"/> stores for a new volume; the data directory goes under <see cref="VolumePath"/>.</summary>
public sealed record NewVolume
{
    public required string Name { get; init; }

    public string Driver { get; init; } = "local";

    /// <summary>The directory holding every volume's directory (EngineSettings.VolumePath).</summary>
    public required string VolumePath { get; init; }

    public required DateTimeOffset Created { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public bool Anonymous { get; init; }

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    /// <summary>podman sets NeedsChown on every new volume unless an owner was given (WithVolumeNoChown).</summary>
    public bool NeedsChown { get; init; } = true;
}
