namespace Berth.Engine.Containers;

/// <summary>
/// A named or anonymous volume mounted into a container (libpod's ContainerNamedVolume). Anonymous volumes (from
/// <c>-v /path</c>, <c>--mount type=volume</c> without a source, or the image's VOLUMEs) get a generated 64-hex name at
/// create and are removed with the container by <c>rm -v</c>.
/// </summary>
public sealed record NamedVolumeMount
{
    public required string Name { get; init; }

    /// <summary>The absolute path inside the container.</summary>
    public required string Destination { get; init; }

    /// <summary>The options as given, each one word: ro, rw, nosuid, U, copy, nocopy, z, idmap, rprivate …</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public bool IsAnonymous { get; init; }

    /// <summary><c>--mount type=volume,…,subpath=</c>: only this path inside the volume is mounted.</summary>
    public string? SubPath { get; init; }
}

/// <summary>A mount that goes into the runtime spec as it is: bind mounts of host paths, tmpfs, devpts.</summary>
public sealed record UserMount
{
    /// <summary>"bind", "tmpfs" or "devpts".</summary>
    public required string Type { get; init; }

    /// <summary>The host path of a bind; "tmpfs"/"devpts" for the others.</summary>
    public required string Source { get; init; }

    public required string Destination { get; init; }

    /// <summary>Mount options in the spec's words (rbind, ro, nosuid, size=…, mode=…), plus podman's extras (U, z, Z, idmap).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
}

/// <summary><c>-v src:dst:O</c> (libpod's ContainerOverlayVolume): the source as a lower layer, changes thrown away.</summary>
public sealed record OverlayVolumeMount
{
    /// <summary>A host directory, or a volume's data directory resolved at create.</summary>
    public required string Source { get; init; }

    public required string Destination { get; init; }

    public IReadOnlyList<string> Options { get; init; } = [];
}

/// <summary><c>--mount type=image,source=IMAGE,destination=…[,rw]</c> (libpod's ContainerImageVolume).</summary>
public sealed record ImageVolumeMount
{
    /// <summary>The image's ID (resolved at create).</summary>
    public required string ImageId { get; init; }

    /// <summary>The image as the user named it.</summary>
    public required string Source { get; init; }

    public required string Destination { get; init; }

    public bool ReadWrite { get; init; }
}

/// <summary><c>--device host[:container][:permissions]</c>.</summary>
public sealed record DeviceMapping
{
    public required string HostPath { get; init; }
    public required string ContainerPath { get; init; }

    /// <summary>Cgroup permissions, some of "rwm" (default "rwm").</summary>
    public string Permissions { get; init; } = "rwm";
}
