namespace Berth.Runtime.Stats;

/// <summary>What <c>podman stats</c> 4.3.1 prints (recorded in tests/Berth.Runtime.Tests/Golden/podman-4.3/stats).</summary>
public static class StatsColumns
{
    /// <summary>The default table's row template (podman's, with <c>table</c> headers rendered from <see cref="Headers"/>).</summary>
    public const string DefaultFormat =
        "{{range .}}{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}\n{{end -}}";

    /// <summary>Header overrides by template field; the other fields' headers are their names upper-cased and split like podman's report.Headers.
    /// The CLI upper-cases them: "Avg CPU %" prints as "AVG CPU %".</summary>
    public static IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "ID",
        ["UpTime"] = "CPU TIME",
        ["CPUPerc"] = "CPU %",
        ["AVGCPU"] = "Avg CPU %",
        ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemUsageBytes"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %",
        ["NetIO"] = "NET IO",
        ["BlockIO"] = "BLOCK IO",
        ["PIDS"] = "PIDS",
    };

    /// <summary>The default table's header line, cell by cell.</summary>
    public static IReadOnlyList<string> DefaultHeader { get; } =
        ["ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET IO", "BLOCK IO", "PIDS", "CPU TIME", "AVG CPU %"];

    /// <summary><c>--format json</c> keys, in order: id (12 characters unless --no-trunc), name, cpu_time (Go duration),
    /// cpu_percent, avg_cpu, mem_usage ("630.8kB / 25.28GB", units.HumanSize), mem_percent, net_io, block_io, pids.</summary>
    public static IReadOnlyList<string> JsonFields { get; } =
        ["id", "name", "cpu_time", "cpu_percent", "avg_cpu", "mem_usage", "mem_percent", "net_io", "block_io", "pids"];
}
