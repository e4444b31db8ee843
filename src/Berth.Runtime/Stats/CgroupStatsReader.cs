using System.Globalization;
using Berth.Platform.Host;

namespace Berth.Runtime.Stats;

/// <summary>Reads a container's cgroup statistics the way podman 4.3.1 does (containers/common's cgroups package), v1 and v2.</summary>
public static class CgroupStatsReader
{
    /// <summary>Reads the stats of the container whose spec has <paramref name="cgroupsPath"/> and whose init is <paramref name="pid"/>.</summary>
    /// <param name="cgroupsPath">The spec's linux.cgroupsPath (cgroupfs form "/libpod_parent/libpod-ID" or systemd form "slice:prefix:name").</param>
    /// <param name="pid">The container's init PID on the host, for /proc/&lt;pid&gt;/net/dev; 0 for no network numbers.</param>
    /// <param name="interfaces">The interfaces to count (podman counts those of the network status: eth0, tap0 for slirp4netns);
    /// null counts every interface but lo.</param>
    /// <exception cref="BerthException">NotFound when the cgroup is gone (the container stopped).</exception>
    public static CgroupStats Read(string cgroupsPath, int pid, IReadOnlyCollection<string>? interfaces = null) =>
        Read(cgroupsPath, pid, interfaces, "/sys/fs/cgroup", "/proc", HostFacts.CgroupVersion);

    internal static CgroupStats Read(
        string cgroupsPath, int pid, IReadOnlyCollection<string>? interfaces, string cgroupRoot, string procRoot, CgroupVersion version)
    {
        var path = CgroupPaths.Resolve(cgroupsPath).TrimStart('/');
        var stats = version == CgroupVersion.V2 ? ReadV2(Path.Combine(cgroupRoot, path)) : ReadV1(cgroupRoot, path);
        if (pid <= 0)
        {
            return stats;
        }

        var net = Optional(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "net/dev"));
        var counted = CgroupFiles.ParseNetDev(net ?? "")
            .Where(d => interfaces is null ? d.Name != "lo" : interfaces.Contains(d.Name)).ToList();
        return counted.Count == 0 ? stats : stats with
        {
            NetReceivedBytes = counted.Aggregate(0UL, (s, d) => s + d.ReceivedBytes),
            NetTransmittedBytes = counted.Aggregate(0UL, (s, d) => s + d.TransmittedBytes),
        };
    }

    private static CgroupStats ReadV1(string root, string path)
    {
        string Dir(string controller) => Path.Combine(root, controller, path);

        var memory = Dir("memory");
        if (!Directory.Exists(memory) && !Directory.Exists(Dir("cpuacct")))
        {
            throw BerthException.NotFound($"unable to load cgroup at /{path}: the container is not running");
        }

        var (read, write) = SumBlockIo(CgroupFiles.ParseBlkioServiceBytes(
            Optional(Path.Combine(Dir("blkio"), "blkio.throttle.io_service_bytes_recursive")) ?? ""));
        return new CgroupStats
        {
            CpuUsageNanos = OptionalValue(Path.Combine(Dir("cpuacct"), "cpuacct.usage")),
            CpuKernelUsage = OptionalValue(Path.Combine(Dir("cpuacct"), "cpuacct.usage_sys")),
            PerCpuNanos = Optional(Path.Combine(Dir("cpuacct"), "cpuacct.usage_percpu")) is { } l ? CgroupFiles.ParseValueList(l) : [],
            MemoryUsage = Value(Path.Combine(memory, "memory.usage_in_bytes")),
            MemoryLimit = Value(Path.Combine(memory, "memory.limit_in_bytes")),
            BlockReadBytes = read,
            BlockWriteBytes = write,
            Pids = Value(Path.Combine(Dir("pids"), "pids.current")),
        };
    }

    private static CgroupStats ReadV2(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw BerthException.NotFound($"unable to load cgroup at {dir}: the container is not running");
        }

        var cpu = CgroupFiles.ParseFlatKeyed(Optional(Path.Combine(dir, "cpu.stat")) ?? "");
        var memory = CgroupFiles.ParseFlatKeyed(Read(Path.Combine(dir, "memory.stat")));
        var (read, write) = SumBlockIo(CgroupFiles.ParseIoStat(Optional(Path.Combine(dir, "io.stat")) ?? ""));
        return new CgroupStats
        {
            CpuUsageNanos = cpu.GetValueOrDefault("usage_usec") * 1000,
            // podman 4.3 multiplies the wrong field: system_usec stays in microseconds.
            CpuKernelUsage = cpu.GetValueOrDefault("system_usec"),
            MemoryUsage = memory.TryGetValue("anon", out var anon) ? anon
                : throw new BerthException(ErrorKind.Internal, $"no key named anon from {Path.Combine(dir, "memory.stat")}"),
            MemoryLimit = Value(Path.Combine(dir, "memory.max")),
            BlockReadBytes = read,
            BlockWriteBytes = write,
            Pids = Value(Path.Combine(dir, "pids.current")),
        };
    }

    /// <summary>podman's calculateBlockIO: "read"/"write" in any case (v2's rbytes/wbytes renamed first); Sync, Async, Total and the rest ignored.</summary>
    private static (ulong Read, ulong Write) SumBlockIo(IReadOnlyList<BlockIoEntry> entries)
    {
        ulong read = 0, write = 0;
        foreach (var e in entries)
        {
            switch (e.Operation.ToLowerInvariant())
            {
                case "read" or "rbytes":
                    read += e.Value;
                    break;
                case "write" or "wbytes":
                    write += e.Value;
                    break;
            }
        }

        return (read, write);
    }

    private static ulong Value(string file) => CgroupFiles.ParseValue(Read(file));

    private static ulong OptionalValue(string file) => Optional(file) is { } t ? CgroupFiles.ParseValue(t) : 0;

    private static string Read(string file) => Optional(file)
        ?? throw BerthException.NotFound($"unable to obtain cgroup stats: {file} does not exist (the container is not running)");

    private static string? Optional(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
