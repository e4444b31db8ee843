using Berth.Runtime.Stats;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>
/// How <c>stats</c> prints one sample (podman 4.3's outputStats): rows are <c>containers.containerStats</c> (an embedded
/// define.ContainerStats plus ID/CPUPerc/AVGCPU/Up/MemPerc/NetIO/BlockIO/PIDS/MemUsage/MemUsageBytes methods);
/// <c>json</c> is its own list of strings; the default is a podman-origin table.
/// </summary>
public static class StatsOutput
{
    /// <summary>goterm's Clear and MoveCursor(1, 1), which podman flushes before each sample on a terminal.</summary>
    public const string ClearScreen = "\u001b[2J\u001b[1;1H";

    private static readonly string[] StatsFields =
        ["AvgCPU", "ContainerID", "Name", "PerCPU", "CPU", "CPUNano", "CPUSystemNano", "SystemNano", "MemUsage", "MemLimit",
         "MemPerc", "NetInput", "NetOutput", "BlockInput", "BlockOutput", "PIDs", "UpTime", "Duration"];

    /// <param name="format">The <c>--format</c> value, null when not given.</param>
    public static void Write(TextWriter output, IReadOnlyList<ContainerStatsReport> reports, string? format, bool noTrunc)
    {
        if (format is not null && ReportFormatter.IsJson(format))
        {
            output.Write(Json(reports, noTrunc));
            output.Write('\n');
            return;
        }

        var formatter = format is null
            ? ReportFormatter.Create(output, "stats", StatsColumns.DefaultFormat, new ReportOptions { Origin = ReportOrigin.Podman, HeaderOverrides = StatsColumns.Headers })
            : ReportFormatter.Create(output, "stats", format, new ReportOptions { Origin = ReportOrigin.User, HeaderOverrides = StatsColumns.Headers });
        try
        {
            formatter.WriteHeader(StatsFields);
            formatter.Execute(new GoSlice("[]containers.containerStats", reports.Select(r => (object?)Row(r, noTrunc)).ToList()));
        }
        finally
        {
            formatter.Flush();
        }
    }

    /// <summary>podman's outputJSON: json.MarshalIndent with a one-space indent.</summary>
    public static string Json(IReadOnlyList<ContainerStatsReport> reports, bool noTrunc) =>
        GoJson.Serialize(reports.Select(r => (object?)new GoStruct(
            "containers.jstat",
            new("Id", "id", Id(r, noTrunc)),
            new("Name", "name", r.Name),
            new("CPUTime", "cpu_time", GoTime.DurationString((long)r.Duration)),
            new("CpuPercent", "cpu_percent", ContainerStatsReport.Percent(r.CPU)),
            new("AverageCPU", "avg_cpu", ContainerStatsReport.Percent(r.AvgCPU)),
            new("MemUsage", "mem_usage", Pair(Units.HumanSize(r.MemUsage), Units.HumanSize(r.MemLimit))),
            new("MemPerc", "mem_percent", ContainerStatsReport.Percent(r.MemPerc)),
            new("NetIO", "net_io", Pair(Units.HumanSize(r.NetInput), Units.HumanSize(r.NetOutput))),
            new("BlockIO", "block_io", Pair(Units.HumanSize(r.BlockInput), Units.HumanSize(r.BlockOutput))),
            new("Pids", "pids", r.PIDs.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList(), indent: " ");

    /// <summary>One template row.</summary>
    public static GoStruct Row(ContainerStatsReport r, bool noTrunc)
    {
        var upTime = new GoDurationValue((long)r.Duration);
        var stats = new GoStruct(
            "define.ContainerStats",
            new("AvgCPU", "AvgCPU", r.AvgCPU),
            new("ContainerID", "ContainerID", r.ContainerID),
            new("Name", "Name", r.Name),
            new("PerCPU", "PerCPU", r.PerCPU.Count == 0 ? GoTypedNil.Of("[]uint64") : new GoSlice("[]uint64", r.PerCPU.Select(v => (object?)v).ToList())),
            new("CPU", "CPU", r.CPU),
            new("CPUNano", "CPUNano", r.CPUNano),
            new("CPUSystemNano", "CPUSystemNano", r.CPUSystemNano),
            new("SystemNano", "SystemNano", r.SystemNano),
            new("MemUsage", "MemUsage", r.MemUsage),
            new("MemLimit", "MemLimit", r.MemLimit),
            new("MemPerc", "MemPerc", r.MemPerc),
            new("NetInput", "NetInput", r.NetInput),
            new("NetOutput", "NetOutput", r.NetOutput),
            new("BlockInput", "BlockInput", r.BlockInput),
            new("BlockOutput", "BlockOutput", r.BlockOutput),
            new("PIDs", "PIDs", r.PIDs),
            new("UpTime", "UpTime", upTime),
            new("Duration", "Duration", r.Duration));
        return new GoStruct("containers.containerStats").Embed(stats)
            .Method("ID", () => Id(r, noTrunc))
            .Method("CPUPerc", () => ContainerStatsReport.Percent(r.CPU))
            .Method("AVGCPU", () => ContainerStatsReport.Percent(r.AvgCPU))
            .Method("Up", () => upTime.GoString())
            .Method("MemPerc", () => ContainerStatsReport.Percent(r.MemPerc))
            .Method("NetIO", () => Pair(Units.HumanSize(r.NetInput), Units.HumanSize(r.NetOutput)))
            .Method("BlockIO", () => Pair(Units.HumanSize(r.BlockInput), Units.HumanSize(r.BlockOutput)))
            .Method("PIDS", () => r.PIDs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Method("MemUsage", () => Pair(Units.HumanSize(r.MemUsage), Units.HumanSize(r.MemLimit)))
            .Method("MemUsageBytes", () => Pair(Units.BytesSize(r.MemUsage), Units.BytesSize(r.MemLimit)));
    }

    private static string Id(ContainerStatsReport r, bool noTrunc) => noTrunc || r.ContainerID.Length <= 12 ? r.ContainerID : r.ContainerID[..12];

    private static string Pair(string a, string b) => a + " / " + b;
}

/// <summary>A Go time.Duration kept to the nanosecond (a TimeSpan holds 100 ns ticks; podman prints "160.05899ms").</summary>
public sealed class GoDurationValue(long nanoseconds) : IGoTyped, IGoStringer
{
    public long Nanoseconds { get; } = nanoseconds;

    public string GoTypeName => "time.Duration";

    public string GoString() => GoTime.DurationString(Nanoseconds);

    public override string ToString() => GoString();
}
