using System.Globalization;
using Berth.Platform.Host;

namespace Berth.Runtime.Cgroups;

/// <summary>Pod-level limits (<c>pod create --cpus/--memory/…</c>), written on the pod's cgroup; null = not set.</summary>
public sealed record PodResources
{
    /// <summary>CFS period in microseconds (100000 with <c>--cpus</c>).</summary>
    public ulong? CpuPeriod { get; init; }

    /// <summary>CFS quota in microseconds per period.</summary>
    public long? CpuQuota { get; init; }

    public ulong? CpuShares { get; init; }

    public string? CpusetCpus { get; init; }

    public string? CpusetMems { get; init; }

    /// <summary>Memory limit in bytes.</summary>
    public long? Memory { get; init; }

    /// <summary>Memory plus swap in bytes; -1 = unlimited swap.</summary>
    public long? MemorySwap { get; init; }
}

/// <summary>
/// A pod's cgroup as podman 4.3.1 makes it with the cgroupfs manager: <c>PARENT/POD-ID</c> (parent <c>/libpod_parent</c>),
/// made at pod create with the pod's limits, the parent of its containers' cgroups (their cgroupsPath is
/// <c>PARENT/POD-ID/libpod-CTR-ID</c>), removed with the pod. On cgroups v1 the directory is made in every controller
/// hierarchy podman uses; the limits go to memory.limit_in_bytes, memory.memsw.limit_in_bytes, cpu.cfs_period_us,
/// cpu.cfs_quota_us, cpu.shares, cpuset.cpus and cpuset.mems. On cgroups v2 only the directory is made (its limits are
/// not written yet: see docs/pods.md).
/// </summary>
public static class PodCgroup
{
    /// <summary>podman's cgroup parent for pods with the cgroupfs manager.</summary>
    public const string DefaultParent = "/libpod_parent";

    /// <summary>The v1 hierarchies podman 4.3.1 makes a pod cgroup in (not the named systemd one, not unified).</summary>
    private static readonly string[] V1Controllers = ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids"];

    /// <summary>Makes (or completes, when it exists) the pod's cgroup at <paramref name="path"/> and writes its limits.</summary>
    public static void Create(string path, PodResources resources) => Create(path, resources, "/sys/fs/cgroup", HostFacts.CgroupVersion);

    /// <summary>Removes the pod's cgroup directories in every hierarchy (every container cgroup in them must be gone); missing ones are fine.</summary>
    public static void Remove(string path) => Remove(path, "/sys/fs/cgroup", HostFacts.CgroupVersion);

    internal static void Create(string path, PodResources r, string root, CgroupVersion version)
    {
        var relative = path.Trim('/');
        if (version == CgroupVersion.V2)
        {
            Directory.CreateDirectory(Path.Combine(root, relative));
            return;
        }

        foreach (var controller in V1Controllers.Where(c => Directory.Exists(Path.Combine(root, c))))
        {
            Directory.CreateDirectory(Path.Combine(root, controller, relative));
        }

        var cpuset = Path.Combine(root, "cpuset", relative);
        if (Directory.Exists(Path.Combine(root, "cpuset")))
        {
            // A new cpuset cgroup has no CPUs and no memory nodes: no process can join it until they are filled in.
            InheritCpuset(root, relative, "cpuset.cpus");
            InheritCpuset(root, relative, "cpuset.mems");
            WriteIf(cpuset, "cpuset.cpus", r.CpusetCpus);
            WriteIf(cpuset, "cpuset.mems", r.CpusetMems);
        }

        var memory = Path.Combine(root, "memory", relative);
        // The limit first: the kernel refuses a memory+swap limit below the memory limit.
        WriteIf(memory, "memory.limit_in_bytes", r.Memory?.ToString(CultureInfo.InvariantCulture));
        WriteIf(memory, "memory.memsw.limit_in_bytes", r.MemorySwap?.ToString(CultureInfo.InvariantCulture));
        var cpu = Path.Combine(root, "cpu", relative);
        WriteIf(cpu, "cpu.cfs_period_us", r.CpuPeriod?.ToString(CultureInfo.InvariantCulture));
        WriteIf(cpu, "cpu.cfs_quota_us", r.CpuQuota?.ToString(CultureInfo.InvariantCulture));
        WriteIf(cpu, "cpu.shares", r.CpuShares?.ToString(CultureInfo.InvariantCulture));
    }

    internal static void Remove(string path, string root, CgroupVersion version)
    {
        var relative = path.Trim('/');
        // On v1 every hierarchy: runc also makes the containers' cgroups (and so the pod's directory) in the named
        // systemd one and in unified.
        IEnumerable<string> dirs = version == CgroupVersion.V2
            ? [Path.Combine(root, relative)]
            : Directory.GetDirectories(root).Select(h => Path.Combine(h, relative));
        foreach (var dir in dirs)
        {
            try
            {
                // rmdir: a cgroup directory goes as a whole once it has no child cgroups and no processes.
                Directory.Delete(dir, recursive: false);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>Fills an empty cpuset file of the pod's cgroup (and of its empty parents) from the nearest ancestor.</summary>
    private static void InheritCpuset(string root, string relative, string file)
    {
        var chain = new List<string>();
        for (var dir = relative; dir.Length > 0; dir = Path.GetDirectoryName(dir) ?? "")
        {
            chain.Add(Path.Combine(root, "cpuset", dir));
        }

        chain.Add(Path.Combine(root, "cpuset"));
        chain.Reverse();
        var value = "";
        foreach (var dir in chain)
        {
            var target = Path.Combine(dir, file);
            var current = File.Exists(target) ? File.ReadAllText(target).Trim() : "";
            if (current.Length == 0 && value.Length > 0)
            {
                File.WriteAllText(target, value);
                current = value;
            }

            value = current;
        }
    }

    private static void WriteIf(string dir, string file, string? value)
    {
        if (value is not null)
        {
            File.WriteAllText(Path.Combine(dir, file), value);
        }
    }
}
