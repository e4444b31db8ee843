using System.Text.RegularExpressions;
using Berth.Oci;
using Berth.Platform;
using Berth.Platform.Locking;
using Berth.Storage.Sqlite;
using Berth.Storage.Staging;

namespace Berth.Storage.Layers;

/// <summary>How many things keep a layer alive.</summary>
public sealed record LayerReferences(int Images, int ChildLayers, int ContainerLayers)
{
    public bool Any => Images + ChildLayers + ContainerLayers > 0;
}

/// <summary>
/// Image layers keyed by chain ID, plus container (read-write) layers, on one <see cref="ILayerDriver"/>.
/// <para>
/// Lifecycle: <see cref="CreateAsync"/> stages a layer in <c>tmp/</c> under the per-chain lock file
/// (<c>locks/layer-&lt;hex&gt;.lock</c>, exclusive, so two processes creating one layer do the work once; the parent's lock
/// is held shared so it cannot be removed meanwhile), then commits it in one SQLite transaction that also renames the
/// directory into place. A committed layer is immutable. <see cref="RemoveAsync"/> removes a layer that no image, child
/// layer or container layer refers to: the row goes first, then the directory (moved to <c>tmp/</c> and deleted), so a
/// crash leaves at most an uncommitted directory, which the next open removes.
/// </para>
/// </summary>
public sealed partial class LayerStore
{
    private const string LayerColumns = "chain_id, parent_chain_id, diff_id, driver, link_id, uncompressed_size, created_ticks";
    private readonly StoreLayout layout;
    private readonly StoreDatabase db;
    private readonly StagingArea staging;
    private readonly List<Task> trashRemovals = [];

    internal LayerStore(StoreLayout layout, StoreDatabase db, StagingArea staging, ILayerDriver driver)
    {
        this.layout = layout;
        this.db = db;
        this.staging = staging;
        Driver = driver;
        StoreLayout.EnsureDirectory(DriverDirectory);
        StoreLayout.EnsureDirectory(layout.ContainerDriverDirectory(driver.Name));
    }

    /// <summary>The driver this store uses.</summary>
    public ILayerDriver Driver { get; }

    public string DriverName => Driver.Name;

    private string DriverDirectory => layout.DriverDirectory(Driver.Name);

