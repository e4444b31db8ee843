namespace Berth.Engine.Containers.Mounts;

/// <summary>What <c>podman container inspect</c> shows of a container's mounts (libpod's GetMounts and HostConfig).</summary>
public static partial class MountsView
{
    /// <summary>
    /// HostConfig.VolumesFrom: podman stores the values joined with commas in an annotation and splits them on commas,
    /// so "src:rw,z" shows as "src:rw" and "z". Null when there are none (podman's nil slice).
    /// </summary>
    public static IReadOnlyList<string>? VolumesFrom(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : string.Join(',', values).Split(',');
}
