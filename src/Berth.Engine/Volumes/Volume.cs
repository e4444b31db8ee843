using Berth.Storage.Volumes;

namespace Berth.Engine.Volumes;

/// <summary>
/// A named volume as podman shows it (<c>volume inspect</c>): its data directory <see cref="Mountpoint"/>
/// (<c>&lt;VolumePath&gt;/&lt;name&gt;/_data</c>), what it was created with and its state.
/// </summary>
public sealed record Volume
{
    public required string Name { get; init; }

    public string Driver { get; init; } = VolumeOptions.LocalDriver;

    /// <summary>The data directory: what is bound into containers (a volume with mount options has its file system mounted here).</summary>
    public required string Mountpoint { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The driver options as podman records them (o, type, device, UID, GID, SIZE, INODES, NOQUOTA, nocopy, copy).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Made for one container (<c>-v /path</c>, an image VOLUME): removed with it by <c>rm -v</c>.</summary>
    public bool Anonymous { get; init; }

    /// <summary>The owner: the UID it was chowned to on first use, else the one asked for at create; null when neither (podman shows 0).</summary>
    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public bool NeedsCopyUp { get; init; }

    public bool NeedsChown { get; init; }

    /// <summary>Users of the volume's own mount; always 0 for volumes without mount options (podman counts only those).</summary>
    public uint MountCount { get; init; }

    /// <summary>Always "local" (podman keeps Scope for Docker's sake).</summary>
    public string Scope => "local";

    /// <summary>Whether the volume has a file system of its own to mount (podman's needsMount: options other than UID, GID, SIZE, NOQUOTA, nocopy, copy).</summary>
    public bool NeedsMount => VolumeOptions.NeedsMount(Options);

    internal static Volume From(VolumeRecord r) => new()
    {
        Name = r.Name,
        Driver = r.Driver,
        Mountpoint = r.MountPoint,
        CreatedAt = r.Created.ToLocalTime(),
        Labels = r.Labels,
        Options = r.Options,
        Anonymous = r.Anonymous,
        Uid = r.UidChowned is > 0 ? r.UidChowned : r.Uid,
        Gid = r.GidChowned is > 0 ? r.GidChowned : r.Gid,
        NeedsCopyUp = r.NeedsCopyUp,
        NeedsChown = r.NeedsChown,
        MountCount = r.MountCount,
    };
}

/// <summary>What <see cref="VolumeService.Create"/> makes: Name "" gets a generated 64-hex name (anonymous volumes use this).</summary>
public sealed record VolumeCreateRequest
{
    public string Name { get; init; } = "";

    public string Driver { get; init; } = VolumeOptions.LocalDriver;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>-o/--opt</c> options as key → value (podman's parse of "key=value").</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public bool Anonymous { get; init; }
}
