using Berth.Storage.Builds;
using Berth.Config;
using Berth.Platform.Locking;
using Berth.Storage.Containers;
using Berth.Storage.Content;
using Berth.Storage.Images;
using Berth.Storage.Layers;
using Berth.Storage.Sqlite;
using Berth.Storage.Staging;
using Berth.Storage.Pods;
using Berth.Storage.Volumes;

namespace Berth.Storage;

/// <summary>What a garbage collection removed, or that it had to be skipped because other processes use the store.</summary>
public sealed record GarbageCollection(bool Skipped, IReadOnlyList<Oci.Digest> Layers, IReadOnlyList<Oci.Digest> Blobs, IReadOnlyList<string> Leftovers);

/// <summary>
/// An open store: the content store, the layer store and the image store over one graph root (see
/// <see cref="StoreLayout"/> for what is where). Every process that opens the store holds <c>locks/store.lock</c>
/// shared while it is open and records a session marker in <c>tmp/</c>.
/// <para>
/// Crash safety: every change is either a verified rename of a staged file or directory, or a rename plus a SQLite
/// row in one transaction, so a process killed at any point leaves the old state or the new one plus, at most, staged
/// or uncommitted files. <see cref="Open"/> removes those: staging entries whose owner process is gone, layer
/// directories and short links no row accounts for, and — when the dead process's session shows that work was
/// interrupted and no other process has the store open — layers and blobs no image owns.
/// </para>
/// </summary>
public sealed class Store : IDisposable
{
    private const string SessionKind = "session";
    private readonly StoreDatabase db;
    private readonly FileLock storeLock;
    private readonly string sessionMarker;
    private int disposed;

    private Store(StoreLayout layout, StoreDatabase db, FileLock storeLock, StagingArea staging, ILayerDriver driver, string sessionMarker)
    {
        Layout = layout;
        this.db = db;
        this.storeLock = storeLock;
        this.sessionMarker = sessionMarker;
        Staging = staging;
        Content = new ContentStore(layout, staging);
        Layers = new LayerStore(layout, db, staging, driver);
        Images = new ImageStore(db);
        Containers = new ContainerStore(db);
        Volumes = new VolumeStore(db);
        Pods = new PodStore(db);
        Builders = new BuilderStore(db);
        BuildCache = new BuildCacheStore(db);
    }

    public StoreLayout Layout { get; }

    public ContentStore Content { get; }

    public LayerStore Layers { get; }

    public ImageStore Images { get; }

    /// <summary>Container records (config + state); their root file systems are container layers in <see cref="Layers"/>.</summary>
    public ContainerStore Containers { get; }

    /// <summary>Named volumes (rows in the database, data under the engine's volume path).</summary>
    public VolumeStore Volumes { get; }

    /// <summary>Pod records (the config as JSON); their containers are ordinary containers naming the pod.</summary>
    public PodStore Pods { get; }

    /// <summary>Working containers of builds and of the buildah commands (their root file systems are container layers).</summary>
    public BuilderStore Builders { get; }

    /// <summary>The build layer cache and image parents.</summary>
    public BuildCacheStore BuildCache { get; }

    /// <summary>The driver in use (overlay, vfs).</summary>
    public string DriverName => Layers.DriverName;

    /// <summary>What the last open cleaned up (staging leftovers, uncommitted layers, garbage after a crash).</summary>
    public IReadOnlyList<string> CleanedOnOpen { get; private set; } = [];

    internal StagingArea Staging { get; }

