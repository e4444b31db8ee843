using Berth.Oci;
using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>A read-only mount of an image layer's tree (podman image mount): where it is and how many users it has.</summary>
public sealed record LayerMount(Digest ChainId, string MountPoint, int Count);

/// <summary>
/// Read-only, reference-counted mounts of image layers at <c>layers/&lt;driver&gt;/&lt;chain-hex&gt;/merged</c> (containers/storage
/// mounts a layer at <c>overlay/&lt;id&gt;/merged</c> and counts in <c>mountpoints.json</c> under the run root). The count
/// lives in the <c>layer_mounts</c> table, so a later process can unmount. A row whose mount point the kernel no longer
/// has (after a reboot, or an unmount behind Berth's back) counts as not mounted and is replaced on the next mount.
/// Mount and unmount happen inside the row's write transaction, so concurrent processes take turns.
/// </summary>
public sealed partial class LayerStore
{
    /// <summary>Where a layer's read-only tree is mounted while it is.</summary>
    public string MountPointOf(Digest chainId) => Path.Combine(layout.LayerDirectory(Driver.Name, chainId), "merged");

    /// <summary>Mounts the layer's tree read-only (or counts one more user of the mount) and returns the mount point.</summary>
    public string Mount(Digest chainId)
    {
        if (!Exists(chainId))
        {
            throw BerthException.NotFound($"layer {chainId} is not in the store");
        }

        var mounts = MountsFor(chainId);
        var target = MountPointOf(chainId);
        return db.Write(s =>
        {
            if (s.Scalar("SELECT COUNT(*) FROM layers WHERE chain_id = $c", ("$c", chainId.ToString())) == 0)
            {
                throw BerthException.NotFound($"layer {chainId} was removed");
            }

            return AddMountUser(s, "layer_mounts", "chain_id", chainId.ToString(), target, mounts);
        });
    }

    /// <summary>
    /// Takes one user off the layer's mount and unmounts it when none is left (or at once with
    /// <paramref name="force"/>). Returns the users left; <see cref="ErrorKind.InvalidState"/> if it is not mounted.
    /// </summary>
    public int Unmount(Digest chainId, bool force)
    {
        var target = MountPointOf(chainId);
        return db.Write(s =>
        {
            var count = s.Query("SELECT count FROM layer_mounts WHERE chain_id = $c", r => r.GetInt64(0), ("$c", chainId.ToString()));
            var mounted = IsMountPoint(target);
            if (count.Count == 0 || count[0] <= 0 || !mounted)
            {
                s.Execute("DELETE FROM layer_mounts WHERE chain_id = $c", ("$c", chainId.ToString()));
                throw new BerthException(ErrorKind.InvalidState, $"layer {chainId.Encoded} is not mounted");
            }

            if (count[0] > 1 && !force)
            {
                s.Execute("UPDATE layer_mounts SET count = count - 1 WHERE chain_id = $c", ("$c", chainId.ToString()));
                return (int)count[0] - 1;
            }

            s.Execute("DELETE FROM layer_mounts WHERE chain_id = $c", ("$c", chainId.ToString()));
            UnmountDirectory(target);
            return 0;
        });
    }

    /// <summary>The layer's mount, or null when it is not mounted (stale rows count as not mounted).</summary>
    public LayerMount? GetMount(Digest chainId) => ListMounts().FirstOrDefault(m => m.ChainId == chainId);

    /// <summary>Every layer mounted now, with its number of users.</summary>
    public IReadOnlyList<LayerMount> ListMounts()
    {
        var rows = db.Read(s => s.Query(
            "SELECT chain_id, mount_point, count FROM layer_mounts WHERE count > 0 ORDER BY chain_id",
            r => new LayerMount(Digest.Parse(r.GetString(0)), r.GetString(1), (int)r.GetInt64(2))));
        if (rows.Count == 0)
        {
            return rows;
        }

        var live = KernelMounts.MountPointsUnder(DriverDirectory).ToHashSet(StringComparer.Ordinal);
        return rows.Where(m => live.Contains(m.MountPoint)).ToList();
    }

    /// <summary>
    /// Inside a layer's removal: unmounts it if it is mounted (containers/storage unmounts a layer it deletes) and
    /// drops its row.
    /// </summary>
    private static void UnmountForRemoval(Sqlite.StoreDatabase.Session s, string chainId, string mountPoint)
    {
        s.Execute("DELETE FROM layer_mounts WHERE chain_id = $c", ("$c", chainId));
        if (IsMountPoint(mountPoint))
        {
            KernelMounts.Unmount(mountPoint, detach: true);
        }
    }

    private static void UnmountDirectory(string target)
    {
        KernelMounts.Unmount(target);
        try
        {
            Directory.Delete(target);
        }
        catch (IOException)
        {
            // Not empty or busy: the next mount reuses it, removal of the layer takes it away.
        }
    }

    /// <summary>
    /// Inside a write transaction: one more user of the counted mount at <paramref name="target"/> whose row in
    /// <paramref name="table"/> is keyed <paramref name="keyColumn"/> = <paramref name="key"/> (layer and container
    /// mounts share this). Mounts when the kernel does not show the mount; a stale row (reboot) or none starts over at
    /// one, and a mount without a row (a process killed between mount and commit) is adopted with a count of one.
    /// </summary>
    private static string AddMountUser(Sqlite.StoreDatabase.Session s, string table, string keyColumn, string key, string target, IReadOnlyList<Mount> mounts)
    {
        var count = s.Query($"SELECT count FROM {table} WHERE {keyColumn} = $k", r => r.GetInt64(0), ("$k", key));
        var mounted = IsMountPoint(target);
        if (count.Count == 1 && count[0] > 0 && mounted)
        {
            s.Execute($"UPDATE {table} SET count = count + 1 WHERE {keyColumn} = $k", ("$k", key));
            return target;
        }

        var mountedHere = false;
        if (!mounted)
        {
            Directory.CreateDirectory(target);
            foreach (var mount in mounts)
            {
                KernelMounts.Apply(mount, target);
            }

            mountedHere = true;
        }

        try
        {
            s.Execute(
                $"INSERT INTO {table} ({keyColumn}, mount_point, count) VALUES ($k, $m, 1) ON CONFLICT ({keyColumn}) DO UPDATE SET mount_point = $m, count = 1",
                ("$k", key),
                ("$m", target));
        }
        catch when (mountedHere)
        {
            KernelMounts.Unmount(target, detach: true);
            throw;
        }

        return target;
    }

    private static bool IsMountPoint(string path) => KernelMounts.IsMountPoint(path);
}
