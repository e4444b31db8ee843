using Berth.Platform;
using Berth.Storage.Layers;

namespace Berth.Storage.Tests;

/// <summary>Read-only, counted layer mounts (podman image mount), on both drivers.</summary>
public abstract class LayerMountConformance : IDisposable
{
    private readonly TempRoot root = new();
    private readonly Store store;
    private readonly string driver;

    protected LayerMountConformance(string driver)
    {
        this.driver = driver;
        store = root.Open(driver);
    }

    public void Dispose()
    {
        store.Dispose();
        root.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<Layer> CreateAsync(Layer? parent, string name, params Change[] changes)
    {
        var diffId = Changes.DiffId(name);
        return await store.Layers.CreateAsync(ChainId.Compute(parent?.ChainId, diffId), parent?.ChainId, diffId, Changes.Populate(changes), CancellationToken.None);
    }

    private async Task<Layer> CreateChainOfThreeAsync()
    {
        var l1 = await CreateAsync(null, "one", new AddFile("/a", "one"), new AddFile("/keep", "keep"));
        var l2 = await CreateAsync(l1, "two", new AddFile("/b", "two"));
        return await CreateAsync(l2, "three", new AddFile("/a", "three"), new Delete("/keep"));
    }

    [Fact]
    public async Task Mount_Twice_CountsAndUnmountsOnlyAtZero()
    {
        var top = await CreateChainOfThreeAsync();

        var path = store.Layers.Mount(top.ChainId);
        try
        {
            Assert.Equal(store.Layers.MountPointOf(top.ChainId), path);
            Assert.Equal("three", File.ReadAllText(Path.Combine(path, "a")));
            Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(path, "new"), "x"));
            Assert.Equal(path, store.Layers.Mount(top.ChainId));
            Assert.Equal(2, store.Layers.GetMount(top.ChainId)!.Count);

            Assert.Equal(1, store.Layers.Unmount(top.ChainId, force: false));
            Assert.True(File.Exists(Path.Combine(path, "a")));
            Assert.Equal(0, store.Layers.Unmount(top.ChainId, force: false));
            Assert.Null(store.Layers.GetMount(top.ChainId));
            Assert.Empty(KernelMounts.MountPointsUnder(path));
        }
        finally
        {
            foreach (var point in KernelMounts.MountPointsUnder(path))
            {
                KernelMounts.Unmount(point, detach: true);
            }
        }
    }

    [Fact]
    public async Task Mount_SeenByAnotherOpenStore_WhichCanForceUnmount()
    {
        var layer = await CreateAsync(null, "base", new AddFile("/a", "a"));
        store.Layers.Mount(layer.ChainId);
        store.Layers.Mount(layer.ChainId);

        using (var other = root.Open())
        {
            Assert.Equal(2, other.Layers.GetMount(layer.ChainId)!.Count);
            Assert.Equal(0, other.Layers.Unmount(layer.ChainId, force: true));
        }

        Assert.Empty(store.Layers.ListMounts());
        Assert.Empty(KernelMounts.MountPointsUnder(store.Layers.MountPointOf(layer.ChainId)));
    }

    [Fact]
    public async Task Unmount_NotMounted_ThrowsInvalidState()
    {
        var layer = await CreateAsync(null, "base", new AddFile("/a", "a"));

        var e = Assert.Throws<BerthException>(() => store.Layers.Unmount(layer.ChainId, force: false));

        Assert.Equal(ErrorKind.InvalidState, e.Kind);
    }

    [Fact]
    public async Task Mount_UnmountedBehindOurBack_CountsAsNotMountedAndMountsAgain()
    {
        var layer = await CreateAsync(null, "base", new AddFile("/a", "a"));
        var path = store.Layers.Mount(layer.ChainId);
        KernelMounts.Unmount(path);

        Assert.Null(store.Layers.GetMount(layer.ChainId));
        Assert.Equal(path, store.Layers.Mount(layer.ChainId));
        Assert.Equal(1, store.Layers.GetMount(layer.ChainId)!.Count);
        Assert.Equal(0, store.Layers.Unmount(layer.ChainId, force: false));
    }

    [Fact]
    public async Task MountContainer_Volatile_SkipsSyncsAndTheLayerMountsAgainAfterwards()
    {
        var layer = await CreateAsync(null, "base", new AddFile("/a", "a"));
        var id = new string('c', 64);
        await store.Layers.CreateContainerLayerAsync(id, layer.ChainId, CancellationToken.None);

        var path = store.Layers.MountContainer(id, volatileUpper: true);
        File.WriteAllText(Path.Combine(path, "new"), "x");
        // Only overlay has the option; vfs ignores the request.
        Assert.Equal(driver == OverlayDriver.DriverName, SuperOptions(path).Contains("volatile", StringComparison.Ordinal));
        var mark = Path.Combine(Path.GetDirectoryName(path)!, "work", "work", "incompat", "volatile");
        Assert.Equal(driver == OverlayDriver.DriverName, Directory.Exists(mark));

        // A second user of the mount in place leaves the kernel's mark alone.
        Assert.Equal(path, store.Layers.MountContainer(id, volatileUpper: true));
        Assert.Equal(driver == OverlayDriver.DriverName, Directory.Exists(mark));
        Assert.Equal("x", File.ReadAllText(Path.Combine(path, "new")));
        Assert.Equal(0, store.Layers.UnmountContainer(id, force: true));

        // The kernel marks a work directory used with "volatile" and refuses it until the mark is gone.
        path = store.Layers.MountContainer(id);
        Assert.Equal("x", File.ReadAllText(Path.Combine(path, "new")));
        Assert.DoesNotContain("volatile", SuperOptions(path), StringComparison.Ordinal);
        Assert.Equal(0, store.Layers.UnmountContainer(id, force: true));
    }

    /// <summary>The super block options of the mount at <paramref name="path"/> (the last field of its mountinfo line).</summary>
    private static string SuperOptions(string path) =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).Single(f => f[4] == path)[^1];

    [Fact]
    public async Task RemoveAsync_MountedLayer_UnmountsItFirst()
    {
        var layer = await CreateAsync(null, "base", new AddFile("/a", "a"));
        var path = store.Layers.Mount(layer.ChainId);

        await store.Layers.RemoveAsync(layer.ChainId, CancellationToken.None);

        Assert.Empty(KernelMounts.MountPointsUnder(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.Empty(store.Layers.ListMounts());
    }
}

public sealed class OverlayLayerMountTests() : LayerMountConformance(OverlayDriver.DriverName);

public sealed class VfsLayerMountTests() : LayerMountConformance(VfsDriver.DriverName);
