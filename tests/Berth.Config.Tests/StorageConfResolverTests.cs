namespace Berth.Config.Tests;

public sealed class StorageConfResolverTests
{
    [Fact]
    public void Resolve_Rootful_UsesBerthDefaults()
    {
        using var tmp = new TempConfigRoot();

        var storage = StorageConfResolver.Resolve(tmp.Rootful());

        Assert.Equal("/var/lib/berth/storage", storage.GraphRoot);
        Assert.Equal("/run/berth", storage.RunRoot);
        Assert.Equal("/run/berth/tmp", storage.TmpDir);
        Assert.Null(storage.Driver);
        Assert.Empty(storage.DriverOptions);
        Assert.Null(storage.ConfigFile);
    }

    [Fact]
    public void Resolve_Rootless_UsesXdgDataAndRuntimeDirs()
    {
        using var tmp = new TempConfigRoot();

        var storage = StorageConfResolver.Resolve(tmp.Rootless(("XDG_RUNTIME_DIR", "/run/user/1000"), ("XDG_DATA_HOME", "/data")));

        Assert.Equal("/data/berth/storage", storage.GraphRoot);
        Assert.Equal("/run/user/1000/berth", storage.RunRoot);
    }

    [Fact]
    public void Resolve_RootlessWithoutXdgVariables_FallsBackToHomeAndTmp()
    {
        using var tmp = new TempConfigRoot();

        var storage = StorageConfResolver.Resolve(tmp.Rootless());

        Assert.Equal(Path.Combine(tmp.Home, ".local/share/berth/storage"), storage.GraphRoot);
        Assert.Equal("/tmp/berth-1000", storage.RunRoot);
    }

    [Fact]
    public void Resolve_SystemStorageConf_IsIgnored()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/storage.conf", TestData.Read("storage.conf"));
        tmp.WriteSystem("/usr/share/containers/storage.conf", TestData.Read("storage.conf"));
        tmp.WriteHome(".config/containers/storage.conf", "[storage]\ndriver = \"vfs\"\ngraphroot = \"/elsewhere\"\n");

        var storage = StorageConfResolver.Resolve(tmp.Rootful());

