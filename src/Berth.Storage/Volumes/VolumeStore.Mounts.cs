using Berth.Platform;

namespace Berth.Storage.Volumes;

/// <summary>
/// Counted mounts of volumes with mount options (<c>-o type=tmpfs</c>, <c>device=…,o=bind</c>): the file system is
/// mounted on the data directory for the first user and unmounted when the last one leaves, as libpod's volume
/// mount/unmount do. The count is the row's <c>mount_count</c>, changed in the same write transaction as the mount, so
/// processes take turns. A count whose mount the kernel does not show (after a reboot, or an unmount behind Berth's
/// back) reads as 0 and starts over; a mount without a count (a process killed between mount and commit) is adopted.
/// </summary>
public sealed partial class VolumeStore
{
    /// <summary>One more user of the volume's mount: mounts <paramref name="mount"/> on the data directory if it is not mounted. Returns the data directory.</summary>
    public string Mount(string name, Mount mount) => db.Write(s =>
    {
        var current = Read(s, name) ?? throw NotFound(name);
        var mounted = IsMountPoint(current.MountPoint);
        if (current.MountCount > 0 && mounted)
        {
            s.Execute("UPDATE volumes SET mount_count = mount_count + 1 WHERE name = $n", ("$n", name));
            return current.MountPoint;
        }

        var mountedHere = false;
        if (!mounted)
        {
            KernelMounts.Apply(mount, current.MountPoint);
            mountedHere = true;
        }

        try
        {
            s.Execute("UPDATE volumes SET mount_count = 1 WHERE name = $n", ("$n", name));
        }
        catch when (mountedHere)
        {
            KernelMounts.Unmount(current.MountPoint, detach: true);
            throw;
        }

        return current.MountPoint;
    });

    /// <summary>
    /// One user less: unmounts (lazily, as podman) when none is left, or at once with <paramref name="force"/>. Never goes
    /// below zero; unmounting a volume that is not mounted does nothing. Returns the users left.
    /// </summary>
    public uint Unmount(string name, bool force = false) => db.Write(s =>
    {
        var current = Read(s, name) ?? throw NotFound(name);
        var mounted = IsMountPoint(current.MountPoint);
        if (current.MountCount == 0 || !mounted)
        {
            if (current.MountCount != 0)
            {
                s.Execute("UPDATE volumes SET mount_count = 0 WHERE name = $n", ("$n", name));
            }

            return 0u;
        }

        if (current.MountCount > 1 && !force)
        {
            s.Execute("UPDATE volumes SET mount_count = mount_count - 1 WHERE name = $n", ("$n", name));
            return current.MountCount - 1;
        }

        KernelMounts.Unmount(current.MountPoint, detach: true);
        s.Execute("UPDATE volumes SET mount_count = 0 WHERE name = $n", ("$n", name));
        return 0u;
    });

    /// <summary>Whether the kernel shows a mount on the volume's data directory.</summary>
    public static bool IsMounted(VolumeRecord volume) => IsMountPoint(volume.MountPoint);

    private static BerthException NotFound(string name) =>
        new(ErrorKind.NotFound, $"no volume with name \"{name}\" found: no such volume");

    private static bool IsMountPoint(string path) => KernelMounts.IsMountPoint(path);

    /// <summary>Counts whose mount is gone read as 0 (one look at the mount table for the whole list).</summary>
    private static IReadOnlyList<VolumeRecord> WithLiveCounts(List<VolumeRecord> records)
    {
        if (!records.Exists(r => r.MountCount > 0))
        {
            return records;
        }

        var live = KernelMounts.MountPointsUnder("/").ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].MountCount > 0 && !live.Contains(records[i].MountPoint))
            {
                records[i] = records[i] with { MountCount = 0 };
            }
        }

        return records;
    }
}
