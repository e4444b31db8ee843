using System.Text;
using Berth.Templates;

namespace Berth.Cli.Commands.Buildah;

/// <summary>One row of <c>buildah containers</c>.</summary>
internal sealed record WorkingContainerRow(string Id, bool Builder, string ImageId, string ImageName, string Name);

/// <summary>The list flags of <c>buildah containers</c>.</summary>
internal sealed record BuildahListOptions
{
    public string? Format { get; init; }

    public bool Json { get; init; }

    public bool NoHeading { get; init; }

    public bool NoTruncate { get; init; }

    public bool Quiet { get; init; }
}

/// <summary>buildah 1.28's own output shapes: fixed-width tables, four-space JSON, per-row Go templates.</summary>
internal static class BuildahOutput
{
    /// <summary>Go's <c>json.MarshalIndent(v, "", "    ")</c>.</summary>
    public static string Json(object? value) => GoJson.Serialize(value, escapeHtml: true, indent: "    ");

    /// <summary>
    /// <c>buildah containers</c>: IDs only (<c>-q</c>, full IDs), JSON, a template per row, or buildah's fixed-width table
    /// (12-character IDs unless <c>--notruncate</c>; the BUILDER column holds a centred '*').
    /// </summary>
    public static void WriteContainers(TextWriter output, IReadOnlyList<WorkingContainerRow> rows, BuildahListOptions options)
    {
        if (options.Quiet)
        {
            foreach (var r in rows)
            {
                output.WriteLine(r.Id);
            }

            return;
        }

        if (options.Json)
        {
            output.WriteLine(Json(rows.Select(r => View(r, forTemplate: false)).ToList()));
            return;
        }

        if (!string.IsNullOrEmpty(options.Format))
        {
            WriteColumns(output, "containers", options.Format, rows.Select(r => (object)View(r, forTemplate: true)));
            return;
        }

        var truncate = !options.NoTruncate;
        if (!options.NoHeading)
        {
            output.Write(truncate
                ? $"{"CONTAINER ID",-12}  {"BUILDER",-8} {"IMAGE ID",-12} {"IMAGE NAME",-32} CONTAINER NAME\n"
                : $"{"CONTAINER ID",-64} {"BUILDER",-8} {"IMAGE ID",-64} {"IMAGE NAME",-32} CONTAINER NAME\n");
        }

        foreach (var r in rows)
        {
            var builder = r.Builder ? "   *    " : "        ";
            output.Write(truncate
                ? $"{Cut(r.Id, 12),-12}  {builder,-8} {Cut(r.ImageId, 12),-12} {r.ImageName,-32} {r.Name}\n"
                : $"{r.Id,-64} {builder,-8} {r.ImageId,-64} {r.ImageName,-32} {r.Name}\n");
        }
    }

    /// <summary>
    /// A Go template run once per item, each followed by a newline (buildah's inspect).
    /// </summary>
    public static void WriteTemplate(TextWriter output, string name, string format, IEnumerable<object> items)
    {
        var template = Parse(name, format);
        foreach (var item in items)
        {
            var text = new StringWriter(new StringBuilder());
            template.Execute(text, item);
            output.Write(text.ToString());
            output.Write('\n');
        }
    }

    /// <summary>
    /// buildah's list templates (containers, images): every space of the format becomes a column break, and the rows
    /// are aligned as Go's tabwriter does with three spaces of padding.
    /// </summary>
    public static void WriteColumns(TextWriter output, string name, string format, IEnumerable<object> items)
    {
        using var columns = new TabWriter(output, 0, 8, 3, ' ', TabWriterFlags.None);
        WriteTemplate(columns, name, format.Replace(' ', '\t'), items);
        columns.Flush();
    }

    private static GoTemplate Parse(string name, string format)
    {
        try
        {
            return GoTemplate.Parse(name, format);
        }
        catch (TemplateException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"Template parsing error: {e.Message}");
        }
    }

    /// <summary>
    /// buildah's JSONContainer (JSON: Builder a bool) and containerOutputParams (templates: Builder "   *" or "").
    /// </summary>
    private static GoStruct View(WorkingContainerRow r, bool forTemplate) => new(forTemplate ? "main.containerOutputParams" : "main.jsonContainer",
        new GoField("ContainerID", "id", r.Id),
        new GoField("Builder", "builder", forTemplate ? (r.Builder ? "   *" : "") : r.Builder),
        new GoField("ImageID", "imageid", r.ImageId),
        new GoField("ImageName", "imagename", r.ImageName),
        new GoField("ContainerName", "containername", r.Name));

    private static string Cut(string s, int n) => s.Length > n ? s[..n] : s;
}
