using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Output;

public sealed record HistoryOptions
{
    public string? Format { get; init; }
    public bool Human { get; init; } = true;
    public bool NoTrunc { get; init; }
    public bool Quiet { get; init; }
}

/// <summary>podman history: config history newest first, each non-empty entry paired with its layer's size.</summary>
public static class HistoryOutput
{
    private const string DefaultFormat = "table {{.ID}}\t{{.Created}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}\n";

    public static void Write(TextWriter output, LocalImage image, IReadOnlyList<long> layerSizes, HistoryOptions options, DateTimeOffset now)
    {
        var rows = Rows(image, layerSizes, options, now);
        if (options.Quiet)
        {
            foreach (var r in rows)
            {
                r.TryGetField("ID", out var id);
                output.WriteLine(id);
            }

            return;
        }

        var format = options.Format;
        if (format is not null && ReportFormatter.IsJson(format))
        {
            output.WriteLine(GoJson.Serialize(rows, escapeHtml: true, indent: "    "));
            return;
        }

        var formatter = ReportFormatter.Create(output, "history", string.IsNullOrEmpty(format) ? DefaultFormat : format, new ReportOptions());
        try
        {
            formatter.WriteHeader(["ID", "Created", "CreatedBy", "Size", "Comment"]);
            formatter.Execute(new GoSlice("[]history.historyReporter", rows.Cast<object?>().ToList()));
        }
        finally
        {
            formatter.Flush();
        }
    }

    private static List<GoStruct> Rows(LocalImage image, IReadOnlyList<long> layerSizes, HistoryOptions options, DateTimeOffset now)
    {
        var history = image.Config.History ?? [];
        var sizes = new long[history.Count];
        var layer = 0;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].EmptyLayer != true && layer < layerSizes.Count)
            {
                sizes[i] = layerSizes[layer++];
            }
        }

        var rows = new List<GoStruct>();
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var h = history[i];
            var id = i == history.Count - 1 ? (options.NoTrunc ? image.Id : image.Id[..12]) : "<missing>";
            var createdBy = h.CreatedBy ?? "";
            if (!options.NoTrunc && createdBy.Length > 45)
            {
                createdBy = createdBy[..42] + "...";
            }

            var created = h.Created ?? image.Created;
            rows.Add(new GoStruct(
                "history.historyReporter",
                new GoField("ID", "id", id),
                new GoField("Created", "created", options.Human ? Units.HumanDuration(now - created) + " ago" : GoTime.Format(created, GoTime.RFC3339)),
                new GoField("CreatedBy", "createdBy", createdBy),
                new GoField("Size", "size", options.Human ? Units.PodmanSize(sizes[i]) : sizes[i].ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new GoField("Comment", "comment", h.Comment ?? "")));
        }

        return rows;
    }
}
