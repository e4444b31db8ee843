using Berth.Build.Builders;
using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Build.Tests.Builders;

/// <summary>
/// podman build's RUN container flags applied over the host's template: what ends up in the runtime spec, as
/// podman 4.3.1 (buildah 1.28) showed it inside a RUN (docs/build.md "RUN container flags").
/// </summary>
public sealed class RunContainerOptionsTests
{
    private static readonly ContainerSpecInput Template = new()
    {
        ContainerId = new string('b', 64),
        RootfsPath = "/nonexistent-rootfs",
        Command = ["/bin/sh", "-c", "true"],
        DefaultUlimits = ["nofile=20000:20000", "nproc=4096:4096"],
        HostHardLimits = new Dictionary<string, ulong> { ["nofile"] = 20000 },
        Hostname = "bbbbbbbbbbbb",
    };

    private static RuntimeSpec Spec(RunContainerOptions options) => options.Generate(Template);

    private static string[] Namespaces(RuntimeSpec spec) => [.. spec.Linux!.Namespaces!.Select(n => n.Type)];

    [Fact]
    public void Generate_Default_IsTheTemplatesSpec()
    {
        var plain = SpecGenerator.Generate(Template);
        var spec = Spec(RunContainerOptions.Default);

        Assert.Equal(plain.Linux!.CgroupsPath, spec.Linux!.CgroupsPath);
        Assert.Equal(Namespaces(plain), Namespaces(spec));
        Assert.Equal(plain.Process!.Capabilities!.Effective, spec.Process!.Capabilities!.Effective);
        Assert.Equal("bbbbbbbbbbbb", spec.Hostname);
    }

    [Fact]
    public void Generate_HostNamespaces_AreLeftOutAndTheHostnameIsNotSet()
    {
        var spec = Spec(new RunContainerOptions { Pid = NamespaceChoice.Host, Ipc = NamespaceChoice.Host, Uts = NamespaceChoice.Host });

        Assert.Equal(["network", "mount"], Namespaces(spec));
        Assert.Null(spec.Hostname);
    }

    [Fact]
    public void Generate_NamespacePaths_AreJoined()
    {
        var spec = Spec(new RunContainerOptions
        {
            Ipc = new NamespaceChoice(NamespaceKind.Path, "/proc/self/ns/ipc"),
            Cgroup = new NamespaceChoice(NamespaceKind.Path, "/proc/self/ns/cgroup"),
        });

        Assert.Equal("/proc/self/ns/ipc", spec.Linux!.Namespaces!.Single(n => n.Type == "ipc").Path);
        Assert.Equal("/proc/self/ns/cgroup", spec.Linux.Namespaces!.Single(n => n.Type == "cgroup").Path);
    }

    [Fact]
    public void Generate_CgroupnsPrivateAndHost_AddOrLeaveOutTheCgroupNamespace()
    {
        Assert.Contains("cgroup", Namespaces(Spec(new RunContainerOptions { Cgroup = NamespaceChoice.Private })));
        var host = new RunContainerOptions { Cgroup = NamespaceChoice.Host }.Generate(Template with { PrivateCgroupNamespace = true });
        Assert.DoesNotContain("cgroup", Namespaces(host));
    }

    [Fact]
    public void Generate_CgroupParent_IsTheContainersCgroupPath()
    {
        // buildah sets the parent as the cgroups path itself: podman's RUN saw "1:cpu:/bogus" for --cgroup-parent bogus.
        Assert.Equal("bogus", Spec(new RunContainerOptions { CgroupParent = "bogus" }).Linux!.CgroupsPath);
    }