    /// <summary>
    /// Returns the layer <paramref name="chainId"/>, creating it if it is not in the store: <paramref name="populate"/>
    /// fills a staging directory in <see cref="ILayerDriver.WhiteoutFormat"/> and returns the uncompressed size. It is
    /// not called when the layer exists already or another process created it while this one waited.
    /// </summary>
    public async Task<Layer> CreateAsync(
        Digest chainId,
        Digest? parentChainId,
        Digest diffId,
        Func<string, LayerWhiteoutFormat, CancellationToken, Task<long>> populate,
        CancellationToken cancellationToken)
    {
        var expected = ChainId.Compute(parentChainId, diffId);
        if (expected != chainId)
        {
            throw BerthException.InvalidArgument(
                $"layer chain ID {chainId} does not match diff ID {diffId} on parent {parentChainId?.ToString() ?? "(none)"}: expected {expected}");
        }

        if (Get(chainId) is { } existing)
        {
            return existing;
        }

        if (parentChainId is { } wanted && !Exists(wanted))
        {
            throw BerthException.NotFound($"parent layer {wanted} of layer {chainId} is not in the store");
        }

        using var layerLock = await FileLock.AcquireAsync(layout.LayerLockFile(chainId), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        using var parentLock = parentChainId is { } p
            ? await FileLock.AcquireAsync(layout.LayerLockFile(p), LockMode.Shared, cancellationToken).ConfigureAwait(false)
            : null;
        if (Get(chainId) is { } created)
        {
            return created; // another process made it while this one waited
        }

        var parent = parentChainId is { } q
            ? Get(q) ?? throw BerthException.NotFound($"parent layer {q} of layer {chainId} was removed")
            : null;
        var final = layout.LayerDirectory(Driver.Name, chainId);
        Tree.Remove(final); // an uncommitted leftover of a crash: nobody else can be working on it, we hold the lock

        var stage = staging.CreateDirectory("layer");
        try
        {
            await Driver.PrepareAsync(stage, parent?.Directory, writable: false, cancellationToken).ConfigureAwait(false);
            var size = await populate(Path.Combine(stage, "diff"), Driver.WhiteoutFormat, cancellationToken).ConfigureAwait(false);
            FaultInjection.At(FaultInjection.LayerPopulated);
            UnixFileSystem.SyncFileSystem(stage);
            var now = DateTimeOffset.UtcNow;
            Commit(final, () =>
            {
                Directory.Move(stage, final);
                var link = Driver.CreateLink(final);
                db.Write(s =>
                {
                    s.Execute(
                        $"INSERT INTO layers ({LayerColumns}) VALUES ($c, $p, $d, $drv, $l, $size, $t)",
                        ("$c", chainId.ToString()),
                        ("$p", parentChainId?.ToString()),
                        ("$d", diffId.ToString()),
                        ("$drv", Driver.Name),
                        ("$l", link),
                        ("$size", size),
                        ("$t", now.UtcTicks));
                    UnixFileSystem.FlushDirectory(DriverDirectory);
                    FaultInjection.At(FaultInjection.LayerRenamed);
                });
            });
            return Get(chainId) ?? throw new BerthException(ErrorKind.Internal, $"layer {chainId} vanished right after it was created");
        }
        finally
        {
            Tree.Remove(stage);
        }
    }

    /// <summary>The layer, or null.</summary>
    public Layer? Get(Digest chainId) => db.Read(s => s.Query(
        $"SELECT {LayerColumns} FROM layers WHERE chain_id = $c",
        ReadLayer,
        ("$c", chainId.ToString()))).FirstOrDefault();

    public bool Exists(Digest chainId) =>
        db.Read(s => s.Scalar("SELECT COUNT(*) FROM layers WHERE chain_id = $c", ("$c", chainId.ToString()))) > 0;

    /// <summary>Every image layer, oldest first.</summary>
    public IReadOnlyList<Layer> List() =>
        db.Read(s => s.Query($"SELECT {LayerColumns} FROM layers ORDER BY created_ticks, chain_id", ReadLayer));

    /// <summary>The layer and its ancestors, top first.</summary>
    public IReadOnlyList<Layer> Chain(Digest chainId)
    {
        var chain = new List<Layer>();
        Digest? next = chainId;
        while (next is { } id)
        {
            var layer = Get(id) ?? throw BerthException.NotFound($"layer {id} is not in the store");
            chain.Add(layer);
            next = layer.ParentChainId;
        }

        return chain;
    }

    /// <summary>What keeps the layer alive (images, child layers, container layers); a layer is removable when nothing does.</summary>
    public LayerReferences References(Digest chainId) => db.Read(s => References(s, chainId.ToString()));

    /// <summary>Removes an unreferenced layer; a referenced one is refused with <see cref="ErrorKind.Conflict"/>.</summary>
    public async Task RemoveAsync(Digest chainId, CancellationToken cancellationToken)
    {
        using var layerLock = await FileLock.AcquireAsync(layout.LayerLockFile(chainId), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        RemoveLocked(chainId, layerLock);
    }

    /// <summary>Removes an unreferenced layer if its lock is free now; false when it is busy (garbage collection).</summary>
    internal bool TryRemove(Digest chainId)
    {
        using var layerLock = FileLock.TryAcquire(layout.LayerLockFile(chainId), LockMode.Exclusive);
        if (layerLock is null)
        {
            return false;
        }

        RemoveLocked(chainId, layerLock);
        return true;
    }

    private void RemoveLocked(Digest chainId, FileLock layerLock)
    {
        string? link = null;
        db.Write(s =>
        {
            var rows = s.Query("SELECT link_id FROM layers WHERE chain_id = $c", r => r.IsDBNull(0) ? null : r.GetString(0), ("$c", chainId.ToString()));
            if (rows.Count == 0)
            {
                throw BerthException.NotFound($"layer {chainId} is not in the store");
            }

            var refs = References(s, chainId.ToString());
            if (refs.Any)
            {
                throw new BerthException(
                    ErrorKind.Conflict,
                    $"layer {chainId} is in use by {refs.Images} image(s), {refs.ChildLayers} layer(s) and {refs.ContainerLayers} container(s): remove those first");
            }

            link = rows[0];
            UnmountForRemoval(s, chainId.ToString(), MountPointOf(chainId));
            s.Execute("DELETE FROM layers WHERE chain_id = $c", ("$c", chainId.ToString()));
        });
        FaultInjection.At(FaultInjection.LayerRemoveCommitted);
        if (link is not null)
        {
            Driver.RemoveLink(link);
        }

        DeleteDirectory(layout.LayerDirectory(Driver.Name, chainId));
        layerLock.DeleteFile();
    }

    /// <summary>
    /// The mounts that show the layer's tree read-only (overlay of the chain; a read-only bind for a single layer or vfs).
    /// Their target is <c>/</c>: the caller mounts them wherever the root file system goes.
    /// </summary>
    public IReadOnlyList<Mount> MountsFor(Digest chainId) => Driver.Mounts(Lowers(chainId), null);

    /// <summary>Creates the read-write layer of container <paramref name="id"/> on top of <paramref name="parentChainId"/>.</summary>
    public async Task<ContainerLayer> CreateContainerLayerAsync(string id, Digest? parentChainId, CancellationToken cancellationToken)
    {
        ValidateContainerId(id);
        using var containerLock = await FileLock.AcquireAsync(layout.ContainerLockFile(id), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        using var parentLock = parentChainId is { } p
            ? await FileLock.AcquireAsync(layout.LayerLockFile(p), LockMode.Shared, cancellationToken).ConfigureAwait(false)
            : null;
        if (GetContainerLayer(id) is not null)
        {
            throw new BerthException(ErrorKind.AlreadyExists, $"a container layer with ID {id} already exists");
        }

        var parent = parentChainId is { } q ? Get(q) ?? throw BerthException.NotFound($"layer {q} is not in the store") : null;
        var final = layout.ContainerLayerDirectory(Driver.Name, id);
        Tree.Remove(final);
        var stage = staging.CreateDirectory("container");
        try
        {
            await Driver.PrepareAsync(stage, parent?.Directory, writable: true, cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            Commit(final, () =>
            {
                Directory.Move(stage, final);
                // Not synced: a container layer means something only with its owner (a container or a working
                // container), whose record is committed right after and synced (by the time the store closes at the
                // latest), which syncs this row along. Lost alone by a
                // power cut, the directory is an uncommitted leftover that the next open removes. The directory entry
                // is flushed first, so a row that survives always finds its directory.
                db.WriteVolatile(s =>
                {
                    s.Execute(
                        "INSERT INTO container_layers (id, parent_chain_id, driver, created_ticks) VALUES ($id, $p, $drv, $t)",
                        ("$id", id),
                        ("$p", parentChainId?.ToString()),
                        ("$drv", Driver.Name),
                        ("$t", now.UtcTicks));
                    UnixFileSystem.FlushDirectory(layout.ContainerDriverDirectory(Driver.Name));
                });
            });
            return GetContainerLayer(id) ?? throw new BerthException(ErrorKind.Internal, $"container layer {id} vanished right after it was created");
        }
        finally
        {
            Tree.Remove(stage);
        }
    }

    public ContainerLayer? GetContainerLayer(string id) => db.Read(s => s.Query(
        "SELECT id, parent_chain_id, driver, created_ticks FROM container_layers WHERE id = $id",
        ReadContainerLayer,
        ("$id", id))).FirstOrDefault();

    public IReadOnlyList<ContainerLayer> ListContainerLayers() => db.Read(s => s.Query(
        "SELECT id, parent_chain_id, driver, created_ticks FROM container_layers ORDER BY created_ticks, id",
        ReadContainerLayer));

    /// <summary>The mounts that show container <paramref name="id"/>'s writable root file system.</summary>
    public IReadOnlyList<Mount> MountsForContainer(string id, bool volatileUpper = false)
    {
        var layer = GetContainerLayer(id) ?? throw BerthException.NotFound($"container layer {id} is not in the store");
        var lowers = layer.ParentChainId is { } p ? Lowers(p) : [];
        return Driver.Mounts(lowers, new UpperLayer(Path.GetDirectoryName(layer.Directory)!, volatileUpper));
    }

    /// <summary>Removes container <paramref name="id"/>'s layer; refused while its root file system is mounted.</summary>
    public async Task RemoveContainerLayerAsync(string id, CancellationToken cancellationToken)
    {
        ValidateContainerId(id);
        using var containerLock = await FileLock.AcquireAsync(layout.ContainerLockFile(id), LockMode.Exclusive, cancellationToken).ConfigureAwait(false);
        var directory = layout.ContainerLayerDirectory(Driver.Name, id);
        // The container's own mount point (merged/) is where it is mounted; anything else mounted below the directory
        // is detached by the tree's deletion, which reads the mount table (on its own thread).
        if (IsMountPoint(ContainerMountPoint(id)))
        {
            throw new BerthException(ErrorKind.InvalidState, $"the root file system of container {id} is still mounted: unmount it first");
        }

        var deleted = db.Write(s => s.Execute("DELETE FROM container_layers WHERE id = $id", ("$id", id)));
        if (deleted == 0)
        {
            throw BerthException.NotFound($"container layer {id} is not in the store");
        }

        DeleteDirectory(directory, meanwhile: true);
        containerLock.DeleteFile();
    }

    /// <summary>
    /// Removes directories and short links on disk that no committed row accounts for: leftovers of a process killed
    /// between rename and commit. Entries whose lock is held are skipped (someone is committing them right now).
    /// </summary>
    internal IReadOnlyList<string> RemoveUncommitted()
    {
        var removed = new List<string>();
        var (layers, links, containers) = db.Read(s => (
            s.Query("SELECT chain_id FROM layers", r => r.GetString(0)).Select(c => Digest.Parse(c).Encoded).ToHashSet(),
            s.Query("SELECT link_id FROM layers WHERE link_id IS NOT NULL", r => r.GetString(0)).ToHashSet(),
            s.Query("SELECT id FROM container_layers", r => r.GetString(0)).ToHashSet()));

        foreach (var entry in Directory.EnumerateFileSystemEntries(DriverDirectory, "*", Tree.AllEntries))
        {
            var name = Path.GetFileName(entry);
            if (layers.Contains(name) || !Digest.TryParse($"sha256:{name}", out var chainId))
            {
                continue;
            }

            using var held = FileLock.TryAcquire(layout.LayerLockFile(chainId), LockMode.Exclusive);
            if (held is not null && !Exists(chainId) && Tree.TryRemove(entry))
            {
                removed.Add(entry);
            }
        }

        foreach (var (link, target) in Driver.ListLinks())
        {
            if (links.Contains(link))
            {
                continue;
            }

            using var held = target is not null && Digest.TryParse($"sha256:{target}", out var chainId)
                ? FileLock.TryAcquire(layout.LayerLockFile(chainId), LockMode.Exclusive)
                : null;
            var stillUnknown = db.Read(s => s.Scalar("SELECT COUNT(*) FROM layers WHERE link_id = $l", ("$l", link))) == 0;
            if ((held is not null || target is null) && stillUnknown)
            {
                Driver.RemoveLink(link);
                removed.Add(link);
            }
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(layout.ContainerDriverDirectory(Driver.Name), "*", Tree.AllEntries))
        {
            var id = Path.GetFileName(entry);
            if (containers.Contains(id) || !ContainerIdGrammar().IsMatch(id))
            {
                continue;
            }

            using var held = FileLock.TryAcquire(layout.ContainerLockFile(id), LockMode.Exclusive);
            if (held is not null && GetContainerLayer(id) is null && Tree.TryRemove(entry))
            {
                removed.Add(entry);
            }
        }

        return removed;
    }

    /// <summary>Image layers nothing refers to, top-most first (candidates for garbage collection).</summary>
    internal IReadOnlyList<Digest> Unreferenced() => db.Read(s => s.Query(
        """
        SELECT chain_id FROM layers l
        WHERE NOT EXISTS (SELECT 1 FROM image_layers i WHERE i.chain_id = l.chain_id)
          AND NOT EXISTS (SELECT 1 FROM layers c WHERE c.parent_chain_id = l.chain_id)
          AND NOT EXISTS (SELECT 1 FROM container_layers k WHERE k.parent_chain_id = l.chain_id)
        """,
        r => Digest.Parse(r.GetString(0))));

    internal static LayerReferences References(StoreDatabase.Session s, string chainId) => new(
        (int)s.Scalar("SELECT COUNT(*) FROM image_layers WHERE chain_id = $c", ("$c", chainId)),
        (int)s.Scalar("SELECT COUNT(*) FROM layers WHERE parent_chain_id = $c", ("$c", chainId)),
        (int)s.Scalar("SELECT COUNT(*) FROM container_layers WHERE parent_chain_id = $c", ("$c", chainId)));

    private List<LowerLayer> Lowers(Digest chainId)
    {
        var rows = db.Read(s => s.Query(
            """
            WITH RECURSIVE chain(id, parent, link, depth) AS (
              SELECT chain_id, parent_chain_id, link_id, 0 FROM layers WHERE chain_id = $c
              UNION ALL
              SELECT l.chain_id, l.parent_chain_id, l.link_id, chain.depth + 1 FROM layers l JOIN chain ON l.chain_id = chain.parent
            )
            SELECT id, link FROM chain ORDER BY depth
            """,
            r => new LowerLayer(
                Path.Combine(layout.LayerDirectory(Driver.Name, Digest.Parse(r.GetString(0))), "diff"),
                r.IsDBNull(1) ? null : r.GetString(1)),
            ("$c", chainId.ToString())));
        return rows.Count == 0 ? throw BerthException.NotFound($"layer {chainId} is not in the store") : rows;
    }

    /// <summary>
    /// Runs a rename-and-insert commit; if it fails after the rename (the transaction rolled back), the renamed
    /// directory and link are taken away again so that disk and database agree. The caller holds the entry's lock.
    /// </summary>
    private void Commit(string final, Action work)
    {
        try
        {
            work();
        }
        catch (Exception e) when (e is IOException or Sqlite.SqliteError or BerthException or UnauthorizedAccessException)
        {
            var link = File.Exists(Path.Combine(final, "link")) ? File.ReadAllText(Path.Combine(final, "link")) : null;
            if (link is not null)
            {
                Driver.RemoveLink(link);
            }

            Tree.Remove(final);
            throw;
        }
    }

    /// <summary>
    /// Moves a removed layer's directory aside into staging at once (its row is gone already) and deletes it. With
    /// <paramref name="meanwhile"/> (a container's layer) the tree goes on a thread-pool thread while the caller goes
    /// on with the container's record and files; <see cref="WaitForTrash"/>, called when the store closes, waits for
    /// it, and what a killed process leaves in staging the next open removes.
    /// </summary>
    private void DeleteDirectory(string directory, bool meanwhile = false)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var trash = staging.NewPath("removing");
        Directory.Move(directory, trash);
        if (!meanwhile)
        {
            Tree.Remove(trash);
            return;
        }

        lock (trashRemovals)
        {
            trashRemovals.RemoveAll(t => t.IsCompleted);
            trashRemovals.Add(Task.Run(() => Tree.Remove(trash)));
        }
    }

    /// <summary>Waits until the directories of removed layers are deleted (their failures are left to the next open).</summary>
    internal void WaitForTrash()
    {
        Task[] pending;
        lock (trashRemovals)
        {
            pending = [.. trashRemovals];
            trashRemovals.Clear();
        }

        try
        {
            Task.WaitAll(pending);
        }
        catch (AggregateException)
        {
            // A tree that could not be deleted stays in staging, which the next open empties.
        }
    }

    private Layer ReadLayer(Sqlite.StoreDatabase.Row r) => new()
    {
        ChainId = Digest.Parse(r.GetString(0)),
        ParentChainId = r.IsDBNull(1) ? null : Digest.Parse(r.GetString(1)),
        DiffId = Digest.Parse(r.GetString(2)),
        Driver = r.GetString(3),
        UncompressedSize = r.GetInt64(5),
        Created = new DateTimeOffset(r.GetInt64(6), TimeSpan.Zero),
        Directory = Path.Combine(layout.LayerDirectory(r.GetString(3), Digest.Parse(r.GetString(0))), "diff"),
    };

    private ContainerLayer ReadContainerLayer(Sqlite.StoreDatabase.Row r)
    {
        var directory = layout.ContainerLayerDirectory(r.GetString(2), r.GetString(0));
        return new ContainerLayer
        {
            Id = r.GetString(0),
            ParentChainId = r.IsDBNull(1) ? null : Digest.Parse(r.GetString(1)),
            Driver = r.GetString(2),
            Created = new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
            Directory = Path.Combine(directory, "diff"),
            MountPoint = Path.Combine(directory, "merged"),
        };
    }

    private static void ValidateContainerId(string id)
    {
        if (!ContainerIdGrammar().IsMatch(id))
        {
            throw BerthException.InvalidArgument($"invalid container layer ID \"{id}\": use letters, digits, '_', '.' and '-' (at most 128)");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ContainerIdGrammar();
}
