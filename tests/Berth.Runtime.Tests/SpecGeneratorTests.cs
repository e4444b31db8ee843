using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

public sealed class SpecGeneratorTests
{
    private static ContainerSpecInput Input(ImageConfiguration? image = null) => new()
    {
        ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        RootfsPath = "/rootfs",
        Image = image ?? PodmanGoldenTests.Busybox1,
    };

    private static RuntimeProcess Process(ContainerSpecInput input) => SpecGenerator.Generate(input).Process!;

    [Fact]
    public void Args_ImageEntrypointAndCmd_AreJoined()
    {
        Assert.Equal(["/bin/sh", "-c", "echo hi"], Process(Input(PodmanGoldenTests.Busybox2)).Args);
    }

    [Fact]
    public void Args_CommandGiven_ReplacesImageCmdKeepsEntrypoint()
    {
        Assert.Equal(["/bin/sh", "-c", "date"], Process(Input(PodmanGoldenTests.Busybox2) with { Command = ["date"] }).Args);
    }

    [Fact]
    public void Args_EntrypointFlag_DropsImageCmd()
    {
        Assert.Equal(["/bin/ls"], Process(Input(PodmanGoldenTests.Busybox2) with { Entrypoint = ["/bin/ls"] }).Args);
        Assert.Equal(["/bin/ls", "-l"], Process(Input(PodmanGoldenTests.Busybox2) with { Entrypoint = ["/bin/ls"], Command = ["-l"] }).Args);
    }

    [Fact]
    public void Args_EmptyEntrypointString_MeansNoEntrypointAndNoImageCmd()
    {
        Assert.Equal(["true"], Process(Input(PodmanGoldenTests.Busybox2) with { Entrypoint = [""], Command = ["true"] }).Args);
        var error = Assert.Throws<BerthException>(() => Process(Input(PodmanGoldenTests.Busybox2) with { Entrypoint = [""] }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Env_LayersDefaultsConfImageAndFlags_LaterWins()
    {
        var input = Input(PodmanGoldenTests.Busybox2) with { ConfEnv = ["FOO=conf", "X=1"], Env = ["X=2", "TERM=dumb"] };
        Assert.Equal(
            ["PATH=/bin FOO=bar", "TERM=dumb", "container=podman", "FOO=conf", "X=2", "HOSTNAME=0123456789ab"],
            Process(input).Env);
    }

    [Fact]
    public void Env_HostnameSetByUser_IsKept()
    {
        var env = Process(Input() with { Env = ["HOSTNAME=mine"], Hostname = "other" }).Env!;
        Assert.Contains("HOSTNAME=mine", env);
        Assert.DoesNotContain("HOSTNAME=other", env);
    }

    [Fact]
    public void User_None_IsRootWithoutAdditionalGids()
    {
        var user = Process(Input()).User;
        Assert.Equal((0u, 0u), (user.Uid, user.Gid));
        Assert.Null(user.AdditionalGids);
    }

    [Theory]
    [InlineData("1000", 1000u, 0u)]
    [InlineData("1:2", 1u, 2u)]
    [InlineData("0:0", 0u, 0u)]
    public void User_Numeric_ParsedWithPrimaryGroupAdded(string spec, uint uid, uint gid)
    {
        var user = Process(Input() with { User = spec }).User;
        Assert.Equal((uid, gid), (user.Uid, user.Gid));
        Assert.Equal([gid], user.AdditionalGids);
    }

    [Fact]
    public void User_Name_GoesThroughResolver()
    {
        var input = Input() with
        {
            User = "nobody:users",
            UserResolver = (u, g) => u == "nobody" && g == "users" ? new ResolvedUser(65534, 100, [100, 27]) : throw new InvalidOperationException(),
        };
        var user = Process(input).User;
        Assert.Equal((65534u, 100u), (user.Uid, user.Gid));
        Assert.Equal([100u, 27u], user.AdditionalGids);
    }

    [Fact]
    public void User_NameWithoutResolver_IsRefused()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => Process(Input() with { User = "daemon" })).Kind);
    }

    [Fact]
    public void Capabilities_Root_GetsMergedSetEverywhereButInheritable()
    {
        var caps = Process(Input() with { CapAdd = ["net_admin"], CapDrop = ["CAP_CHOWN", "kill"] }).Capabilities!;
        var expected = new[]
        {
            "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_NET_ADMIN", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP",
            "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
        };
        Assert.Equal(expected, caps.Bounding);
        Assert.Equal(expected, caps.Effective);
        Assert.Equal(expected, caps.Permitted);
        Assert.Null(caps.Inheritable);
        Assert.Null(caps.Ambient);
    }

    [Fact]
    public void Capabilities_NonRootWithoutCapAdd_HasOnlyBounding()
    {
        var caps = Process(Input() with { User = "1000" }).Capabilities!;
        Assert.Equal(11, caps.Bounding!.Count);
        Assert.Null(caps.Effective);
        Assert.Null(caps.Permitted);
    }

