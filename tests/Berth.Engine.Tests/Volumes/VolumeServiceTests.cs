using System.Formats.Tar;
using System.Text.Json;
using Berth.Config;
using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Storage.Containers;

namespace Berth.Engine.Tests.Volumes;

/// <summary>
/// VolumeService over a private store (root): create rules, lookup, in-use from containers' configurations (written
/// through the container store, as create does), rm with and without force, prune, mounts, import refusals.
/// </summary>
public sealed class VolumeServiceTests : IDisposable
{
    /// <summary>The stored JSON shape (the engine's context is internal; the names are the properties').</summary>
    private static readonly JsonSerializerOptions Stored = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly string dir = Directory.CreateTempSubdirectory("berth-volumes-").FullName;
    private readonly BerthEngine engine;

    public VolumeServiceTests()
    {
        var sysroot = Path.Combine(dir, "sysroot");
        Directory.CreateDirectory(sysroot);
        engine = BerthEngine.Open(
            new EngineOptions { Root = Path.Combine(dir, "root"), RunRoot = Path.Combine(dir, "run"), StorageDriver = "vfs" },
            new ConfigEnvironment(new Dictionary<string, string>(), 0, home: dir, rootPrefix: sysroot));
    }

    public void Dispose()
    {
        foreach (var point in Platform.KernelMounts.MountPointsUnder(dir))
        {
            Platform.KernelMounts.Unmount(point, detach: true);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Create_UnderTheVolumePath_AsPodman()
    {
        using var service = new VolumeService(engine);

        var v = service.Create(new VolumeCreateRequest { Name = "data", Labels = new Dictionary<string, string> { ["k"] = "v" } });

        Assert.Equal(Path.Combine(dir, "root", "volumes", "data", "_data"), v.Mountpoint);
        Assert.Equal(Path.Combine(dir, "root", "volumes"), engine.Settings.VolumePath);
        Assert.True(v.NeedsCopyUp);
        Assert.True(v.NeedsChown);
        Assert.Equal("v", service.Get("data").Labels["k"]);
    }

    [Fact]
    public void Create_NoName_GeneratesAnId()
    {
        using var service = new VolumeService(engine);

        var v = service.Create(new VolumeCreateRequest { Anonymous = true });

        Assert.Matches("^[0-9a-f]{64}$", v.Name);
        Assert.True(service.Get(v.Name).Anonymous);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("_a")]
    [InlineData(".a")]
    [InlineData("a/b")]
    public void Create_BadName_IsPodmansError(string name)
    {
        using var service = new VolumeService(engine);

        var e = Assert.Throws<BerthException>(() => service.Create(new VolumeCreateRequest { Name = name }));

        Assert.Equal("running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument", e.Message);
        Assert.Empty(service.List());
    }

    [Fact]
    public void Create_Errors_InPodmansOrder()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "x1" });