        Assert.Equal("/var/lib/berth/storage", storage.GraphRoot);
        Assert.Null(storage.Driver);
    }

    [Fact]
    public void Resolve_ContainersStorageConf_IsObeyed()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", TestData.Read("storage.conf"));

        var storage = StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf)));

        Assert.Equal(conf, storage.ConfigFile);
        Assert.Equal("/var/lib/containers/storage", storage.GraphRoot);
        Assert.Equal("/run/containers/storage", storage.RunRoot);
        Assert.Equal("overlay", storage.Driver);
        Assert.Contains("overlay.mountopt=nodev,metacopy=on", storage.DriverOptions);
        Assert.Equal("true", storage.PullOptions["enable_partial_images"]);
        Assert.Empty(storage.Warnings);
    }

    [Fact]
    public void Resolve_RootlessStoragePath_UsedWhenFileHasNoGraphRoot()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", "[storage]\ndriver = \"overlay2\"\nrootless_storage_path = \"$HOME/stores/$UID/${USER}\"\n[storage.options.overlay]\nmount_program = \"/usr/bin/fuse-overlayfs\"\n");

        var storage = StorageConfResolver.Resolve(tmp.Rootless(("CONTAINERS_STORAGE_CONF", conf), ("USER", "ada"), ("XDG_RUNTIME_DIR", "/run/user/1000")));

        Assert.Equal(Path.Combine(tmp.Home, "stores/1000/ada"), storage.GraphRoot);
        Assert.Equal("/run/user/1000/berth", storage.RunRoot);
        Assert.Equal("overlay", storage.Driver);
        Assert.Contains("overlay.mount_program=/usr/bin/fuse-overlayfs", storage.DriverOptions);
        Assert.Contains(storage.Warnings, w => w.Contains("overlay2", StringComparison.Ordinal));
        var rootful = StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf)));
        Assert.Equal("/var/lib/berth/storage", rootful.GraphRoot);
    }

    [Fact]
    public void Resolve_Overrides_WinOverEverything()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", TestData.Read("storage.conf"));
        var overrides = new StorageOverrides(Root: "/mnt/root", RunRoot: "/mnt/run", Driver: "vfs", TmpDir: "/mnt/tmp", DriverOptions: ["vfs.ignore_chown_errors=true"]);

        var storage = StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf), ("STORAGE_DRIVER", "btrfs")), overrides);

        Assert.Equal("/mnt/root", storage.GraphRoot);
        Assert.Equal("/mnt/run", storage.RunRoot);
        Assert.Equal("vfs", storage.Driver);
        Assert.Equal("/mnt/tmp", storage.TmpDir);
        Assert.Equal(["vfs.ignore_chown_errors=true"], storage.DriverOptions);
    }

    [Fact]
    public void Resolve_StorageDriverAndOptsVariables_AreHonoured()
    {
        using var tmp = new TempConfigRoot();

        var storage = StorageConfResolver.Resolve(tmp.Rootful(("STORAGE_DRIVER", "vfs"), ("STORAGE_OPTS", "vfs.ignore_chown_errors=true,size=10G")));

        Assert.Equal("vfs", storage.Driver);
        Assert.Equal(["vfs.ignore_chown_errors=true", "size=10G"], storage.DriverOptions);
    }

    [Fact]
    public void Resolve_ExplicitTmpDirInContainersConf_IsUsed()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/containers.conf", "[engine]\ntmp_dir = \"/var/run/berth-tmp\"\n");
        var env = tmp.Rootful();
        var containersConf = ContainersConfLoader.Load(env);

        Assert.Equal("/var/run/berth-tmp", StorageConfResolver.Resolve(env, null, containersConf).TmpDir);
        using var empty = new TempConfigRoot();
        Assert.Equal("/run/berth/tmp", StorageConfResolver.Resolve(env, null, ContainersConfLoader.Load(empty.Rootful())).TmpDir);
    }

    [Fact]
    public void Resolve_StorageConfVariableNamesMissingFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();

        var e = Assert.Throws<BerthException>(() => StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", "/no/storage.conf"))));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("/no/storage.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains("CONTAINERS_STORAGE_CONF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MalformedStorageConf_ThrowsWithFileAndLine()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", "[storage]\ndriver = \"overlay\"\ngraphroot = 42\n");

        var e = Assert.Throws<BerthException>(() => StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf))));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{conf}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("'graphroot' in [storage]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ImageStoreEqualsGraphRoot_ThrowsInvalidArgument()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", "[storage]\ngraphroot = \"/g\"\nimagestore = \"/g\"\n");

        var e = Assert.Throws<BerthException>(() => StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf))));

        Assert.Contains("imagestore", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownKeys_AreWarnings()
    {
        using var tmp = new TempConfigRoot();
        var conf = tmp.Write("storage.conf", "[storage]\nfuture = 1\n[storage.options.overlay]\nturbo = \"yes\"\n");

        var storage = StorageConfResolver.Resolve(tmp.Rootful(("CONTAINERS_STORAGE_CONF", conf)));

        Assert.Equal(2, storage.Warnings.Count);
        Assert.StartsWith($"{conf}:2:", storage.Warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DriverOptions_OverlaySection_WinsOverGenericOptions()
    {
        var file = new StorageConfFile
        {
            Path = "s.conf",
            Options = new StorageOptionsSection
            {
                MountProgram = "/generic",
                AdditionalImageStores = ["/ro"],
                Drivers = new Dictionary<string, StorageDriverOptions> { ["overlay"] = new() { MountProgram = "/specific", Inodes = "1000" } },
            },
        };

        var options = StorageConfResolver.DriverOptions(file, "overlay");

        Assert.Equal(["overlay.imagestore=/ro", "overlay.mount_program=/generic", "overlay.mount_program=/specific", "overlay.inodes=1000"], options);
    }
}
