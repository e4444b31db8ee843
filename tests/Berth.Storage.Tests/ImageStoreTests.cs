using System.Text;
using Berth.Oci;
using Berth.Storage.Images;
using Berth.Storage.Layers;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Tests;

public sealed class ImageStoreTests : IDisposable
{
    private readonly TempRoot root = new();
    private readonly Store store;

    public ImageStoreTests()
    {
        store = root.Open("vfs");
    }

    public void Dispose()
    {
        store.Dispose();
        root.Dispose();
    }

    internal static NewImage NewImage(string config, IReadOnlyList<Digest> layers, params string[] names) => new()
    {
        Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Compute(Encoding.UTF8.GetBytes(config)), Size = 1000 },
        Manifest = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(Encoding.UTF8.GetBytes("manifest of " + config)), Size = 500 },
        Layers = layers,
        Names = names,
        Architecture = "amd64",
        Os = "linux",
        Created = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
    };

    private async Task<IReadOnlyList<Digest>> LayersAsync(params string[] names)
    {
        Digest? parent = null;
        var chain = new List<Digest>();
        foreach (var name in names)
        {
            var diffId = Changes.DiffId(name);
            var layer = await store.Layers.CreateAsync(ChainId.Compute(parent, diffId), parent, diffId, Changes.Populate([new AddFile("/" + name, name)]), CancellationToken.None);
            chain.Add(layer.ChainId);
            parent = layer.ChainId;
        }

        return chain;
    }

    [Fact]
    public async Task Add_NewImage_IsFoundByIdNameAndPrefix()
    {
        var layers = await LayersAsync("a", "b");

        var added = store.Images.Add(NewImage("cfg", layers, "localhost/app:1", "localhost/app:latest") with { Digests = ["localhost/app@sha256:" + new string('1', 64)] });

        Assert.Equal(Digest.Compute("cfg"u8).Encoded, added.Id);
        Assert.Equal(layers, added.Layers);
        Assert.Equal(layers[^1], added.TopLayer);
        Assert.Equal(["localhost/app:1", "localhost/app:latest"], added.Names);
        Assert.Single(added.Digests);
        Assert.Equal(100 + 100 + 1000 + 500, added.Size);
        Assert.Equal("amd64", added.Architecture);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), added.Created);
        Assert.Contains(added.ConfigDigest, added.Blobs);
        Assert.Equal(added.Id, store.Images.Get(added.Id)?.Id);
        Assert.Equal(added.Names, store.Images.Get(added.Id)!.Names);
        Assert.Equal(added.Id, store.Images.Get("sha256:" + added.Id)?.Id);
        Assert.Equal(added.Id, store.Images.GetByName("localhost/app:latest")?.Id);
        Assert.Equal(added.Id, store.Images.FindByIdPrefix(added.Id[..5])?.Id);
        Assert.Equal(added.Id, store.Images.Lookup(added.Id[..12])?.Id);
        Assert.Equal(added.Id, store.Images.Lookup("localhost/app:1")?.Id);
        Assert.Equal(1, store.Images.Count());
    }

    [Fact]
    public async Task Add_ExistingId_AddsNamesInsteadOfDuplicating()
    {
        var layers = await LayersAsync("a");
        store.Images.Add(NewImage("cfg", layers, "localhost/one:latest"));

        var again = store.Images.Add(NewImage("cfg", layers, "localhost/two:latest"));

        Assert.Equal(["localhost/one:latest", "localhost/two:latest"], again.Names);
        Assert.Single(store.Images.List());
    }

    [Fact]
    public async Task Add_MissingLayer_ThrowsNotFoundAndStoresNothing()
    {
        var e = Assert.Throws<BerthException>(() => store.Images.Add(NewImage("cfg", [Changes.DiffId("absent")], "localhost/x:1")));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal(0, store.Images.Count());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Tag_NameOfAnotherImage_MovesTheName()
    {
        var layers = await LayersAsync("a");
        var old = store.Images.Add(NewImage("old", layers, "localhost/app:latest", "localhost/app:old"));
        var fresh = store.Images.Add(NewImage("new", layers));

        var tagged = store.Images.Tag(fresh.Id, "localhost/app:latest");

        Assert.Equal(["localhost/app:latest"], tagged.Names);
        Assert.Equal(["localhost/app:old"], store.Images.Get(old.Id)!.Names);
        Assert.Equal(fresh.Id, store.Images.GetByName("localhost/app:latest")!.Id);
    }

    [Fact]
    public async Task Add_NameOfAnotherImage_MovesTheName()
    {
        var layers = await LayersAsync("a");
        var old = store.Images.Add(NewImage("old", layers, "localhost/app:latest"));

        store.Images.Add(NewImage("new", layers, "localhost/app:latest"));

        Assert.Empty(store.Images.Get(old.Id)!.Names);
        Assert.Equal(2, store.Images.Count());
    }

    [Fact]
    public async Task Untag_NameTheImageHas_RemovesOnlyThatName()
    {
        var layers = await LayersAsync("a");
        var image = store.Images.Add(NewImage("cfg", layers, "localhost/a:1", "localhost/a:2"));

        var after = store.Images.Untag(image.Id, "localhost/a:1");

        Assert.Equal(["localhost/a:2"], after.Names);
        Assert.Null(store.Images.GetByName("localhost/a:1"));
    }

    [Fact]
    public async Task Untag_NameTheImageLacks_ThrowsNotFound()
    {
        var layers = await LayersAsync("a");
        var image = store.Images.Add(NewImage("cfg", layers, "localhost/a:1"));

        var e = Assert.Throws<BerthException>(() => store.Images.Untag(image.Id, "localhost/b:1"));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task FindByIdPrefix_SharedPrefix_ThrowsConflict()
    {
        var layers = await LayersAsync("a");
        var ids = new List<string>();
        for (var i = 0; ids.Count < 2 || ids[^1][0] != ids[0][0]; i++)
        {
            ids.Add(store.Images.Add(NewImage("cfg" + i, layers)).Id);
            ids.Sort();
            ids = ids.GroupBy(id => id[0]).OrderByDescending(g => g.Count()).First().ToList();
        }

        var e = Assert.Throws<BerthException>(() => store.Images.FindByIdPrefix(ids[0][..1]));

        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal(ids[0], store.Images.FindByIdPrefix(ids[0][..20])!.Id);
        Assert.Null(store.Images.FindByIdPrefix("zz"));
        Assert.Null(store.Images.FindByIdPrefix(new string(ids[0][0] == 'f' ? '0' : 'f', 12)));
    }

    [Fact]
    public async Task Remove_ImageWithSharedBase_ReturnsOnlyItsOwnLayersTopFirst()
    {
        var shared = await LayersAsync("base");
        var full = await LayersAsync("base", "mid", "top");
        store.Images.Add(NewImage("small", shared, "localhost/small:1"));
        var big = store.Images.Add(NewImage("big", full, "localhost/big:1"));

        var unreferenced = store.Images.Remove(big.Id);

        Assert.Equal([full[2], full[1]], unreferenced);
        Assert.Null(store.Images.Get(big.Id));
        Assert.Null(store.Images.GetByName("localhost/big:1"));
        foreach (var layer in unreferenced)
        {
            await store.Layers.RemoveAsync(layer, CancellationToken.None);
        }

        Assert.Equal(shared, store.Layers.List().Select(l => l.ChainId));
    }

    [Fact]
    public async Task Remove_ImageWhoseTopIsUnderAContainer_ReturnsNoLayers()
    {
        var layers = await LayersAsync("a", "b");
        var image = store.Images.Add(NewImage("cfg", layers));
        await store.Layers.CreateContainerLayerAsync("ctr", layers[^1], CancellationToken.None);

        Assert.Empty(store.Images.Remove(image.Id));
    }

    [Fact]
    public async Task UnownedBlobs_AfterRemove_ListsTheImagesBlobs()
    {
        var layers = await LayersAsync("a");
        var image = store.Images.Add(NewImage("cfg", layers) with { Blobs = [Digest.Compute("layer blob"u8)] });
        Assert.Empty(store.Images.UnownedBlobs(image.Blobs));

        store.Images.Remove(image.Id);

        Assert.Equal(image.Blobs.ToHashSet(), store.Images.UnownedBlobs(image.Blobs));
    }

    [Fact]
    public void Open_EmptyDatabase_AppliesEveryMigrationOnce()
    {
        using var db = StoreDatabase.Open(Path.Combine(root.Path, "fresh.db"));

        var versions = db.Read(s => s.Query("SELECT version FROM schema_version ORDER BY version", r => r.GetInt64(0)));
        Assert.Equal(Enumerable.Range(1, Migrations.LatestVersion).Select(v => (long)v), versions);
        using var again = StoreDatabase.Open(Path.Combine(root.Path, "fresh.db"));
        Assert.Equal(Migrations.LatestVersion, again.Read(s => s.Scalar("SELECT COUNT(*) FROM schema_version")));
        Assert.Equal("wal", again.Read(s => s.Query("PRAGMA journal_mode", r => r.GetString(0))[0]));
    }

    [Fact]
    public void Close_LeavesTheWal_AndTheNextOpenReadsEveryCommitBack()
    {
        var path = Path.Combine(root.Path, "kept.db");
        using (var db = StoreDatabase.Open(path))
        {
            db.Write(s => s.Execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, value INTEGER)"));
            db.Write(s => s.Execute("INSERT INTO kept (id, value) VALUES (1, 1)"));
            db.WriteVolatile(s => s.Execute("UPDATE kept SET value = 2 WHERE id = 1"));
        }

        // No checkpoint on close: the changes are still only in the WAL, which the next first connection reads back.
        Assert.True(new FileInfo(path + "-wal").Length > 0);
        using (var again = StoreDatabase.Open(path))
        {
            Assert.Equal(2, again.Read(s => s.Scalar("SELECT value FROM kept WHERE id = 1")));
        }
    }

    [Fact]
    public void WriteSyncedLater_IsCommittedAtOnce_AndStaysAfterTheClose()
    {
        // Only the sync is deferred: another connection sees the row at once, and the close (which pays the owed sync)
        // leaves it for the next open.
        var path = Path.Combine(root.Path, "later.db");
        using (var db = StoreDatabase.Open(path))
        {
            db.Write(s => s.Execute("CREATE TABLE later (id INTEGER PRIMARY KEY)"));
            db.WriteSyncedLater(s => s.Execute("INSERT INTO later (id) VALUES (7)"));
            using var other = StoreDatabase.Open(path);
            Assert.Equal(1, other.Read(s => s.Scalar("SELECT COUNT(*) FROM later WHERE id = 7")));
        }

        using var again = StoreDatabase.Open(path);
        Assert.Equal(1, again.Read(s => s.Scalar("SELECT COUNT(*) FROM later WHERE id = 7")));
    }

    [Fact]
    public void SyncOwed_SyncsOnce_AndAgainOnlyAfterTheNextLaterWrite()
    {
        var path = Path.Combine(root.Path, "owed.db");
        using (var db = StoreDatabase.Open(path))
        {
            db.Write(s => s.Execute("CREATE TABLE owed (id INTEGER PRIMARY KEY)"));
            db.SyncOwed();
            db.WriteSyncedLater(s => s.Execute("INSERT INTO owed (id) VALUES (1)"));
            db.SyncOwed();
            db.SyncOwed();
            db.WriteSyncedLater(s => s.Execute("INSERT INTO owed (id) VALUES (2)"));
        }

        using var again = StoreDatabase.Open(path);
        Assert.Equal(2, again.Read(s => s.Scalar("SELECT COUNT(*) FROM owed")));
    }

    [Fact]
    public void Writes_BeyondTheAutoCheckpoint_KeepTheWalBounded()
    {
        var path = Path.Combine(root.Path, "bounded.db");
        using (var db = StoreDatabase.Open(path))
        {
            db.Write(s => s.Execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)"));
            for (var i = 0; i < 4 * StoreDatabase.AutoCheckpointPages; i++)
            {
                db.WriteVolatile(s => s.Execute("INSERT INTO filler (data) VALUES (zeroblob(3000))"));
            }
        }

        // Each insert adds about a page; without the commit-time checkpoints the WAL would hold all of them.
        Assert.True(new FileInfo(path + "-wal").Length < 2L * StoreDatabase.AutoCheckpointPages * 4200);
        using var again = StoreDatabase.Open(path);
        Assert.Equal(4 * StoreDatabase.AutoCheckpointPages, again.Read(s => s.Scalar("SELECT COUNT(*) FROM filler")));
    }

    [Fact]
    public void Open_DatabaseFromNewerBerth_IsRefused()
    {
        var path = Path.Combine(root.Path, "newer.db");
        using (var db = StoreDatabase.Open(path))
        {
            db.Write(s => s.Execute("INSERT INTO schema_version (version, applied_ticks) VALUES (999, 0)"));
        }

        var e = Assert.Throws<BerthException>(() => StoreDatabase.Open(path));

        Assert.Equal(ErrorKind.InvalidState, e.Kind);
    }
}