    [Fact]
    public void Capabilities_DropAllAddOne_IsJustThatOne()
    {
        Assert.Equal(["CAP_KILL"], Process(Input() with { CapDrop = ["ALL"], CapAdd = ["KILL"] }).Capabilities!.Bounding);
    }

    [Fact]
    public void Capabilities_AddedAndDropped_IsRefused()
    {
        Assert.Throws<BerthException>(() => Process(Input() with { CapAdd = ["KILL"], CapDrop = ["CAP_KILL"] }));
        Assert.Throws<BerthException>(() => Process(Input() with { CapAdd = ["NOT_A_CAP"] }));
    }

    [Fact]
    public void Capabilities_AddAll_IsTheHostBoundingSet()
    {
        var input = Input() with { CapAdd = ["ALL"], HostBoundingSet = ["CAP_CHOWN", "CAP_SYS_ADMIN"] };
        Assert.Equal(["CAP_CHOWN", "CAP_SYS_ADMIN"], Process(input).Capabilities!.Bounding);
    }

    [Fact]
    public void Rlimits_NothingConfigured_NofileAndNprocAtPodmansDefault()
    {
        Assert.Equal(
            [("RLIMIT_NOFILE", 1048576ul, 1048576ul), ("RLIMIT_NPROC", 1048576ul, 1048576ul)],
            Process(Input()).Rlimits!.Select(r => (r.Type, r.Soft, r.Hard)));
    }

    [Fact]
    public void Rlimits_FlagsReplaceConfDefaults()
    {
        var input = Input() with { DefaultUlimits = ["nproc=10:20", "core=0"], Ulimits = ["nofile=100:200"] };
        Assert.Equal(
            [("RLIMIT_NOFILE", 100ul, 200ul), ("RLIMIT_NPROC", 1048576ul, 1048576ul)],
            Process(input).Rlimits!.Select(r => (r.Type, r.Soft, r.Hard)));
    }

    [Fact]
    public void Rlimits_AboveHostHardLimits_AreClamped()
    {
        var input = Input() with
        {
            Ulimits = ["nofile=30000:40000", "core=-1", "memlock=5"],
            HostHardLimits = new Dictionary<string, ulong> { ["nofile"] = 20000, ["nproc"] = 96367, ["core"] = 1000 },
        };
        Assert.Equal(
            [("RLIMIT_NOFILE", 20000ul, 20000ul), ("RLIMIT_CORE", 1000ul, 1000ul), ("RLIMIT_MEMLOCK", 5ul, 5ul), ("RLIMIT_NPROC", 96367ul, 96367ul)],
            Process(input).Rlimits!.Select(r => (r.Type, r.Soft, r.Hard)));
    }

    [Theory]
    [InlineData("nofile")]
    [InlineData("nofile=a")]
    [InlineData("nofile=1:2:3")]
    [InlineData("nofile=5:4")]
    public void Rlimits_Malformed_AreRefused(string ulimit)
    {
        Assert.Throws<BerthException>(() => Process(Input() with { Ulimits = [ulimit] }));
    }

    [Fact]
    public void Linux_CgroupPlacement_FollowsManager()
    {
        var input = Input();
        Assert.Equal("/libpod_parent/libpod-" + input.ContainerId, SpecGenerator.Generate(input).Linux!.CgroupsPath);
        Assert.Equal("machine.slice:libpod:" + input.ContainerId, SpecGenerator.Generate(input with { CgroupManager = "systemd" }).Linux!.CgroupsPath);
        Assert.Equal("/mine/libpod-" + input.ContainerId, SpecGenerator.Generate(input with { CgroupParent = "/mine" }).Linux!.CgroupsPath);
    }

    [Fact]
    public void Linux_PrivateCgroupNamespaceAndHostNetwork_ChangeNamespaces()
    {
        var linux = SpecGenerator.Generate(Input() with { PrivateCgroupNamespace = true, HostNetwork = true }).Linux!;
        Assert.Equal(["pid", "ipc", "uts", "mount", "cgroup"], linux.Namespaces!.Select(n => n.Type));
        Assert.Null(linux.Sysctl);
    }

    [Fact]
    public void Mounts_NoShmDirectory_TmpfsOfShmSize()
    {
        var shm = SpecGenerator.Generate(Input() with { ShmSize = 128L * 1024 * 1024 }).Mounts!.Single(m => m.Destination == "/dev/shm");
        Assert.Equal("tmpfs", shm.Type);
        Assert.Contains("size=131072k", shm.Options!);
    }

    [Fact]
    public void Annotations_StopSignalAndUserAnnotations()
    {
        var spec = SpecGenerator.Generate(Input(PodmanGoldenTests.Busybox2) with { Annotations = new Dictionary<string, string> { ["a"] = "b" } });
        Assert.Equal("2", spec.Annotations!["org.opencontainers.image.stopSignal"]);
        Assert.Equal("b", spec.Annotations["a"]);
        Assert.Equal("1970-01-01T00:00:00Z", spec.Annotations["io.kubernetes.cri-o.Created"]);
    }

    [Fact]
    public void Seccomp_NoProfile_IsUnconfined()
    {
        Assert.Null(SpecGenerator.Generate(Input()).Linux!.Seccomp);
    }
}
