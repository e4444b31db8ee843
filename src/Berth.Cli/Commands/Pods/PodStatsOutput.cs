using System.Globalization;
using Berth.Runtime.Stats;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>One container of a pod in one <c>pod stats</c> sample.</summary>
public sealed record PodStatsRow(string PodId, ContainerStatsReport Report);

/// <summary>
/// How <c>pod stats</c> prints a sample (podman 4.3.1): rows of strings (entities.PodStatsReport) where an empty number
/// reads "--"; a header line above every template, <c>table</c> or not; <c>json</c> indented by five spaces.
/// </summary>
public static class PodStatsOutput
{
    private const string DefaultFormat = "{{.Pod}}\t{{.CID}}\t{{.Name}}\t{{.CPU}}\t{{.MemUsage}}\t{{.Mem}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}";

    private static readonly string[] Fields = ["CPU", "MemUsage", "MemUsageBytes", "Mem", "NetIO", "BlockIO", "PIDS", "Pod", "CID", "Name"];

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["CPU"] = "CPU %",
        ["MemUsage"] = "MEM USAGE/ LIMIT",
        ["MemUsageBytes"] = "MEM USAGE/ LIMIT",
        ["NetIO"] = "NET IO",
        ["BlockIO"] = "BLOCK IO",
        ["PIDS"] = "PIDS",
    };

    /// <summary>The built-in table alone calls the memory share "MEM %"; a user's {{.Mem}} is headed "MEM".</summary>
    private static readonly Dictionary<string, string> DefaultHeaders = new(Headers, StringComparer.Ordinal) { ["Mem"] = "MEM %" };

    /// <param name="format">The <c>--format</c> value, null when not given.</param>
    public static void Write(TextWriter output, IReadOnlyList<PodStatsRow> rows, string? format)
    {
        if (format is not null && ReportFormatter.IsJson(format))
        {
            output.Write(GoJson.Serialize(rows.Select(r => (object?)Row(r)).ToList(), indent: "     "));
            output.Write('\n');
            return;
        }

        // A format without "table" keeps its spaces but still gets the header line (run through the same template).
        var text = format is null or "" ? "table " + DefaultFormat
            : ReportFormatter.HasTable(format) ? format
            : ReportFormatter.EnforceRange(ReportFormatter.NormalizeFormat(format));
        var formatter = ReportFormatter.Create(output, "stats", text, new ReportOptions { Origin = ReportOrigin.Podman, HeaderOverrides = format is null or "" ? DefaultHeaders : Headers });
        try
        {
            formatter.WriteHeader(Fields);
            formatter.Execute(new GoSlice("[]*entities.PodStatsReport", rows.Select(r => (object?)Row(r)).ToList()));
        }
        finally
        {
            formatter.Flush();
        }
    }

    /// <summary>One row: podman's strings, each "--" (or "-- / --") when its numbers are zero.</summary>
    public static GoStruct Row(PodStatsRow row)
    {
        var r = row.Report;
        return new GoStruct(
            "entities.PodStatsReport",
            new("CPU", "CPU", Percent(r.CPU)),
            new("MemUsage", "MemUsage", Pair(r.MemUsage, r.MemLimit, Units.HumanSize)),
            new("MemUsageBytes", "MemUsageBytes", Pair(r.MemUsage, r.MemLimit, Units.BytesSize)),
            new("Mem", "Mem", Percent(r.MemPerc)),
            new("NetIO", "NetIO", Pair(r.NetInput, r.NetOutput, Units.HumanSize)),
            new("BlockIO", "BlockIO", Pair(r.BlockInput, r.BlockOutput, Units.HumanSize)),
            new("PIDS", "PIDS", r.PIDs == 0 ? "--" : r.PIDs.ToString(CultureInfo.InvariantCulture)),
            new("Pod", "Pod", row.PodId[..Math.Min(12, row.PodId.Length)]),
            new("CID", "CID", r.ContainerID[..Math.Min(12, r.ContainerID.Length)]),
            new("Name", "Name", r.Name));
    }

    private static string Percent(double value) => value == 0 ? "--" : ContainerStatsReport.Percent(value);

    private static string Pair(ulong a, ulong b, Func<double, string> size) => a == 0 && b == 0 ? "-- / --" : size(a) + " / " + size(b);
}
