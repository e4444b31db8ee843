using System.Globalization;

namespace Berth.Runtime.Stats;

/// <summary>One container's stats with podman's define.ContainerStats field names (the Go template fields of <c>podman stats</c>).</summary>
public sealed record ContainerStatsReport
{
    public string ContainerID { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>CPU % since the previous sample (or since the start): CPU ns over wall-clock ns × 100, not scaled by CPU count.</summary>
    public double CPU { get; init; }
    /// <summary>CPU % averaged over the whole run.</summary>
    public double AvgCPU { get; init; }
    public IReadOnlyList<ulong> PerCPU { get; init; } = [];
    public ulong CPUNano { get; init; }
    public ulong CPUSystemNano { get; init; }
    /// <summary>Wall-clock time of the sample, ns since the epoch; the base of the next sample's CPU %.</summary>
    public ulong SystemNano { get; init; }
    public ulong MemUsage { get; init; }
    public ulong MemLimit { get; init; }
    public double MemPerc { get; init; }
    /// <summary>podman 4.3 puts the interfaces' transmitted bytes here (and received ones in <see cref="NetOutput"/>).</summary>
    public ulong NetInput { get; init; }
    public ulong NetOutput { get; init; }
    public ulong BlockInput { get; init; }
    public ulong BlockOutput { get; init; }
    public ulong PIDs { get; init; }
    /// <summary>Total CPU time in ns (Go prints it as the duration UpTime, "CPU TIME"; use GoTime.DurationString for exact digits).</summary>
    public ulong Duration { get; init; }

    /// <summary>The CPU time as a span (100 ns resolution; <see cref="Duration"/> keeps the nanoseconds).</summary>
    public TimeSpan UpTime => TimeSpan.FromTicks((long)(Duration / 100));

    /// <summary>podman's floatToPercentString: two decimals and a percent sign ("87.88%").</summary>
    public static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
