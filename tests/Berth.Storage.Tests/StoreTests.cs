using Berth.Platform;
using Berth.Platform.Locking;

namespace Berth.Storage.Tests;

public sealed class StoreTests : IDisposable
{
    private readonly TempRoot root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Open_FreshStore_CreatesLayoutWithPrivateDirectories()
    {
        using var store = root.Open();

        foreach (var dir in new[] { "", "blobs", "layers", "containers", "db", "tmp", "locks" })
        {
            var status = UnixFileSystem.Stat(Path.Combine(root.GraphRoot, dir));
            Assert.Equal(UnixFileKind.Directory, status.Kind);
            Assert.Equal(0b111_000_000u, status.Permissions);
        }

        Assert.True(File.Exists(Path.Combine(root.GraphRoot, "db", "berth.db")));
    }

    [Fact]
    public void Open_NoDriverConfigured_ProbesAndPicksOverlayWhereTheKernelHasIt()
    {
        using var store = root.Open(driver: null);

        // This machine and CI run as root on ext4 with overlayfs (DESIGN.md §8).
        Assert.Equal("overlay", store.DriverName);
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public void Open_DriverPriority_IsHonouredOnFirstOpen()
    {
        using var store = Store.Open(root.Conf() with { DriverPriority = ["vfs", "overlay"] });

        Assert.Equal("vfs", store.DriverName);
    }

    [Fact]
    public void Open_DifferentDriverOnEmptyStore_SwitchesDriver()
    {
        using (root.Open("vfs"))
        {
        }

        using var store = root.Open("overlay");

        Assert.Equal("overlay", store.DriverName);
    }

    [Fact]
    public void Open_UnknownDriver_ThrowsInvalidArgument()
    {
        var e = Assert.Throws<BerthException>(() => root.Open("btrfs"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("btrfs", e.Message);
    }

    [Fact]
    public void CollectGarbage_AnotherStoreOpen_IsSkipped()
    {
        using var first = root.Open("vfs");
        using var second = root.Open("vfs");

        Assert.True(first.CollectGarbage().Skipped);
    }

    [Fact]
    public async Task CollectGarbage_OnlyStoreOpen_RemovesUnownedBlobsAndLayers()
    {
        using var store = root.Open("vfs");
        var blob = await store.Content.WriteBytesAsync("loose"u8.ToArray(), CancellationToken.None);
        var diffId = Changes.DiffId("loose");
        await store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/a", "a")]), CancellationToken.None);

        var gc = store.CollectGarbage();

        Assert.False(gc.Skipped);
        Assert.Equal([diffId], gc.Layers);
        Assert.Equal([blob.Digest], gc.Blobs);
        Assert.Empty(store.Layers.List());
        Assert.Empty(store.Content.Walk());
    }
}

public sealed class FileLockTests : IDisposable
{
    private readonly TempRoot root = new();

    public void Dispose() => root.Dispose();

    private string LockPath => Path.Combine(root.Path, "test.lock");

    [Fact]
    public void TryAcquire_ExclusiveHeld_ReturnsNull()
    {
        using var held = FileLock.Acquire(LockPath, LockMode.Exclusive);

        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Exclusive));
        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Shared));
    }

    [Fact]
    public void TryAcquire_SharedHeld_AllowsSharedRefusesExclusive()
    {
        using var held = FileLock.Acquire(LockPath, LockMode.Shared);

        using var second = FileLock.TryAcquire(LockPath, LockMode.Shared);
        Assert.NotNull(second);
        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Exclusive));
    }

    [Fact]
    public async Task AcquireAsync_HeldThenReleased_GetsTheLock()
    {
        var held = FileLock.Acquire(LockPath, LockMode.Exclusive);
        var waiting = FileLock.AcquireAsync(LockPath, LockMode.Exclusive, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        held.Dispose();

        using var got = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(LockMode.Exclusive, got.Mode);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var held = FileLock.Acquire(LockPath, LockMode.Exclusive);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileLock.AcquireAsync(LockPath, LockMode.Exclusive, cts.Token));
    }

    [Fact]
    public async Task DeleteFile_WhileOthersWait_WaiterLocksTheNewFile()
    {
        var held = FileLock.Acquire(LockPath, LockMode.Exclusive);
        var waiting = FileLock.AcquireAsync(LockPath, LockMode.Exclusive, CancellationToken.None);
        await Task.Delay(30);

        held.DeleteFile();
        held.Dispose();
        using var got = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(File.Exists(LockPath));
        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Exclusive));
    }

    [Fact]
    public void TryChangeMode_SoleHolder_UpgradesAndDowngrades()
    {
        using var held = FileLock.Acquire(LockPath, LockMode.Shared);

        Assert.True(held.TryChangeMode(LockMode.Exclusive));
        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Shared));
        Assert.True(held.TryChangeMode(LockMode.Shared));
        using var other = FileLock.TryAcquire(LockPath, LockMode.Shared);
        Assert.NotNull(other);
        Assert.False(held.TryChangeMode(LockMode.Exclusive));

        // Still held shared after the refused upgrade: the other holder cannot upgrade either.
        Assert.Equal(LockMode.Shared, held.Mode);
        Assert.False(other!.TryChangeMode(LockMode.Exclusive));
        other.Dispose();
        Assert.Null(FileLock.TryAcquire(LockPath, LockMode.Exclusive));
    }
}
