using System.Text.RegularExpressions;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// <c>berth build</c>'s resource, security, namespace and device flags, seen from inside a RUN (cgroups v1 here), and
/// bad values failing with podman 4.3.1's messages. Expected values were recorded with <c>podman build</c> on this
/// machine (docs/build.md "RUN container flags").
/// </summary>
public sealed class BuildRunFlagsTests : IDisposable
{
    private readonly ContainerStore store = new();
    private readonly TempDir context = new();

    public void Dispose()
    {
        store.Dispose();
        context.Dispose();
    }

    /// <summary>Builds a one-RUN Containerfile with <paramref name="flags"/>; returns the RUN's lines "KEY=value" as a map.</summary>
    private Dictionary<string, string> Probe(string script, params string[] flags)
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN " + script + "\n");
        var r = store.Berth(["build", "--no-cache", "--network", "none", .. flags, context.Path]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        return r.Stdout.Split('\n')
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith("STEP", StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim());
    }

    private static string HostNamespace(string type) => new FileInfo("/proc/self/ns/" + type).LinkTarget!;

    [Fact]
    public void Build_CapAddDropAndSeccompUnconfined_AreTheRunsCapabilitiesAndFilter()
    {
        var plain = Probe("echo CAPS=$(grep CapEff /proc/self/status | busybox cut -f2); echo SECCOMP=$(grep '^Seccomp:' /proc/self/status | busybox cut -f2)");
        var changed = Probe(
            "echo CAPS=$(grep CapEff /proc/self/status | busybox cut -f2); echo SECCOMP=$(grep '^Seccomp:' /proc/self/status | busybox cut -f2)",
            "--cap-add", "SYS_ADMIN", "--cap-drop", "CHOWN", "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable");

        // podman 4.3.1 (its built-in default capabilities): a80425fb by default, a82425fa with SYS_ADMIN (bit 21) added
        // and CHOWN (bit 0) dropped. The default set here is containers.conf's, so the change is compared with it.
        var defaults = Convert.ToUInt64(plain["CAPS"], 16);
        Assert.Equal(1UL, defaults & 1UL);
        Assert.Equal((defaults | (1UL << 21)) & ~1UL, Convert.ToUInt64(changed["CAPS"], 16));
        // Seccomp mode 2 = a filter, 0 = none.
        Assert.Equal("2", plain["SECCOMP"]);
        Assert.Equal("0", changed["SECCOMP"]);
        Assert.Equal("0000000000000000", Probe("echo CAPS=$(grep CapEff /proc/self/status | busybox cut -f2)", "--cap-drop", "all")["CAPS"]);
    }

    [Fact]
    public void Build_MemoryAndCpuFlags_AreTheRunsCgroupLimits()
    {
        var values = Probe(
            "echo MEM=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); echo SWAP=$(cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes); " +
            "echo CPU=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.shares); " +
            "echo CPUSET=$(cat /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/cpuset/cpuset.mems)",
            "--memory", "64m", "--memory-swap", "128m", "--cpu-period", "50000", "--cpu-quota", "25000", "--cpu-shares", "512",
            "--cpuset-cpus", "0", "--cpuset-mems", "0");

        Assert.Equal("67108864", values["MEM"]);
        Assert.Equal("134217728", values["SWAP"]);
        Assert.Equal("50000 25000 512", values["CPU"]);
        Assert.Equal("0 0", values["CPUSET"]);
    }

    [Fact]
    public void Build_UlimitAndShmSize_AreAppliedAndClampedToTheHost()
    {
        var values = Probe("echo SOFT=$(ulimit -n); echo HARD=$(ulimit -Hn); echo SHM=$(busybox df -k /dev/shm | busybox tail -1 | busybox awk '{print $2}')",
            "--ulimit", "nofile=1000:2000", "--shm-size", "10m");
        Assert.Equal("1000", values["SOFT"]);
        Assert.Equal("2000", values["HARD"]);
        Assert.Equal("10240", values["SHM"]);

        // Above this host's hard limit: clamped as containers' rlimits are (podman's runc would fail to set it).
        var hostHard = Regex.Match(File.ReadAllText("/proc/self/limits"), @"Max open files\s+\d+\s+(\d+)").Groups[1].Value;
        var clamped = Probe("echo HARD=$(ulimit -Hn)", "--ulimit", "nofile=1073741816:1073741816");
        Assert.Equal(hostHard, clamped["HARD"]);
    }

    [Fact]
    public void Build_Device_IsANodeInTheRun()
    {
        var values = Probe("echo NODE=$(busybox stat -c '%F %t:%T' /dev/myzero); echo READ=$(busybox head -c 3 /dev/myzero | busybox wc -c)",
            "--device", "/dev/zero:/dev/myzero");

        Assert.Equal("character special file 1:5", values["NODE"]);
        Assert.Equal("3", values["READ"]);
    }

