namespace Berth.Runtime.Stats;

/// <summary>What the engine knows about the container besides its cgroup numbers.</summary>
/// <param name="ContainerID">Full ID.</param>
/// <param name="Name">Name.</param>
/// <param name="Running">Running or paused: the only states with a cgroup to read (others report zeros).</param>
/// <param name="StartedAt">When the container last started.</param>
/// <param name="SpecMemoryLimit">The spec's linux.resources.memory.limit, null when unset.</param>
public sealed record StatsSubject(string ContainerID, string Name, bool Running, DateTimeOffset StartedAt, long? SpecMemoryLimit);

/// <summary>podman 4.3.1's per-container stats arithmetic (libpod/stats_linux.go).</summary>
public static class StatsCalculator
{
    /// <summary>
    /// The report for one sample. <paramref name="previous"/> is the last report for this container (null on the first
    /// sample: the CPU % then runs from the start, so --no-stream shows CPU % equal to the average).
    /// </summary>
    /// <param name="hostMemory">Total RAM (sysinfo totalram, /proc/meminfo MemTotal) that caps the limit.</param>
    /// <param name="nowNanos">Wall clock of the sample in ns since the epoch.</param>
    public static ContainerStatsReport Calculate(
        StatsSubject subject, CgroupStats? current, ContainerStatsReport? previous, ulong hostMemory, ulong nowNanos)
    {
        var report = new ContainerStatsReport { ContainerID = subject.ContainerID, Name = subject.Name };
        if (!subject.Running || current is null)
        {
            return report;
        }

        var started = (ulong)Math.Max(0, (subject.StartedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
        previous ??= new ContainerStatsReport { SystemNano = started };

        // A total below the last one means the container restarted in a new cgroup: start over from zero.
        if (previous.Duration > current.CpuUsageNanos)
        {
            previous = new ContainerStatsReport();
        }

        var limit = MemoryLimit(subject.SpecMemoryLimit, hostMemory);
        return report with
        {
            Duration = current.CpuUsageNanos,
            CPU = CpuPercent(current.CpuUsageNanos, previous.CPUNano, nowNanos, previous.SystemNano),
            AvgCPU = CpuPercent(current.CpuUsageNanos, 0, nowNanos, started),
            MemUsage = current.MemoryUsage,
            MemLimit = limit,
            MemPerc = (double)current.MemoryUsage / limit * 100,
            PIDs = current.Pids,
            BlockInput = current.BlockReadBytes,
            BlockOutput = current.BlockWriteBytes,
            CPUNano = current.CpuUsageNanos,
            CPUSystemNano = current.CpuKernelUsage,
            SystemNano = nowNanos,
            PerCPU = current.PerCpuNanos,
            // podman 4.3 swaps the directions: NET IO shows transmitted / received.
            NetInput = current.NetTransmittedBytes ?? 0,
            NetOutput = current.NetReceivedBytes ?? 0,
        };
    }

    /// <summary>podman's calculateCPUPercent: (cpu − previousCpu) / (now − previousSystem) × 100, 0 unless both deltas are positive.
    /// The subtractions are unsigned as in Go (a smaller current value wraps and gives a huge delta).</summary>
    public static double CpuPercent(ulong cpuNanos, ulong previousCpuNanos, ulong nowNanos, ulong previousSystemNanos)
    {
        double cpuDelta = unchecked(cpuNanos - previousCpuNanos);
        double systemDelta = unchecked(nowNanos - previousSystemNanos);
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * 100 : 0;
    }

    /// <summary>podman's getMemLimit: the spec's limit unless unset, non-positive or above the host's RAM, then the host's RAM.</summary>
    public static ulong MemoryLimit(long? specLimit, ulong hostMemory)
    {
        var limit = specLimit is { } l ? unchecked((ulong)l) : ulong.MaxValue;
        return limit == 0 || limit > hostMemory ? hostMemory : limit;
    }
}