    /// <summary>
    /// Opens (creating if needed) the store at <see cref="StorageConf.GraphRoot"/>: lays out the directories (0700),
    /// applies schema migrations, picks or checks the driver, and cleans up after interrupted work.
    /// </summary>
    public static Store Open(StorageConf conf)
    {
        var layout = new StoreLayout(conf.GraphRoot);
        try
        {
            foreach (var dir in (ReadOnlySpan<string>)[layout.GraphRoot, layout.BlobsDirectory, layout.LayersDirectory, layout.ContainersDirectory, layout.DatabaseDirectory, layout.StagingDirectory, layout.LocksDirectory])
            {
                StoreLayout.EnsureDirectory(dir);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.InvalidState, $"cannot create the storage directory {layout.GraphRoot}: {e.Message}", e);
        }

        // Exclusive without waiting means nobody else has the store open: then all leftovers are ours to clean.
        var storeLock = FileLock.TryAcquire(layout.StoreLockFile, LockMode.Exclusive);
        var idle = storeLock is not null;
        storeLock ??= FileLock.Acquire(layout.StoreLockFile, LockMode.Shared);
        StoreDatabase? db = null;
        try
        {
            db = StoreDatabase.Open(layout.DatabaseFile);
            var staging = new StagingArea(layout.StagingDirectory);
            var cleaned = new List<string>();
            var deadSessions = DeadSessions(staging);
            cleaned.AddRange(staging.RemoveLeftovers(everything: idle, keepKinds: new HashSet<string> { SessionKind }));
            var driver = DriverSelection.Choose(conf, db, layout, staging);
            var marker = staging.NewPath(SessionKind);
            File.WriteAllBytes(marker, []);
            var store = new Store(layout, db, storeLock, staging, driver, marker);
            // Layer directories no row accounts for are left only by a process cut short between rename and commit. A
            // killed one leaves its session marker (every process changing layers keeps one until it closes the store);
            // a power cut may take the marker along (it is never synced) but not the renamed directory, so the first
            // open of each boot looks too. Otherwise there is nothing to look for (a walk of every layer's directory).
            var bootMark = BootMark(conf.RunRoot, layout.GraphRoot);
            var bootId = Berth.Platform.Host.HostFacts.BootId;
            var firstOfBoot = Berth.Platform.Host.BootScopedFile.Read(bootMark, bootId) is null;
            if (deadSessions.Count > 0 || firstOfBoot)
            {
                cleaned.AddRange(store.Layers.RemoveUncommitted());
                if (firstOfBoot)
                {
                    Berth.Platform.Host.BootScopedFile.Write(bootMark, bootId, "walked");
                }
            }
            if (idle && deadSessions.Count > 0)
            {
                try
                {
                    var gc = store.CollectGarbageLocked();
                    cleaned.AddRange(gc.Layers.Select(l => l.ToString()));
                    cleaned.AddRange(gc.Blobs.Select(b => b.ToString()));
                    foreach (var session in deadSessions)
                    {
                        File.Delete(session);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or BerthException)
                {
                    // Garbage is harmless; the dead sessions stay, so the next idle open tries again.
                }
            }

            if (idle)
            {
                storeLock.TryChangeMode(LockMode.Shared);
            }

            store.CleanedOnOpen = cleaned;
            return store;
        }
        catch
        {
            db?.Dispose();
            storeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes layers and blobs no image owns, and uncommitted leftovers — only when no other process has the store
    /// open (else returns <c>Skipped</c>). The caller makes sure nothing in this process is between writing blobs or
    /// layers and adding the image that owns them.
    /// </summary>
    public GarbageCollection CollectGarbage()
    {
        if (!storeLock.TryChangeMode(LockMode.Exclusive))
        {
            return new GarbageCollection(true, [], [], []);
        }

        try
        {
            return CollectGarbageLocked();
        }
        finally
        {
            storeLock.TryChangeMode(LockMode.Shared);
        }
    }

    /// <summary>
    /// Makes durable now what was written durable-later (a container's record, <see cref="ContainerStore.Add"/>), on the
    /// calling thread: for a caller that waits for something else meanwhile. Closing the store does it otherwise.
    /// </summary>
    public void SyncOwedWrites() => db.SyncOwed();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            File.Delete(sessionMarker);
        }
        finally
        {
            db.Dispose();
            Layers.WaitForTrash();
            storeLock.Dispose();
        }
    }

    private GarbageCollection CollectGarbageLocked()
    {
        var leftovers = new List<string>(Layers.RemoveUncommitted());
        var layers = new List<Oci.Digest>();
        var busy = new HashSet<Oci.Digest>();
        while (Layers.Unreferenced().Where(l => !busy.Contains(l)).ToList() is { Count: > 0 } batch)
        {
            foreach (var layer in batch)
            {
                if (Layers.TryRemove(layer))
                {
                    layers.Add(layer);
                }
                else
                {
                    busy.Add(layer);
                }
            }
        }

        var blobs = Images.UnownedBlobs(Content.Walk().Select(c => c.Digest)).ToList();
        foreach (var blob in blobs)
        {
            Content.Delete(blob);
        }

        return new GarbageCollection(false, layers, blobs, leftovers);
    }

    /// <summary>
    /// <c>RUNROOT/storage-walked-HASH</c> (<see cref="Berth.Platform.Host.BootScopedFile"/>): the boot in which this store
    /// (HASH: of its graph root) was last looked over for uncommitted layer directories.
    /// </summary>
    private static string BootMark(string runRoot, string graphRoot)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in graphRoot)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Path.Combine(runRoot, "storage-walked-" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static List<string> DeadSessions(StagingArea staging) =>
        Directory.EnumerateFiles(staging.Directory, SessionKind + ".*")
            .Where(f => StagingArea.ParseName(Path.GetFileName(f)) is { } p && !p.Owner.IsAlive)
            .ToList();
}
