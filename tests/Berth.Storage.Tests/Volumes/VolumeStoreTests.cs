using Berth.Platform;
using Berth.Storage.Volumes;

namespace Berth.Storage.Tests.Volumes;

/// <summary>The volume rows and directories: podman's layout and modes, atomic create, removal, counted mounts.</summary>
public sealed class VolumeStoreTests : IDisposable
{
    private readonly TempRoot root = new();

    private string VolumePath => Path.Combine(root.Path, "volumes");

    public void Dispose() => root.Dispose();

    [Fact]
    public void Create_MakesPodmansDirectoriesAndRow()
    {
        using var store = root.Open("vfs");
        var created = DateTimeOffset.UtcNow;
        var v = store.Volumes.Create(New("data", created) with
        {
            Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "" },
            Options = new Dictionary<string, string> { ["type"] = "tmpfs", ["o"] = "nodev" },
        });

        Assert.Equal(Path.Combine(VolumePath, "data", "_data"), v.MountPoint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(VolumePath, "data")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(v.MountPoint));
        var read = store.Volumes.Get("data")!;
        Assert.Equal(created.UtcTicks, read.Created.UtcTicks);
        Assert.Equal(["a", "b"], read.Labels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("nodev", read.Options["o"]);
        Assert.True(read.NeedsCopyUp);
        Assert.True(read.NeedsChown);
        Assert.Equal(0u, read.MountCount);
    }

