using System.Text;
using Berth.Oci;
using Berth.Platform;
using Berth.Storage.Layers;

namespace Berth.Storage.Tests;

/// <summary>
/// The contract of <see cref="LayerStore"/>, run against every driver (as containerd's snapshotter test suite is): each
/// test writes layers in the driver's whiteout format and reads the result through a real mount.
/// </summary>
public abstract class LayerStoreConformance : IDisposable
{
    private protected readonly TempRoot Root = new();
    private protected readonly Store Store;

    protected LayerStoreConformance(string driver)
    {
        Store = Root.Open(driver);
        Assert.Equal(driver, Store.DriverName);
    }

    public void Dispose()
    {
        Store.Dispose();
        Root.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected async Task<Layer> CreateAsync(Layer? parent, string name, params Change[] changes)
    {
        var diffId = Changes.DiffId(name);
        var chainId = ChainId.Compute(parent?.ChainId, diffId);
        return await Store.Layers.CreateAsync(chainId, parent?.ChainId, diffId, Changes.Populate(changes), CancellationToken.None);
    }

    /// <summary>Mounts <paramref name="mounts"/> on a fresh directory, runs <paramref name="check"/> on it, unmounts.</summary>
    private protected void WithMounted(IReadOnlyList<Mount> mounts, Action<string> check)
    {
        var target = Root.NewDirectory("mnt-" + Guid.NewGuid().ToString("N"));
        var mounted = 0;
        try
        {
            foreach (var mount in mounts)
            {
                KernelMounts.Apply(mount, target);
                mounted++;
            }

            check(target);
        }
        finally
        {
            for (var i = 0; i < mounted; i++)
            {
                KernelMounts.Unmount(target);
            }
        }
    }

    private protected Task<Layer> CreateChainOfThreeAsync() => CreateChainOfThreeCoreAsync();

    private async Task<Layer> CreateChainOfThreeCoreAsync()
    {
        var l1 = await CreateAsync(null, "one",
            new AddFile("/a", "one"), new AddFile("/keep", "keep"), new AddFile("/dir/x", "x"), new AddFile("/dir/y", "y"), new AddFile("/etc/conf", "1"));
        var l2 = await CreateAsync(l1, "two",
            new Delete("/a"), new AddFile("/b", "two"), new MakeOpaque("/dir"), new AddFile("/dir/z", "z"), new AddFile("/etc/conf", "2"));
        return await CreateAsync(l2, "three",
            new AddFile("/a", "three"), new Delete("/keep"), new AddFile("/bin/tool", "#!/bin/sh\n", 0b111_101_101));
    }

    [Fact]
    public async Task CreateAsync_ChainOfThree_MountShowsMergedTree()
    {
        var top = await CreateChainOfThreeAsync();

        WithMounted(Store.Layers.MountsFor(top.ChainId), dir =>
        {
            Assert.Equal("three", File.ReadAllText(Path.Combine(dir, "a")));
            Assert.Equal("two", File.ReadAllText(Path.Combine(dir, "b")));
            Assert.False(File.Exists(Path.Combine(dir, "keep")));
            Assert.Equal(["z"], Directory.GetFileSystemEntries(Path.Combine(dir, "dir")).Select(Path.GetFileName));
            Assert.Equal("2", File.ReadAllText(Path.Combine(dir, "etc", "conf")));
            Assert.Equal(0b111_101_101u, UnixFileSystem.Stat(Path.Combine(dir, "bin", "tool")).Permissions);
        });
    }

    [Fact]
    public async Task MountsFor_MiddleLayer_ShowsTreeAsOfThatLayer()
    {
        var top = await CreateChainOfThreeAsync();

        WithMounted(Store.Layers.MountsFor(top.ParentChainId!.Value), dir =>
        {
            Assert.False(File.Exists(Path.Combine(dir, "a")));
            Assert.True(File.Exists(Path.Combine(dir, "keep")));
            Assert.Equal(["z"], Directory.GetFileSystemEntries(Path.Combine(dir, "dir")).Select(Path.GetFileName));
        });
    }

    [Fact]
    public async Task MountsFor_BaseLayer_IsReadOnly()
    {
        var l1 = await CreateAsync(null, "base", new AddFile("/a", "a"));

        WithMounted(Store.Layers.MountsFor(l1.ChainId), dir =>
        {
            Assert.Equal("a", File.ReadAllText(Path.Combine(dir, "a")));
            var e = Assert.ThrowsAny<IOException>(() => File.WriteAllText(Path.Combine(dir, "new"), "x"));
            Assert.Contains("Read-only", e.Message, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task CreateAsync_ExistingLayer_ReturnsItWithoutPopulating()
    {
        var first = await CreateAsync(null, "same", new AddFile("/a", "a"));
        var calls = 0;

        var again = await Store.Layers.CreateAsync(first.ChainId, null, first.DiffId, Changes.Populate([], () => calls++), CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Equal(first, again);
        Assert.Single(Store.Layers.List());
    }

    [Fact]
    public async Task CreateAsync_ConcurrentSameChainInOneProcess_PopulatesOnce()
    {
        using var other = Root.Open();
        var diffId = Changes.DiffId("racy");
        var calls = 0;
        async Task<long> Slow(string dir, LayerWhiteoutFormat format, CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(200, ct);
            Changes.Apply(dir, format, [new AddFile("/f", "f")]);
            return 1;
        }

        var results = await Task.WhenAll(
            Task.Run(() => Store.Layers.CreateAsync(diffId, null, diffId, Slow, CancellationToken.None)),
            Task.Run(() => other.Layers.CreateAsync(diffId, null, diffId, Slow, CancellationToken.None)));

        Assert.Equal(1, calls);
        Assert.Equal(results[0].ChainId, results[1].ChainId);
    }

    [Fact]
    public async Task CreateAsync_ChainIdNotMatchingDiffId_ThrowsInvalidArgument()
    {
        var diffId = Changes.DiffId("x");

        var e = await Assert.ThrowsAsync<BerthException>(() =>
            Store.Layers.CreateAsync(Changes.DiffId("y"), null, diffId, Changes.Populate([]), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task CreateAsync_MissingParent_ThrowsNotFound()
    {
        var parent = Changes.DiffId("absent");
        var diffId = Changes.DiffId("child");

        var e = await Assert.ThrowsAsync<BerthException>(() =>
            Store.Layers.CreateAsync(ChainId.Compute(parent, diffId), parent, diffId, Changes.Populate([]), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task CreateAsync_PopulateFails_LeavesNoLayerAndNoStaging()
    {
        var diffId = Changes.DiffId("broken");

        await Assert.ThrowsAsync<InvalidDataException>(() => Store.Layers.CreateAsync(diffId, null, diffId, (dir, _, _) =>
        {
            File.WriteAllText(Path.Combine(dir, "half"), "x");
            throw new InvalidDataException("bad tar");
        }, CancellationToken.None));

        Assert.False(Store.Layers.Exists(diffId));
        Assert.False(Directory.Exists(Store.Layout.LayerDirectory(Store.DriverName, diffId)));
        Assert.Empty(Root.StagingLeftovers());
    }

    [Fact]
    public async Task RemoveAsync_LayerWithChild_ThrowsConflict()
    {
        var top = await CreateChainOfThreeAsync();

        var e = await Assert.ThrowsAsync<BerthException>(() => Store.Layers.RemoveAsync(top.ParentChainId!.Value, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.True(Store.Layers.Exists(top.ParentChainId!.Value));
    }

    [Fact]
    public async Task RemoveAsync_LayerUsedByImage_ThrowsConflict()
    {
        var layer = await CreateAsync(null, "used", new AddFile("/a", "a"));
        Store.Images.Add(ImageStoreTests.NewImage("used-config", [layer.ChainId], "localhost/used:latest"));

        var e = await Assert.ThrowsAsync<BerthException>(() => Store.Layers.RemoveAsync(layer.ChainId, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.Equal(new LayerReferences(1, 0, 0), Store.Layers.References(layer.ChainId));
    }

    [Fact]
    public async Task RemoveAsync_UnreferencedChainTopDown_RemovesEverything()
    {
        var top = await CreateChainOfThreeAsync();

        foreach (var layer in Store.Layers.Chain(top.ChainId))
        {
            await Store.Layers.RemoveAsync(layer.ChainId, CancellationToken.None);
            Assert.False(Directory.Exists(Path.GetDirectoryName(layer.Directory)));
        }

        Assert.Empty(Store.Layers.List());
        Assert.Empty(Root.StagingLeftovers());
    }

    [Fact]
    public async Task CreateContainerLayerAsync_OnImageLayer_WritesGoToContainerOnly()
    {
        var top = await CreateChainOfThreeAsync();
        var container = await Store.Layers.CreateContainerLayerAsync("c1", top.ChainId, CancellationToken.None);

        WithMounted(Store.Layers.MountsForContainer("c1"), dir =>
        {
            Assert.Equal("three", File.ReadAllText(Path.Combine(dir, "a")));
            File.WriteAllText(Path.Combine(dir, "a"), "changed");
            File.WriteAllText(Path.Combine(dir, "new"), "new");
        });

        Assert.Equal("changed", File.ReadAllText(Path.Combine(container.Directory, "a")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(container.Directory, "new")));
        WithMounted(Store.Layers.MountsFor(top.ChainId), dir => Assert.Equal("three", File.ReadAllText(Path.Combine(dir, "a"))));
        Assert.Equal(new LayerReferences(0, 0, 1), Store.Layers.References(top.ChainId));
        await Assert.ThrowsAsync<BerthException>(() => Store.Layers.RemoveAsync(top.ChainId, CancellationToken.None));

        await Store.Layers.RemoveContainerLayerAsync("c1", CancellationToken.None);

        Assert.Null(Store.Layers.GetContainerLayer("c1"));
        Assert.False(Directory.Exists(container.Directory));
        await Store.Layers.RemoveAsync(top.ChainId, CancellationToken.None);
    }

    [Fact]
    public async Task RemoveContainerLayerAsync_TreeGoesMeanwhile_IsGoneOnceTheStoreWaits()
    {
        var container = await Store.Layers.CreateContainerLayerAsync("c2", null, CancellationToken.None);
        Directory.CreateDirectory(Path.Combine(container.Directory, "deep", "er"));
        File.WriteAllText(Path.Combine(container.Directory, "deep", "er", "f"), "x");

        await Store.Layers.RemoveContainerLayerAsync("c2", CancellationToken.None);

        Assert.Null(Store.Layers.GetContainerLayer("c2"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(container.Directory)));
        Store.Layers.WaitForTrash();
        Assert.Empty(Root.StagingLeftovers());
    }

    [Fact]
    public async Task CreateContainerLayerAsync_WithoutImage_MountsEmptyWritableTree()
    {
        await Store.Layers.CreateContainerLayerAsync("scratch", null, CancellationToken.None);

        WithMounted(Store.Layers.MountsForContainer("scratch"), dir =>
        {
            Assert.Empty(Directory.GetFileSystemEntries(dir));
            File.WriteAllText(Path.Combine(dir, "x"), "x");
        });
    }

    [Fact]
    public async Task CreateContainerLayerAsync_DuplicateId_ThrowsAlreadyExists()
    {
        await Store.Layers.CreateContainerLayerAsync("dup", null, CancellationToken.None);

        var e = await Assert.ThrowsAsync<BerthException>(() => Store.Layers.CreateContainerLayerAsync("dup", null, CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
    }

    [Fact]
    public async Task Open_AfterCreate_ReopensWithSameLayers()
    {
        var top = await CreateChainOfThreeAsync();

        using var reopened = Root.Open();

        Assert.Equal(Store.DriverName, reopened.DriverName);
        Assert.Equal(3, reopened.Layers.List().Count);
        Assert.Equal(top, reopened.Layers.Get(top.ChainId));
        Assert.Empty(reopened.CleanedOnOpen);
    }

    [Fact]
    public void ChainId_Compute_FollowsImageSpec()
    {
        var d0 = Changes.DiffId("l0");
        var d1 = Changes.DiffId("l1");

        Assert.Equal(d0, ChainId.Compute(null, d0));
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes($"{d0} {d1}")), ChainId.Compute(d0, d1));
        Assert.Equal([d0, ChainId.Compute(d0, d1)], ChainId.ComputeAll([d0, d1]));
    }
}

public sealed class OverlayLayerStoreTests() : LayerStoreConformance(OverlayDriver.DriverName)
{
    [Fact]
    public async Task MountsFor_Chain_UsesShortLinksThatPointAtDiffs()
    {
        var top = await CreateChainOfThreeAsync();

        var mount = Assert.Single(Store.Layers.MountsFor(top.ChainId));

        Assert.Equal("overlay", mount.Type);
        var lowers = mount.Options.Single(o => o.StartsWith("lowerdir=", StringComparison.Ordinal))["lowerdir=".Length..].Split(':');
        Assert.Equal(3, lowers.Length);
        var chain = Store.Layers.Chain(top.ChainId);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Path.Combine(Store.Layout.DriverDirectory("overlay"), "l"), Path.GetDirectoryName(lowers[i]));
            Assert.Equal(26, Path.GetFileName(lowers[i]).Length);
            Assert.Equal(chain[i].Directory, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(lowers[i])!, new FileInfo(lowers[i]).LinkTarget!)));
        }
    }

    [Fact]
    public async Task CreateAsync_Whiteouts_AreStoredInOverlayFormat()
    {
        var top = await CreateChainOfThreeAsync();
        var two = Store.Layers.Get(top.ParentChainId!.Value)!;

        var whiteout = UnixFileSystem.Stat(Path.Combine(two.Directory, "a"));
        Assert.Equal(UnixFileKind.CharacterDevice, whiteout.Kind);
        Assert.Equal((0u, 0u), (whiteout.RDevMajor, whiteout.RDevMinor));
        Assert.Equal("y"u8.ToArray(), UnixFileSystem.GetExtendedAttribute(Path.Combine(two.Directory, "dir"), "trusted.overlay.opaque"));
    }

    [Fact]
    public async Task Open_DifferentDriverForStoreWithLayers_IsRefused()
    {
        var diffId = Changes.DiffId("pin");
        await Store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/a", "a")]), CancellationToken.None);

        var e = Assert.Throws<BerthException>(() => Root.Open("vfs"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("database storage graph driver \"overlay\" does not match our storage graph driver \"vfs\"", e.Message);
    }

    [Fact]
    public void Open_NoDriverConfigured_UsesRecordedDriver()
    {
        using var reopened = Root.Open(driver: null);

        Assert.Equal("overlay", reopened.DriverName);
    }
}

public sealed class VfsLayerStoreTests() : LayerStoreConformance(VfsDriver.DriverName)
{
    [Fact]
    public async Task CreateAsync_ChildLayer_CopyPreservesOwnersModesXattrsHardlinksDevices()
    {
        var baseLayer = await Store.Layers.CreateAsync(Changes.DiffId("rich"), null, Changes.DiffId("rich"), (dir, _, _) =>
        {
            var file = Path.Combine(dir, "suid");
            File.WriteAllText(file, "binary");
            UnixFileSystem.ChangeOwner(file, 1234, 5678);
            File.SetUnixFileMode(file, (UnixFileMode)0b100_111_101_101);
            UnixFileSystem.SetExtendedAttribute(file, "user.note", "hello"u8);
            UnixFileSystem.SetExtendedAttribute(file, "trusted.secret", "s"u8);
            UnixFileSystem.CreateHardLink(file, Path.Combine(dir, "suid-link"));
            UnixFileSystem.CreateNode(Path.Combine(dir, "null"), UnixFileKind.CharacterDevice, 0b110_110_110, 1, 3);
            File.SetUnixFileMode(Path.Combine(dir, "null"), (UnixFileMode)0b110_110_110); // past the umask
            UnixFileSystem.CreateNode(Path.Combine(dir, "sda"), UnixFileKind.BlockDevice, 0b110_110_000, 8, 0);
            UnixFileSystem.CreateNode(Path.Combine(dir, "fifo"), UnixFileKind.Fifo, 0b110_100_100);
            File.CreateSymbolicLink(Path.Combine(dir, "link"), "suid");
            UnixFileSystem.ChangeOwner(Path.Combine(dir, "link"), 42, 43);
            var sub = Path.Combine(dir, "sticky");
            Directory.CreateDirectory(sub);
            File.SetUnixFileMode(sub, (UnixFileMode)0b1_111_111_111);
            File.WriteAllText(Path.Combine(dir, ".hidden"), "dot");
            UnixFileSystem.SetTimes(file, new UnixTime(1_000_000, 5), new UnixTime(1_500_000_000, 123_456_789));
            return Task.FromResult(1L);
        }, CancellationToken.None);

        var child = await CreateAsync(baseLayer, "nothing");

        var copied = child.Directory;
        var source = UnixFileSystem.Stat(Path.Combine(baseLayer.Directory, "suid"));
        var copy = UnixFileSystem.Stat(Path.Combine(copied, "suid"));
        Assert.Equal((1234u, 5678u, 0b100_111_101_101u), (copy.Uid, copy.Gid, copy.Permissions));
        Assert.Equal(source.ModificationTime, copy.ModificationTime);
        Assert.Equal("hello"u8.ToArray(), UnixFileSystem.GetExtendedAttribute(Path.Combine(copied, "suid"), "user.note"));
        Assert.Equal("s"u8.ToArray(), UnixFileSystem.GetExtendedAttribute(Path.Combine(copied, "suid"), "trusted.secret"));
        Assert.Equal(copy.Inode, UnixFileSystem.Stat(Path.Combine(copied, "suid-link")).Inode);
        Assert.NotEqual(source.Inode, copy.Inode);
        Assert.Equal(2u, copy.LinkCount);
        var nul = UnixFileSystem.Stat(Path.Combine(copied, "null"));
        Assert.Equal((UnixFileKind.CharacterDevice, 1u, 3u, 0b110_110_110u), (nul.Kind, nul.RDevMajor, nul.RDevMinor, nul.Permissions));
        var sda = UnixFileSystem.Stat(Path.Combine(copied, "sda"));
        Assert.Equal((UnixFileKind.BlockDevice, 8u, 0u), (sda.Kind, sda.RDevMajor, sda.RDevMinor));
        Assert.Equal(UnixFileKind.Fifo, UnixFileSystem.Stat(Path.Combine(copied, "fifo")).Kind);
        var link = UnixFileSystem.Stat(Path.Combine(copied, "link"));
        Assert.Equal((UnixFileKind.SymbolicLink, 42u, 43u), (link.Kind, link.Uid, link.Gid));
        Assert.Equal("suid", new FileInfo(Path.Combine(copied, "link")).LinkTarget);
        Assert.Equal(0b1_111_111_111u, UnixFileSystem.Stat(Path.Combine(copied, "sticky")).Permissions);
        Assert.Equal("dot", File.ReadAllText(Path.Combine(copied, ".hidden")));
    }
}