    [Fact]
    public void Generate_Ulimits_OverrideContainersConfsAndAreClampedToTheHost()
    {
        var spec = Spec(new RunContainerOptions { Ulimits = ["nofile=1000:2000", "core=-1:-1"] });
        var limits = spec.Process!.Rlimits!.ToDictionary(r => r.Type);

        Assert.Equal((1000UL, 2000UL), (limits["RLIMIT_NOFILE"].Soft, limits["RLIMIT_NOFILE"].Hard));
        Assert.Equal((4096UL, 4096UL), (limits["RLIMIT_NPROC"].Soft, limits["RLIMIT_NPROC"].Hard));
        Assert.Equal(ulong.MaxValue, limits["RLIMIT_CORE"].Hard);

        var high = Spec(new RunContainerOptions { Ulimits = ["nofile=30000:30000"] }).Process!.Rlimits!.Single(r => r.Type == "RLIMIT_NOFILE");
        Assert.Equal((20000UL, 20000UL), (high.Soft, high.Hard));
    }

    [Fact]
    public void Generate_ResourcesCapsShmAndDevices_AreInTheSpec()
    {
        var zero = new LinuxDevice { Path = "/dev/myzero", Type = "c", Major = 1, Minor = 5, FileMode = 0x2000 | 438, Uid = 0, Gid = 0 };
        var spec = Spec(new RunContainerOptions
        {
            CapAdd = ["SYS_ADMIN"],
            CapDrop = ["chown"],
            Memory = new LinuxMemory { Limit = 64 << 20, Swap = 128 << 20 },
            Cpu = new LinuxCpu { Period = 50000, Quota = 25000, Shares = 512, Cpus = "1", Mems = "0" },
            ShmSize = 10 << 20,
            Devices = [new SpecDevice(zero, "rwm")],
            ApparmorProfile = "unconfined",
        });

        Assert.Contains("CAP_SYS_ADMIN", spec.Process!.Capabilities!.Effective!);
        Assert.DoesNotContain("CAP_CHOWN", spec.Process.Capabilities.Effective!);
        Assert.Equal(64L << 20, spec.Linux!.Resources!.Memory!.Limit);
        Assert.Equal(128L << 20, spec.Linux.Resources.Memory.Swap);
        Assert.Equal((50000UL, 25000L, 512UL, "1", "0"), (spec.Linux.Resources.Cpu!.Period!.Value, spec.Linux.Resources.Cpu.Quota!.Value, spec.Linux.Resources.Cpu.Shares!.Value, spec.Linux.Resources.Cpu.Cpus, spec.Linux.Resources.Cpu.Mems));
        Assert.Contains("size=10240k", spec.Mounts!.Single(m => m.Destination == "/dev/shm").Options!);
        Assert.Equal("/dev/myzero", spec.Linux.Devices!.Single().Path);
        Assert.Contains(spec.Linux.Resources.Devices!, d => d.Allow && d.Major == 1 && d.Minor == 5);
        Assert.Equal("unconfined", spec.Process.ApparmorProfile);
    }

    [Fact]
    public void Generate_SeccompUnconfined_DropsTheProfile()
    {
        var profile = new Berth.Runtime.Spec.Seccomp.SeccompProfile { DefaultAction = "SCMP_ACT_ERRNO" };
        var input = Template with { SeccompProfile = profile };

        Assert.NotNull(RunContainerOptions.Default.Generate(input).Linux!.Seccomp);
        Assert.Null(new RunContainerOptions { SeccompProfile = "unconfined" }.Generate(input).Linux!.Seccomp);
    }

    [Fact]
    public void Generate_MissingSeccompFile_PodmansMessage()
    {
        var e = Assert.Throws<BerthException>(() => Spec(new RunContainerOptions { SeccompProfile = "/nonexist.json" }));

        Assert.Equal("opening seccomp profile failed: open /nonexist.json: no such file or directory", e.Message);
    }

    [Fact]
    public void Generate_RunError_IsThrownWhenTheRunStarts()
    {
        var e = Assert.Throws<BerthException>(() => Spec(new RunContainerOptions { RunError = "ulimit option \"foo=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo" }));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("ulimit option \"foo=1\"", e.Message, StringComparison.Ordinal);
    }
}
