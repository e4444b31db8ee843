using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>
/// Counted mounts of container root file systems at <c>containers/&lt;driver&gt;/&lt;id&gt;/merged</c>: the running
/// container is one user, each <c>berth mount</c> another (containers/storage counts them in <c>mountpoints.json</c>).
/// The count lives in <c>container_mounts</c>; mount and unmount happen inside the row's write transaction. A row whose
/// mount point the kernel does not show (after a reboot) counts as not mounted, so these commits are not synced
/// (<see cref="Sqlite.StoreDatabase.WriteVolatile{T}"/>).
/// </summary>
public sealed partial class LayerStore
{
    /// <summary>Where container <paramref name="id"/>'s root file system is mounted while it is.</summary>
    public string ContainerMountPoint(string id)
    {
        ValidateContainerId(id);
        return Path.Combine(layout.ContainerLayerDirectory(Driver.Name, id), "merged");
    }

    /// <summary>
    /// Mounts the container's root file system (or counts one more user) and returns the mount point.
    /// <paramref name="volatileUpper"/>: writes to it need not be synced (<see cref="UpperLayer.Volatile"/>; podman's
    /// choice for <c>--rm</c> containers); a kernel without overlay's <c>volatile</c> (before 5.10) mounts it as usual.
    /// </summary>
    public string MountContainer(string id, bool volatileUpper = false)
    {
        var mounts = MountsForContainer(id, volatileUpper);
        var target = ContainerMountPoint(id);
        // The kernel marks a work directory once used with "volatile" and refuses it to later mounts until the mark goes;
        // never touched while that mount is in place (the callers hold the container's lock).
        var mark = Path.Combine(layout.ContainerLayerDirectory(Driver.Name, id), "work", "work", "incompat", "volatile");
        if (Directory.Exists(mark) && !IsMountPoint(target))
        {
            Directory.Delete(mark, recursive: true);
        }

        return db.WriteVolatile(s =>
        {
            if (s.Scalar("SELECT COUNT(*) FROM container_layers WHERE id = $id", ("$id", id)) == 0)
            {
                throw BerthException.NotFound($"container layer {id} is not in the store");
            }

            try
            {
                return AddMountUser(s, "container_mounts", "id", id, target, mounts);
            }
            catch (IOException) when (mounts.Any(m => m.Options.Contains("volatile")))
            {
                var plain = mounts.Select(m => m with { Options = m.Options.Where(o => o != "volatile").ToList() }).ToList();
                return AddMountUser(s, "container_mounts", "id", id, target, plain);
            }
        });
    }

    /// <summary>
    /// Takes one user off the container's mount and unmounts it when none is left (at once with
    /// <paramref name="force"/>). Returns the users left; 0 also when it was not mounted.
    /// </summary>
    public int UnmountContainer(string id, bool force)
    {
        var target = ContainerMountPoint(id);
        return db.WriteVolatile(s =>
        {
            var count = s.Query("SELECT count FROM container_mounts WHERE id = $id", r => r.GetInt64(0), ("$id", id));
            var mounted = IsMountPoint(target);
            if (count.Count == 1 && count[0] > 1 && mounted && !force)
            {
                s.Execute("UPDATE container_mounts SET count = count - 1 WHERE id = $id", ("$id", id));
                return (int)count[0] - 1;
            }

            s.Execute("DELETE FROM container_mounts WHERE id = $id", ("$id", id));
            if (mounted)
            {
                UnmountDirectory(target);
            }

            return 0;
        });
    }

    /// <summary>The number of users of the container's mount; 0 when it is not mounted.</summary>
    public int ContainerMountCount(string id)
    {
        var target = ContainerMountPoint(id);
        var count = db.Read(s => s.Query("SELECT count FROM container_mounts WHERE id = $id", r => r.GetInt64(0), ("$id", id)));
        return count.Count == 1 && count[0] > 0 && IsMountPoint(target) ? (int)count[0] : 0;
    }
}
