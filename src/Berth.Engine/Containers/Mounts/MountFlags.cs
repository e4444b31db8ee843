namespace Berth.Engine.Containers.Mounts;

/// <summary>The mount flags of <c>create</c>/<c>run</c> as the user gave them, each value once per flag use.</summary>
public sealed record MountFlags
{
    /// <summary><c>-v</c>/<c>--volume</c> values.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary><c>--mount</c> values.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];

    /// <summary><c>--tmpfs</c> values.</summary>
    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    /// <summary><c>--device</c> values (podman's flag is a string slice: the caller has split commas; empty ones are skipped).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary><c>--read-only</c>.</summary>
    public bool ReadOnly { get; init; }

    /// <summary><c>--read-only-tmpfs</c> (default true): with --read-only, tmpfs on /tmp, /var/tmp and /run.</summary>
    public bool ReadOnlyTmpfs { get; init; } = true;
}

/// <summary>The mounts of a container as podman 4.3's create leaves them, in the model's types.</summary>
public sealed record ParsedMounts
{
    /// <summary>Named and anonymous volumes; options completed as libpod stores them (rw, rprivate, nosuid, nodev, rbind …).</summary>
    public IReadOnlyList<NamedVolumeMount> NamedVolumes { get; init; } = [];

    /// <summary>Binds (absolute source), tmpfs and devpts mounts; options as podman's create-time spec has them.</summary>
    public IReadOnlyList<UserMount> Mounts { get; init; } = [];

    public IReadOnlyList<OverlayVolumeMount> OverlayVolumes { get; init; } = [];

    /// <summary><c>--mount type=image</c>: <see cref="ImageVolumeMount.ImageId"/> is empty, the caller resolves it.</summary>
    public IReadOnlyList<ImageVolumeMount> ImageVolumes { get; init; } = [];

    /// <summary><c>--device</c>s, one per container path (a later one replaces an earlier one in place).</summary>
    public IReadOnlyList<DeviceMapping> Devices { get; init; } = [];

    /// <summary>
    /// podman's UserVolumes: destinations of the user's mounts (not binds taken over by --volumes-from), then of all named
    /// volumes (those of --volumes-from too), overlay volumes and image volumes.
    /// </summary>
    public IReadOnlyList<string> UserVolumes { get; init; } = [];

    /// <summary>podman's warnings to print (level=warning): --volumes-from mounts it could not take over.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