    [Fact]
    public void Create_WithOwner_ChownsBothDirectories()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("owned") with { Uid = 1000, Gid = 1001, NeedsChown = false });

        foreach (var dir in new[] { v.MountPoint, Path.GetDirectoryName(v.MountPoint)! })
        {
            var status = UnixFileSystem.Stat(dir);
            Assert.Equal((1000u, 1001u), (status.Uid, status.Gid));
        }

        Assert.False(store.Volumes.Get("owned")!.NeedsChown);
    }

    [Fact]
    public void Create_TakenName_IsPodmansErrorAndChangesNothing()
    {
        using var store = root.Open("vfs");
        var first = store.Volumes.Create(New("x"));
        File.WriteAllText(Path.Combine(first.MountPoint, "keep"), "1");

        var e = Assert.Throws<BerthException>(() => store.Volumes.Create(New("x")));

        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("volume with name x already exists: volume already exists", e.Message);
        Assert.True(File.Exists(Path.Combine(first.MountPoint, "keep")));
        Assert.Equal(first.Created, store.Volumes.Create(New("x"), ignoreExisting: true).Created);
    }

    [Fact]
    public void Create_DirectoryWithoutRow_IsReplaced()
    {
        // What a crash between making the directories and committing the row leaves.
        var leftover = Path.Combine(VolumePath, "crashed", "_data");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "stale"), "x");
        using var store = root.Open("vfs");

        var v = store.Volumes.Create(New("crashed"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(v.MountPoint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Create_NameOutsideTheVolumePath_IsRefused(string name)
    {
        using var store = root.Open("vfs");

        Assert.Throws<BerthException>(() => store.Volumes.Create(New(name)));
        Assert.False(Directory.Exists(VolumePath) && Directory.EnumerateFileSystemEntries(VolumePath).Any());
    }

    [Fact]
    public async Task Create_SameNameFromManyStores_MakesOneVolume()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => root.Open("vfs")).ToList();
        try
        {
            var results = await Task.WhenAll(stores.Select(s => Task.Run(() =>
            {
                try
                {
                    s.Volumes.Create(New("race"));
                    return true;
                }
                catch (BerthException e) when (e.Kind == ErrorKind.AlreadyExists)
                {
                    return false;
                }
            })));

            Assert.Single(results, r => r);
            Assert.Single(stores[0].Volumes.List());
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void ListAndPrefix_AreByName()
    {
        using var store = root.Open("vfs");
        foreach (var n in new[] { "b1", "a", "B", "b2" })
        {
            store.Volumes.Create(New(n));
        }

        Assert.Equal(["B", "a", "b1", "b2"], store.Volumes.List().Select(v => v.Name));
        Assert.Equal(["b1", "b2"], store.Volumes.FindByPrefix("b").Select(v => v.Name));
        Assert.Empty(store.Volumes.FindByPrefix("c"));
    }

    [Fact]
    public void UpdateState_RecordsCopyUpAndChown()
    {
        using var store = root.Open("vfs");
        store.Volumes.Create(New("s"));

        store.Volumes.UpdateState("s", v => v with { NeedsCopyUp = false, NeedsChown = false, UidChowned = 5, GidChowned = 6 });

        var v = store.Volumes.Get("s")!;
        Assert.False(v.NeedsCopyUp);
        Assert.False(v.NeedsChown);
        Assert.Equal((5, 6), (v.UidChowned, v.GidChowned));
        Assert.Null(store.Volumes.UpdateState("missing", v => v));
    }

    [Fact]
    public void Remove_DeletesRowAndDirectory()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("gone"));
        File.WriteAllText(Path.Combine(v.MountPoint, "f"), "x");

        Assert.True(store.Volumes.Remove("gone"));

        Assert.Null(store.Volumes.Get("gone"));
        Assert.False(Directory.Exists(Path.Combine(VolumePath, "gone")));
        Assert.False(store.Volumes.Remove("gone"));
    }

    [Fact]
    public void Remove_RefusedByCheck_KeepsEverything()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("kept"));

        Assert.Throws<BerthException>(() => store.Volumes.Remove("kept", _ => throw new BerthException(ErrorKind.Conflict, "in use")));

        Assert.NotNull(store.Volumes.Get("kept"));
        Assert.True(Directory.Exists(v.MountPoint));
    }

    [Fact]
    public void Mount_CountsUsersAndUnmountsWithTheLast()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("t"));
        var tmpfs = new Mount("tmpfs", "tmpfs", v.MountPoint, ["nodev", "size=1m"]);

        Assert.Equal(v.MountPoint, store.Volumes.Mount("t", tmpfs));
        store.Volumes.Mount("t", tmpfs);

        Assert.Equal(2u, store.Volumes.Get("t")!.MountCount);
        Assert.Single(KernelMounts.MountPointsUnder(v.MountPoint));
        Assert.Equal(1u, store.Volumes.Unmount("t"));
        Assert.True(VolumeStore.IsMounted(store.Volumes.Get("t")!));
        Assert.Equal(0u, store.Volumes.Unmount("t"));
        Assert.Empty(KernelMounts.MountPointsUnder(v.MountPoint));
        Assert.Equal(0u, store.Volumes.Unmount("t"));
        Assert.Equal(0u, store.Volumes.Get("t")!.MountCount);
    }

    [Fact]
    public void Mount_UnmountedBehindOurBack_CountsAsNotMounted()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("stale"));
        store.Volumes.Mount("stale", new Mount("tmpfs", "tmpfs", v.MountPoint, []));
        store.Volumes.Mount("stale", new Mount("tmpfs", "tmpfs", v.MountPoint, []));

        KernelMounts.Unmount(v.MountPoint);

        Assert.Equal(0u, store.Volumes.List().Single().MountCount);
        store.Volumes.Mount("stale", new Mount("tmpfs", "tmpfs", v.MountPoint, []));
        Assert.Equal(1u, store.Volumes.Get("stale")!.MountCount);
        Assert.Equal(0u, store.Volumes.Unmount("stale"));
    }

    [Fact]
    public void Remove_MountedVolume_UnmountsFirst()
    {
        using var store = root.Open("vfs");
        var v = store.Volumes.Create(New("busy"));
        store.Volumes.Mount("busy", new Mount("tmpfs", "tmpfs", v.MountPoint, []));

        Assert.True(store.Volumes.Remove("busy"));

        Assert.Empty(KernelMounts.MountPointsUnder(Path.GetDirectoryName(v.MountPoint)!));
        Assert.False(Directory.Exists(Path.GetDirectoryName(v.MountPoint)));
    }

    private NewVolume New(string name, DateTimeOffset? created = null) =>
        new() { Name = name, VolumePath = VolumePath, Created = created ?? DateTimeOffset.UtcNow };
}
