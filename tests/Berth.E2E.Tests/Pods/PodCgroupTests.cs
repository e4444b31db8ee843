using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// The pod cgroup as podman 4.3.1 makes it with the cgroupfs manager on cgroups v1 (this machine): /libpod_parent/POD-ID
/// in every controller, with pod create's --cpus/--memory/--memory-swap/--cpu-shares/--cpuset-cpus written there, the
/// members' cgroups under it, pod inspect's CreateCgroup/CgroupParent/CgroupPath and limits, removed with the pod.
/// </summary>
public sealed class PodCgroupTests : IClassFixture<ContainerStoreFixture>
{
    private const string CgroupRoot = "/sys/fs/cgroup";
    private readonly ContainerStoreFixture _f;

    public PodCgroupTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private static string Cgroup(string controller, string path, string file) =>
        File.ReadAllText(Path.Combine(CgroupRoot, controller, path.TrimStart('/'), file)).Trim();

    /// <summary>The cgroup of <paramref name="pid"/> in a v1 hierarchy, from /proc/PID/cgroup.</summary>
    private static string CgroupOf(int pid, string controller) =>
        File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).First(p => p[1].Split(',').Contains(controller))[2];

    [Fact]
    public void PodResources_AreWrittenOnThePodCgroup_WhichHoldsTheMembers()
    {
        var id = Ok("pod", "create", "--name", "res-pod", "--network", "none", "--cpus", "1.5", "--memory", "64m", "--memory-swap", "128m", "--cpu-shares", "512", "--cpuset-cpus", "0").Stdout.Trim();
        var path = $"/libpod_parent/{id}";
        try
        {
            Assert.Equal($"true /libpod_parent {path} 100000 150000 512 0 67108864 134217728\n",
                Ok("pod", "inspect", "--format", "{{.CreateCgroup}} {{.CgroupParent}} {{.CgroupPath}} {{.CPUPeriod}} {{.CPUQuota}} {{.CPUShares}} {{.CPUSetCPUs}} {{.MemoryLimit}} {{.MemorySwap}}", "res-pod").Stdout);
            var json = Ok("pod", "inspect", "res-pod").Stdout;
            Assert.Contains("\"cpu_quota\": 150000,", json, StringComparison.Ordinal);
            Assert.Contains("\"memory_limit\": 67108864,", json, StringComparison.Ordinal);
            Assert.Contains($"\"CgroupPath\": \"{path}\",", json, StringComparison.Ordinal);

            Assert.Equal("67108864", Cgroup("memory", path, "memory.limit_in_bytes"));
            Assert.Equal("134217728", Cgroup("memory", path, "memory.memsw.limit_in_bytes"));
            Assert.Equal("150000", Cgroup("cpu", path, "cpu.cfs_quota_us"));
            Assert.Equal("100000", Cgroup("cpu", path, "cpu.cfs_period_us"));
            Assert.Equal("512", Cgroup("cpu", path, "cpu.shares"));
            Assert.Equal("0", Cgroup("cpuset", path, "cpuset.cpus"));

            var member = Ok("run", "-d", "--pod", "res-pod", "box", "sleep", "1000").Stdout.Trim();
            var pid = int.Parse(Ok("inspect", "--format", "{{.State.Pid}}", member).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"{path}/libpod-{member}", CgroupOf(pid, "memory"));
            Assert.Equal($"{path}/libpod-{member}", CgroupOf(pid, "cpu"));
            Assert.Equal(path + "\n", Ok("inspect", "--format", "{{.HostConfig.CgroupParent}}", member).Stdout);
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "res-pod").Stdout.Trim();
            Assert.Equal(path + "\n", Ok("inspect", "--format", "{{.HostConfig.CgroupParent}}", infra).Stdout);
            // The member's own cgroup has no limit; the pod's, its parent, has.
            Assert.Equal("0", Ok("exec", member, "cat", "/sys/fs/cgroup/cpuset/cpuset.cpus").Stdout.Trim());

            Ok("pod", "rm", "-f", "-t", "0", "res-pod");
            foreach (var controller in new[] { "memory", "cpu", "cpuset", "pids", "systemd", "unified" })
            {
                Assert.False(Directory.Exists(Path.Combine(CgroupRoot, controller, path.TrimStart('/'))), controller);
            }
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "res-pod");
        }
    }

    [Fact]
    public void ShareParentFalse_NoPodCgroup()
    {
        var id = Ok("pod", "create", "--name", "noparent-pod", "--network", "none", "--share-parent=false").Stdout.Trim();
        try
        {
            Assert.Equal("false /libpod_parent \n", Ok("pod", "inspect", "--format", "{{.CreateCgroup}} {{.CgroupParent}} {{.CgroupPath}}", "noparent-pod").Stdout);
            Assert.DoesNotContain("\"CgroupPath\"", Ok("pod", "inspect", "noparent-pod").Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(CgroupRoot, "memory", "libpod_parent", id)));
            var member = Ok("run", "-d", "--pod", "noparent-pod", "box", "sleep", "1000").Stdout.Trim();
            var pid = int.Parse(Ok("inspect", "--format", "{{.State.Pid}}", member).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"/libpod_parent/libpod-{member}", CgroupOf(pid, "memory"));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "noparent-pod");
        }
    }
}
