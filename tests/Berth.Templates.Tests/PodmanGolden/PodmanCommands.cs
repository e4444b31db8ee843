namespace Berth.Templates.Tests.PodmanGolden;

internal sealed record CommandResult(string Stdout, string Stderr, int ExitCode);

/// <summary>The output paths of podman 4.3's <c>image inspect</c>, <c>images</c> and <c>version</c> around
/// <c>--format</c>, driving Berth's <see cref="ReportFormatter"/> the way podman drives containers/common's report package.</summary>
internal static class PodmanCommands
{
    private const int EngineError = 125;

    /// <summary>cmd/podman/inspect: JSON for an empty or JSON format, otherwise the normalised format ranged over the items.</summary>
    public static CommandResult ImageInspect(string format, List<object?> items)
    {
        var stdout = new StringWriter();
        if (ReportFormatter.IsJson(format) || format.Length == 0)
        {
            stdout.Write(GoJson.Serialize(items, escapeHtml: false, indent: "     "));
            stdout.Write('\n');
            return new CommandResult(stdout.ToString(), string.Empty, 0);
        }
        ReportFormatter rpt;
        try
        {
            rpt = ReportFormatter.Create(stdout, "inspect", ReportFormatter.NormalizeInspectFormat(format, isImage: true));
        }
        catch (TemplateException ex)
        {
            return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
        }
        try
        {
            rpt.Execute(items);
        }
        catch (TemplateException ex)
        {
            rpt.Flush();
            return new CommandResult(stdout.ToString(), "Error: inspecting object: printing inspect output: " + ex.Message + "\n", EngineError);
        }
        rpt.Flush();
        return new CommandResult(stdout.ToString(), string.Empty, 0);
    }

    /// <summary>cmd/podman/images/list.go.</summary>
    public static CommandResult Images(IReadOnlyList<string> args)
    {
        string? format = null;
        string sort = "created";
        bool noHeading = false;
        bool noTrunc = false;
        bool quiet = false;
        var filters = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--format":
                    format = args[++i];
                    break;
                case "--sort":
                    sort = args[++i];
                    break;
                case "--filter":
                    filters.Add(args[++i]);
                    break;
                case "--noheading" or "-n":
                    noHeading = true;
                    break;
                case "--no-trunc":
                    noTrunc = true;
                    break;
                case "-q" or "--quiet":
                    quiet = true;
                    break;
                default:
                    throw new ArgumentException("unsupported images argument " + args[i]);
            }
        }
        var images = ImageListModel.LoadImages().Where(image => filters.All(f => Matches(image, f)));
        var rows = ImageListModel.Rows(images, sort, noTrunc);
        var stdout = new StringWriter();
        if (format is not null && ReportFormatter.IsJson(format))
        {
            stdout.Write(GoJson.Serialize(rows.Select(ImageListModel.ToJsonEntry).ToList(), escapeHtml: true, indent: "    "));
            stdout.Write('\n');
            return new CommandResult(stdout.ToString(), string.Empty, 0);
        }
        if (quiet)
        {
            foreach (var id in rows.Select(r => ImageListModel.Id(r.Image, noTrunc)).Distinct())
            {
                stdout.Write(id + "\n");
            }
            return new CommandResult(stdout.ToString(), string.Empty, 0);
        }
        if (format is not null && !ReportFormatter.HasTable(format))
        {
            noHeading = true;
        }
        ReportFormatter rpt;
        try
        {
            rpt = ReportFormatter.Create(stdout, "images", format!, new ReportOptions
            {
                Origin = ReportOrigin.User,
                NoHeading = noHeading,
                HeaderOverrides = ImageListModel.HeaderOverrides,
            });
        }
        catch (TemplateException ex)
        {
            return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
        }
        try
        {
            rpt.WriteHeader(ImageListModel.HeaderFields);
            var data = new GoSlice("[]images.imageReporter", rows.Select(r => (object?)ImageListModel.ToGo(r, noTrunc)).ToArray());
            rpt.Execute(data);
        }
        catch (TemplateException ex)
        {
            rpt.Flush();
            return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
        }
        rpt.Flush();
        return new CommandResult(stdout.ToString(), string.Empty, 0);
    }

    private static bool Matches(ImageSummary image, string filter)
    {
        int eq = filter.IndexOf('=', StringComparison.Ordinal);
        string key = filter[..eq];
        string value = filter[(eq + 1)..];
        switch (key)
        {
            case "dangling":
                return image.Dangling == (value == "true");
            case "label":
                {
                    int leq = value.IndexOf('=', StringComparison.Ordinal);
                    var labels = GoldenData.StringMap(image.Json, "Labels") as Dictionary<string, string>;
                    return labels is not null && (leq < 0
                        ? labels.ContainsKey(value)
                        : labels.TryGetValue(value[..leq], out var v) && v == value[(leq + 1)..]);
                }
            case "reference":
                return image.Names.Any(name => Glob(value, name) || Glob(value, name[..Math.Max(name.LastIndexOf(':'), name.LastIndexOf('/') + 1)].TrimEnd(':')));
            default:
                throw new ArgumentException("unsupported filter " + filter);
        }
    }

    private static bool Glob(string pattern, string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "$");

    /// <summary>cmd/podman/system/version.go: no range; on an execution error, retry with <c>.Server.</c> → <c>.</c> on the client.</summary>
    public static CommandResult Version(string format, GoStruct report)
    {
        var stdout = new StringWriter();
        if (ReportFormatter.IsJson(format))
        {
            stdout.Write(GoJson.Serialize(report));
            stdout.Write('\n');
            return new CommandResult(stdout.ToString(), string.Empty, 0);
        }
        var options = new ReportOptions { Origin = ReportOrigin.Unknown };
        ReportFormatter rpt;
        try
        {
            rpt = ReportFormatter.Create(stdout, "version", format, options);
        }
        catch (TemplateException ex)
        {
            return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
        }
        try
        {
            rpt.Execute(report);
        }
        catch (TemplateException)
        {
            report.TryGetField("Client", out var client);
            ReportFormatter retry;
            try
            {
                retry = ReportFormatter.Create(rpt.Writer, "version", format.Replace(".Server.", ".", StringComparison.Ordinal), options);
            }
            catch (TemplateException ex)
            {
                rpt.Flush();
                return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
            }
            try
            {
                retry.Execute(client);
            }
            catch (TemplateException ex)
            {
                retry.Flush();
                rpt.Flush();
                return new CommandResult(stdout.ToString(), "Error: " + ex.Message + "\n", EngineError);
            }
            retry.Flush();
        }
        rpt.Flush();
        return new CommandResult(stdout.ToString(), string.Empty, 0);
    }
}
