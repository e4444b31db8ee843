namespace Berth.Runtime.Stats;

/// <summary>Raw numbers of one container's cgroup (and network namespace) at one moment, as podman 4.3.1 reads them.</summary>
public sealed record CgroupStats
{
    /// <summary>Total CPU time in ns (v1 cpuacct.usage; v2 cpu.stat usage_usec × 1000).</summary>
    public ulong CpuUsageNanos { get; init; }

    /// <summary>Kernel-mode CPU time: v1 cpuacct.usage_sys in ns; v2 cpu.stat system_usec left in µs (podman 4.3's quirk, kept).</summary>
    public ulong CpuKernelUsage { get; init; }

    /// <summary>v1 cpuacct.usage_percpu in ns; empty on v2 (podman reads none there).</summary>
    public IReadOnlyList<ulong> PerCpuNanos { get; init; } = [];

    /// <summary>v1 memory.usage_in_bytes; v2 memory.stat "anon" (podman 4.3 subtracts no inactive_file).</summary>
    public ulong MemoryUsage { get; init; }

    /// <summary>The cgroup's own limit (memory.limit_in_bytes / memory.max, "max" = <see cref="ulong.MaxValue"/>); podman reports the spec's instead.</summary>
    public ulong MemoryLimit { get; init; }

    /// <summary>Sum of the "Read"/"rbytes" entries of blkio.throttle.io_service_bytes_recursive / io.stat.</summary>
    public ulong BlockReadBytes { get; init; }

    /// <summary>Sum of the "Write"/"wbytes" entries.</summary>
    public ulong BlockWriteBytes { get; init; }

    /// <summary>pids.current.</summary>
    public ulong Pids { get; init; }

    /// <summary>Received bytes of the counted interfaces; null when the process has no network interface but lo.</summary>
    public ulong? NetReceivedBytes { get; init; }

    /// <summary>Transmitted bytes of the counted interfaces; null when the process has no network interface but lo.</summary>
    public ulong? NetTransmittedBytes { get; init; }
}
