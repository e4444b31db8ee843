using System.Text.RegularExpressions;
using Berth.Cli.Output;
using Berth.Engine.Volumes;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>How <c>volume ls</c> prints (podman 4.3.1's cmd/podman/volumes/list.go).</summary>
public sealed record VolumeListOptions
{
    /// <summary>The user's <c>--format</c>; null when not given.</summary>
    public string? Format { get; init; }
    public bool Quiet { get; init; }
    public bool NoHeading { get; init; }
}

/// <summary>
/// libpod's <c>define.InspectVolumeData</c> as podman's templates and JSON see it, wrapped as podman wraps it:
/// <c>entities.VolumeListReport</c> (the data embedded twice: <c>{{.}}</c> prints <c>{{{…}}}</c>) for ls, and
/// <c>entities.VolumeInspectReport</c> (a pointer embedded: <c>{{.}}</c> prints <c>{0xc…}</c>) for inspect.
/// </summary>
public static partial class VolumeViews
{
    /// <summary>The fields of VolumeListReport as podman's report.Headers finds them (embedded structs flattened).</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "Name", "Driver", "Mountpoint", "CreatedAt", "Status", "Labels", "Scope", "Options", "UID", "GID", "Anonymous",
        "MountCount", "NeedsCopyUp", "NeedsChown", "Timeout", "StorageID",
    ];

    public static readonly IReadOnlyDictionary<string, string> ListHeaderOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = "VOLUME NAME",
    };

    /// <summary>define.InspectVolumeData: JSON names and omitempty as libpod declares them.</summary>
    public static GoStruct Data(Volume v) => new(
        "define.InspectVolumeData",
        new GoField("Name", "Name", v.Name),
        new GoField("Driver", "Driver", v.Driver),
        new GoField("Mountpoint", "Mountpoint", v.Mountpoint),
        new GoField("CreatedAt", "CreatedAt", new GoTimestamp(v.CreatedAt)),
        new GoField("Status", "Status", GoTypedNil.Of("map[string]interface {}"), OmitEmpty: true),
        new GoField("Labels", "Labels", v.Labels.ToDictionary(StringComparer.Ordinal)),
        new GoField("Scope", "Scope", v.Scope),
        new GoField("Options", "Options", v.Options.ToDictionary(StringComparer.Ordinal)),
        new GoField("UID", "UID", v.Uid ?? 0, OmitEmpty: true),
        new GoField("GID", "GID", v.Gid ?? 0, OmitEmpty: true),
        new GoField("Anonymous", "Anonymous", v.Anonymous, OmitEmpty: true),
        new GoField("MountCount", "MountCount", v.MountCount),
        new GoField("NeedsCopyUp", "NeedsCopyUp", v.NeedsCopyUp, OmitEmpty: true),
        new GoField("NeedsChown", "NeedsChown", v.NeedsChown, OmitEmpty: true),
        new GoField("Timeout", "Timeout", 0, OmitEmpty: true),
        new GoField("StorageID", "StorageID", "", OmitEmpty: true));

    /// <summary>entities.VolumeListReport{VolumeConfigResponse{InspectVolumeData}}.</summary>
    public static GoStruct ListRow(Volume v) =>
        new GoStruct("entities.VolumeListReport").Embed(new GoStruct("entities.VolumeConfigResponse").Embed(Data(v)));

    /// <summary>entities.VolumeInspectReport{*VolumeConfigResponse{InspectVolumeData}}.</summary>
    public static GoStruct InspectItem(Volume v) =>
        new GoStruct("entities.VolumeInspectReport").Embed(new GoStruct("*entities.VolumeConfigResponse").Embed(Data(v)));

    /// <summary>podman's volume inspect output: five-space JSON, or the template over the reports.</summary>
    public static void WriteInspect(TextWriter output, string? format, IReadOnlyList<Volume> volumes) =>
        InspectOutput.Write(output, format, [.. volumes.Select(v => (object?)InspectItem(v))], isImage: false);

    /// <summary>
    /// podman's volume ls: json prints the reports indented by two spaces (json-iterator, which writes an empty map as
    /// "{", a line of indentation, "}"); otherwise nothing at all when there are no volumes, else -q's names, the
    /// user's template or the default table under DRIVER and VOLUME NAME.
    /// </summary>
    public static void WriteList(TextWriter output, IReadOnlyList<Volume> volumes, VolumeListOptions options)
    {
        if (options.Format is { } f && ReportFormatter.IsJson(f))
        {
            var json = GoJson.Serialize(volumes.Select(v => (object?)ListRow(v)).ToList(), escapeHtml: true, indent: "  ");
            output.Write(EmptyObject().Replace(json, m => $"{m.Groups[1].Value}{m.Groups[2].Value}{{\n{m.Groups[1].Value}  \n{m.Groups[1].Value}}}{m.Groups[3].Value}"));
            output.Write('\n');
            return;
        }

        if (volumes.Count == 0)
        {
            return;
        }

        var (format, origin) = options.Format is { } user
            ? (user, ReportOrigin.User)
            : options.Quiet ? ("{{.Name}}\n", ReportOrigin.User) : (VolumeCommands.ListFormat, ReportOrigin.Podman);
        var formatter = ReportFormatter.Create(output, "ls", format, new ReportOptions
        {
            Origin = origin,
            NoHeading = options.NoHeading,
            HeaderOverrides = ListHeaderOverrides,
        });
        try
        {
            formatter.WriteHeader(Fields);
            formatter.Execute(new GoSlice("[]*entities.VolumeListReport", [.. volumes.Select(v => (object?)ListRow(v))]));
        }
        finally
        {
            formatter.Flush();
        }
    }

    /// <summary>An empty JSON object on its own line: indentation, an optional "key": prefix, a trailing comma.</summary>
    [GeneratedRegex(@"(?m)^( *)(""(?:[^""\\]|\\.)*"": )?\{\}(,?)$")]
    private static partial Regex EmptyObject();
}