    [Fact]
    public void Build_PidIpcUtsHost_ShareTheHostsNamespaces()
    {
        var script = $"test -d /proc/{Environment.ProcessId} && echo SEEN=yes || echo SEEN=no; echo IPC=$(busybox readlink /proc/self/ns/ipc); echo UTS=$(busybox readlink /proc/self/ns/uts)";
        var own = Probe(script);
        var host = Probe(script, "--pid", "host", "--ipc", "host", "--uts", "host");

        Assert.Equal("no", own["SEEN"]);
        Assert.NotEqual(HostNamespace("ipc"), own["IPC"]);
        Assert.Equal("yes", host["SEEN"]);
        Assert.Equal(HostNamespace("ipc"), host["IPC"]);
        Assert.Equal(HostNamespace("uts"), host["UTS"]);
    }

    [Fact]
    public void Build_CgroupParentAndCgroupns_PlaceTheRun()
    {
        var parent = "berth-e2e-" + Guid.NewGuid().ToString("N")[..8];
        var placed = Probe("echo CG=$(grep -c ':/" + parent + "$' /proc/self/cgroup)", "--cgroup-parent", parent);
        // buildah makes the parent the RUN container's own cgroup (podman's RUN saw "1:cpu:/<parent>").
        Assert.NotEqual("0", placed["CG"]);

        var privateNs = Probe("echo NS=$(busybox readlink /proc/self/ns/cgroup); echo ROOT=$(grep -c ':/$' /proc/self/cgroup)", "--cgroupns", "private");
        Assert.NotEqual(HostNamespace("cgroup"), privateNs["NS"]);
        Assert.NotEqual("0", privateNs["ROOT"]);
        Assert.Equal(HostNamespace("cgroup"), Probe("echo NS=$(busybox readlink /proc/self/ns/cgroup)", "--cgroupns", "host")["NS"]);
    }

    [Fact]
    public void Build_RuntimeFlag_IsGivenToTheRuntime()
    {
        Probe("echo OK=1", "--runtime-flag", "debug");

        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN true\n");
        var r = store.Berth("build", "--network", "none", "--runtime-flag", "bogus", "-t", "rf", context.Path);

        // runc refuses the flag and the step fails as podman's does: runc's own exit status.
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("flag provided but not defined: -bogus", r.Stdout + r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Error: building at STEP \"RUN true\": while running runtime: exit status 1\n", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, store.Berth("image", "exists", "rf").ExitCode);
    }

    [Fact]
    public void Build_FlagsAreNotPartOfTheCacheKey()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo built\n");
        var first = store.Berth("build", "--network", "none", "-t", "c1", context.Path);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);

        var second = store.Berth("build", "--network", "none", "--memory", "64m", "--cap-add", "SYS_ADMIN", "-t", "c1", context.Path);

        // podman 4.3.1 reuses the cached RUN layer whatever these flags say.
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Contains("--> Using cache ", second.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--memory", "abc", "Error: invalid value for memory: invalid size: 'abc'\n")]
    [InlineData("--memory-swap", "abc", "Error: invalid value for memory-swap: invalid size: 'abc'\n")]
    [InlineData("--shm-size", "abc", "Error: invalid --shm-size: invalid size: 'abc'\n")]
    [InlineData("--cap-add", "FOO", "Error: creating build executor: \"CAP_FOO\": unknown capability\n")]
    [InlineData("--security-opt", "no-new-privileges", "Error: no-new-privileges is not supported\n")]
    [InlineData("--security-opt", "bogus", "Error: invalid --security-opt name=value pair: \"bogus\"\n")]
    [InlineData("--security-opt", "mask=/etc", "Error: invalid --security-opt 2: \"mask=/etc\"\n")]
    [InlineData("--device", "/dev/nonexist", "Error: creating build executor: getting info of source device /dev/nonexist: stat /dev/nonexist: no such file or directory\n")]
    [InlineData("--device", "/etc/passwd", "Error: creating build executor: /etc/passwd is not a valid device: not a device node\n")]
    [InlineData("--pid", "bogus", "Error: checking pid namespace: stat bogus: no such file or directory\n")]
    [InlineData("--cgroupns", "bogus", "Error: checking cgroup namespace: stat bogus: no such file or directory\n")]
    [InlineData("--ulimit", "foo=1", "Error: building at STEP \"RUN true\": ulimit option \"foo=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo\n")]
    [InlineData("--security-opt", "seccomp=/nonexist.json", "Error: building at STEP \"RUN true\": opening seccomp profile failed: open /nonexist.json: no such file or directory\n")]
    public void Build_BadValue_PodmansMessageAndNothingBuilt(string flag, string value, string stderr)
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN true\n");

        var r = store.Berth("build", "--network", "none", flag, value, "-t", "bad", context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal(stderr, r.Stderr);
        Assert.Equal(1, store.Berth("image", "exists", "bad").ExitCode);
        if (!stderr.Contains("building at STEP", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("STEP", r.Stdout, StringComparison.Ordinal);
        }
    }
}
