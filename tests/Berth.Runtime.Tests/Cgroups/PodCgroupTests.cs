using Berth.Platform.Host;
using Berth.Runtime.Cgroups;

namespace Berth.Runtime.Tests.Cgroups;

/// <summary>The pod cgroup on a fake cgroup v1 tree: the directory in every controller podman uses, limits in the files podman 4.3.1 writes.</summary>
public sealed class PodCgroupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-podcgroup-").FullName;

    public PodCgroupTests()
    {
        foreach (var controller in new[] { "blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids", "systemd" })
        {
            Directory.CreateDirectory(Path.Combine(_root, controller, "libpod_parent"));
        }

        File.WriteAllText(Path.Combine(_root, "cpuset", "cpuset.cpus"), "0-1\n");
        File.WriteAllText(Path.Combine(_root, "cpuset", "cpuset.mems"), "0\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Read(string controller, string file) => File.ReadAllText(Path.Combine(_root, controller, "libpod_parent", "pod1", file));

    [Fact]
    public void Create_V1_MakesTheDirectoryInPodmansControllersAndWritesTheLimits()
    {
        PodCgroup.Create("/libpod_parent/pod1", new PodResources { CpuPeriod = 100000, CpuQuota = 150000, CpuShares = 512, CpusetCpus = "0", Memory = 67108864, MemorySwap = 134217728 }, _root, CgroupVersion.V1);

        Assert.Equal(
            ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids"],
            Directory.GetDirectories(_root).Select(Path.GetFileName).Where(c => Directory.Exists(Path.Combine(_root, c!, "libpod_parent", "pod1"))).Order(StringComparer.Ordinal));
        Assert.Equal("67108864", Read("memory", "memory.limit_in_bytes"));
        Assert.Equal("134217728", Read("memory", "memory.memsw.limit_in_bytes"));
        Assert.Equal("100000", Read("cpu", "cpu.cfs_period_us"));
        Assert.Equal("150000", Read("cpu", "cpu.cfs_quota_us"));
        Assert.Equal("512", Read("cpu", "cpu.shares"));
        Assert.Equal("0", Read("cpuset", "cpuset.cpus"));
        // Memory nodes not given: the nearest ancestor's, as the parent's empty file was filled in on the way.
        Assert.Equal("0", Read("cpuset", "cpuset.mems"));
        Assert.Equal("0", File.ReadAllText(Path.Combine(_root, "cpuset", "libpod_parent", "cpuset.mems")));
    }

    [Fact]
    public void Create_NoLimits_WritesNoLimitFiles()
    {
        PodCgroup.Create("/libpod_parent/pod1", new PodResources(), _root, CgroupVersion.V1);

        Assert.False(File.Exists(Path.Combine(_root, "memory", "libpod_parent", "pod1", "memory.limit_in_bytes")));
        Assert.False(File.Exists(Path.Combine(_root, "cpu", "libpod_parent", "pod1", "cpu.cfs_quota_us")));
        Assert.Equal("0-1", Read("cpuset", "cpuset.cpus"));
    }

    [Fact]
    public void Remove_V1_RemovesEmptyDirectoriesAndToleratesMissingOnes()
    {
        // runc makes the containers' cgroups in the named systemd hierarchy too, and with them the pod's directory.
        foreach (var controller in new[] { "cpu", "memory", "systemd" })
        {
            Directory.CreateDirectory(Path.Combine(_root, controller, "libpod_parent", "pod1"));
        }

        PodCgroup.Remove("/libpod_parent/pod1", _root, CgroupVersion.V1);

        Assert.False(Directory.Exists(Path.Combine(_root, "cpu", "libpod_parent", "pod1")));
        Assert.False(Directory.Exists(Path.Combine(_root, "memory", "libpod_parent", "pod1")));
        Assert.False(Directory.Exists(Path.Combine(_root, "systemd", "libpod_parent", "pod1")));
        Assert.True(Directory.Exists(Path.Combine(_root, "memory", "libpod_parent")));
    }
}