        Assert.Equal("volume with name x1 already exists: volume already exists", Assert.Throws<BerthException>(() => service.Create(new VolumeCreateRequest { Name = "x1", Driver = "foo" })).Message);
        Assert.Equal(
            "volume x2 uses volume plugin foo but it could not be retrieved: no volume plugin with name foo available: required plugin missing",
            Assert.Throws<BerthException>(() => service.Create(new VolumeCreateRequest { Name = "x2", Driver = "foo", Options = new Dictionary<string, string> { ["bogus"] = "" } })).Message);
        Assert.Equal(
            "running volume create option: Volume driver timeout can only be used with non-local volume drivers: invalid argument",
            Assert.Throws<BerthException>(() => service.Create(new VolumeCreateRequest { Name = "x1", Options = new Dictionary<string, string> { ["o"] = "timeout=5" } })).Message);
        Assert.Equal("x1", service.Create(new VolumeCreateRequest { Name = "x1" }, ignoreExisting: true).Name);
        Assert.Single(service.List());
    }

    [Fact]
    public void Get_ExactNameThenUniquePrefix()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "glob1" });
        service.Create(new VolumeCreateRequest { Name = "glob2" });
        service.Create(new VolumeCreateRequest { Name = "other" });

        Assert.Equal("other", service.Get("oth").Name);
        Assert.Equal("more than one result for volume name \"glo\": volume already exists", Assert.Throws<BerthException>(() => service.Get("glo")).Message);
        Assert.Equal("no volume with name \"nope\" found: no such volume", Assert.Throws<BerthException>(() => service.Get("nope")).Message);
        Assert.False(service.Exists("oth"));
        Assert.True(service.Exists("other"));
    }

    [Fact]
    public async Task Remove_InUse_WithoutForce_IsPodmansErrorAndKeepsAll()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "shared" });
        var ids = new[] { AddContainer("c1", "shared"), AddContainer("c2", "shared") }.Order(StringComparer.Ordinal).ToList();

        var e = await Assert.ThrowsAsync<BerthException>(() => service.RemoveAsync("shared", force: false, null, CancellationToken.None));

        Assert.Equal($"volume shared is being used by the following container(s): {ids[0]}, {ids[1]}: volume is being used", e.Message);
        Assert.Equal(2, e.ExitCode);
        Assert.True(service.Exists("shared"));
        Assert.Equal(2, service.UsersOf("shared").Count);
        Assert.Equal(["shared"], service.List(["dangling=false"]).Select(v => v.Name));
    }

    [Fact]
    public async Task Remove_InUse_WithForce_RemovesTheContainersFirst()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "shared" });
        service.Create(new VolumeCreateRequest { Name = "other" });
        AddContainer("c1", "shared");
        var keeper = AddContainer("c2", "other");

        await service.RemoveAsync("shared", force: true, null, CancellationToken.None);

        Assert.False(service.Exists("shared"));
        using var containers = new ContainerService(engine);
        Assert.Equal([keeper], containers.List().Select(c => c.Id));
    }

    [Fact]
    public void Prune_RemovesOnlyUnusedMatches()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "used" });
        service.Create(new VolumeCreateRequest { Name = "free1", Labels = new Dictionary<string, string> { ["keep"] = "no" } });
        service.Create(new VolumeCreateRequest { Name = "free2" });
        AddContainer("c1", "used");

        Assert.Equal(["free1"], service.PruneCandidates(["label=keep"]).Select(v => v.Name));
        Assert.Equal(["free1"], service.Prune(["label=keep"]).Select(r => r.Name));
        Assert.Equal(["free2"], service.Prune([]).Select(r => r.Name));
        Assert.Equal(["used"], service.List().Select(v => v.Name));
    }

    [Fact]
    public void Mount_TmpfsVolume_CountsAndUnmounts_PlainVolumeIsNotCounted()
    {
        using var service = new VolumeService(engine);
        var t = service.Create(new VolumeCreateRequest { Name = "t", Options = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" } });
        service.Create(new VolumeCreateRequest { Name = "plain" });

        Assert.Equal(t.Mountpoint, service.Mount("t"));
        service.Mount("t");
        service.Mount("plain");

        Assert.Equal(2u, service.Get("t").MountCount);
        Assert.Equal(0u, service.Get("plain").MountCount);
        service.Unmount("t");
        service.Unmount("t");
        service.Unmount("t");
        Assert.Equal(0u, service.Get("t").MountCount);
        Assert.Empty(Platform.KernelMounts.MountPointsUnder(t.Mountpoint));
    }

    [Fact]
    public void MarkCopiedUpAndChowned_AreShown()
    {
        using var service = new VolumeService(engine);
        service.Create(new VolumeCreateRequest { Name = "v" });

        service.MarkCopiedUp("v");
        service.MarkChowned("v", 1000, 1000);

        var v = service.Get("v");
        Assert.False(v.NeedsCopyUp);
        Assert.False(v.NeedsChown);
        Assert.Equal((1000, 1000), (v.Uid, v.Gid));
    }

    [Theory]
    [InlineData("escape")]
    [InlineData("absolute")]
    [InlineData("symlink-out")]
    [InlineData("write-through")]
    [InlineData("hardlink-out")]
    [InlineData("truncated")]
    public async Task Import_HostileOrBrokenArchive_ChangesNothing(string kind)
    {
        using var service = new VolumeService(engine);
        var v = service.Create(new VolumeCreateRequest { Name = "target" });
        File.WriteAllText(Path.Combine(v.Mountpoint, "existing"), "old");
        var archive = Hostile(kind);

        var e = await Assert.ThrowsAsync<BerthException>(() => service.ImportAsync("target", archive, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(["existing"], Directory.EnumerateFileSystemEntries(v.Mountpoint).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(Path.Combine(v.Mountpoint, "existing")));
        Assert.False(File.Exists(Path.Combine(dir, "root", "volumes", "escaped")));
    }

    [Fact]
    public async Task Import_ThroughASymlinkAlreadyInTheVolume_IsRefused()
    {
        using var service = new VolumeService(engine);
        var v = service.Create(new VolumeCreateRequest { Name = "target" });
        File.CreateSymbolicLink(Path.Combine(v.Mountpoint, "link"), dir);

        await Assert.ThrowsAsync<BerthException>(() => service.ImportAsync("target", Tar(w => AddFile(w, "link/planted", "x")), CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(dir, "planted")));
    }

    [Fact]
    public async Task ExportThenImport_RoundTrips()
    {
        using var service = new VolumeService(engine);
        var from = service.Create(new VolumeCreateRequest { Name = "from" });
        Directory.CreateDirectory(Path.Combine(from.Mountpoint, "sub", "empty"));
        File.WriteAllText(Path.Combine(from.Mountpoint, "sub", "f"), "hello");
        File.SetUnixFileMode(Path.Combine(from.Mountpoint, "sub", "f"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.CreateSymbolicLink(Path.Combine(from.Mountpoint, "link"), "sub/f");
        var to = service.Create(new VolumeCreateRequest { Name = "to" });
        using var tar = new MemoryStream();

        await service.ExportAsync("from", tar, CancellationToken.None);
        tar.Position = 0;
        await service.ImportAsync("to", tar, CancellationToken.None);

        Assert.Equal("hello", File.ReadAllText(Path.Combine(to.Mountpoint, "link")));
        Assert.Equal("sub/f", new FileInfo(Path.Combine(to.Mountpoint, "link")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(to.Mountpoint, "sub", "f")));
        Assert.True(Directory.Exists(Path.Combine(to.Mountpoint, "sub", "empty")));
    }

    private string AddContainer(string name, string volume)
    {
        var id = Runtime.Naming.ContainerIds.New();
        var config = new ContainerConfig
        {
            Id = id,
            Created = DateTimeOffset.UtcNow,
            NamedVolumes = [new NamedVolumeMount { Name = volume, Destination = "/data" }],
        };
        var state = new ContainerState { Status = ContainerStatus.Configured };
        using var containers = new ContainerService(engine);
        containers.Store.Containers.Add(new NewContainer(
            id,
            name,
            null,
            config.Created,
            JsonSerializer.Serialize(config, Stored),
            state.Status,
            JsonSerializer.Serialize(state, Stored)));
        return id;
    }

    private static MemoryStream Hostile(string kind) => kind switch
    {
        "escape" => Tar(w => { AddFile(w, "fine", "1"); AddFile(w, "../escaped", "x"); }),
        "absolute" => Tar(w => AddFile(w, "/escaped", "x")),
        "symlink-out" => Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "../../escaped" })),
        "write-through" => Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" });
            AddFile(w, "etc/planted", "x");
        }),
        "hardlink-out" => Tar(w => w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "h") { LinkName = "../escaped" })),
        _ => Truncated(),
    };

    private static MemoryStream Truncated()
    {
        var whole = Tar(w => AddFile(w, "big", new string('x', 5000)));
        return new MemoryStream(whole.ToArray()[..2000]);
    }

    private static MemoryStream Tar(Action<TarWriter> write)
    {
        var stream = new MemoryStream();
        using (var w = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(w);
        }

        stream.Position = 0;
        return stream;
    }

    private static void AddFile(TarWriter w, string name, string content) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
}
