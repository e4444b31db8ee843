using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Templates;

/// <summary>Where a template comes from (containers/common <c>report.Origin</c>); it decides the preprocessing.</summary>
public enum ReportOrigin
{
    /// <summary>A single object, not a list (e.g. <c>podman version</c>): no range wrapper.</summary>
    Unknown,

    /// <summary>A built-in table format of the command: always aligned by the tabwriter, headers rendered.</summary>
    Podman,

    /// <summary>The user's <c>--format</c> for a list: wrapped in <c>{{range .}}…{{end -}}</c> unless it ranges itself.</summary>
    User,
}

/// <summary>How <see cref="ReportFormatter.Create"/> treats a format.</summary>
public sealed class ReportOptions
{
    public ReportOrigin Origin { get; init; } = ReportOrigin.User;

    /// <summary><c>--noheading</c>: never print the header row.</summary>
    public bool NoHeading { get; init; }

    /// <summary>Header text per field name replacing the default (e.g. <c>ID</c> → <c>IMAGE ID</c>); upper-cased like podman.</summary>
    public IReadOnlyDictionary<string, string>? HeaderOverrides { get; init; }

    /// <summary>Functions in addition to podman's <see cref="ReportFunctions.Default"/> (they win on a name clash).</summary>
    public IReadOnlyDictionary<string, TemplateFunction>? Functions { get; init; }
}

/// <summary>podman's <c>--format</c> handling around Go templates (containers/common <c>pkg/report</c> as in podman 4.3):
/// JSON detection, the <c>table</c> prefix, <c>\t</c>/<c>\n</c> translation, the appended newline, the range wrapper,
/// the retry with the untranslated text, header rows and tabwriter alignment.</summary>
public sealed partial class ReportFormatter : IDisposable
{
    private readonly TextWriter _output;
    private readonly TabWriter? _tabWriter;
    private readonly ReportOptions _options;
    private readonly object?[] _rowBuffer = new object?[1];
    private GoSlice? _rowSlice;
    private string? _rowSliceType;

    private ReportFormatter(TextWriter output, TabWriter? tabWriter, GoTemplate template, string text, bool renderTable, bool renderHeaders, ReportOptions options)
    {
        _output = output;
        _tabWriter = tabWriter;
        Template = template;
        Text = text;
        RenderTable = renderTable;
        RenderHeaders = renderHeaders;
        _options = options;
    }

    /// <summary>The parsed template.</summary>
    public GoTemplate Template { get; }

    /// <summary>The template text after preprocessing (what was parsed).</summary>
    public string Text { get; }

    /// <summary>The format started with <c>table </c>.</summary>
    public bool RenderTable { get; }

    /// <summary>Output is aligned and a header row is expected (table formats and podman's own formats).</summary>
    public bool RenderHeaders { get; }

    /// <summary>Where rows are written: the tabwriter when aligning, otherwise the output.</summary>
    public TextWriter Writer => (TextWriter?)_tabWriter ?? _output;

    [GeneratedRegex(@"\A[\t\n\f\r ]*(json|\{\{[\t\n\f\r ]*json[\t\n\f\r ]*(\.)?[\t\n\f\r ]*\}\})[\t\n\f\r ]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonRegex();

    [GeneratedRegex(@"\{\{[\t\n\f\r ]*range[\t\n\f\r ]*\.[\t\n\f\r ]*\}\}.*\{\{[\t\n\f\r ]*end[\t\n\f\r ]*-?[\t\n\f\r ]*\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex RangeRegex();

    [GeneratedRegex(@"\{\{[\t\n\f\r ]*\.Id[\t\n\f\r ]*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex InspectIdRegex();

    /// <summary>The format asks for the command's JSON output (<c>json</c>, <c>{{json .}}</c>, <c>{{ json }}</c>)
    /// rather than a template.</summary>
    public static bool IsJson(string format) => JsonRegex().IsMatch(format);

    /// <summary>The format starts with the <c>table </c> keyword.</summary>
    public static bool HasTable(string format) => format.StartsWith("table ", StringComparison.Ordinal);

    /// <summary>podman's <c>NormalizeFormat</c>: translate typed <c>\t</c> and <c>\n</c>; for a <c>table </c> format also
    /// drop every <c>table </c> and turn every space into a tab; then make sure the text ends with a newline.</summary>
    public static string NormalizeFormat(string format)
    {
        bool table = HasTable(format);
        var sb = new StringBuilder(format.Length + 1);
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (table && c == 't' && string.CompareOrdinal(format, i, "table ", 0, 6) == 0)
            {
                i += 5;
                continue;
            }
            if (c == '\\' && i + 1 < format.Length && format[i + 1] is 't' or 'n')
            {
                sb.Append(format[i + 1] == 't' ? '\t' : '\n');
                i++;
                continue;
            }
            sb.Append(table && c == ' ' ? '\t' : c);
        }
        if (sb.Length == 0 || sb[^1] != '\n')
        {
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>podman's <c>EnforceRange</c>: wrap in <c>{{range .}}…{{end -}}</c> unless the format already ranges over dot.</summary>
    public static string EnforceRange(string format) =>
        RangeRegex().IsMatch(format) ? format : "{{range .}}" + format + "{{end -}}";

    /// <summary>The rewrites <c>podman inspect</c> applies to a format before parsing: <c>{{.Id}}</c> → <c>{{.ID}}</c>,
    /// <c>.Src</c> → <c>.Source</c>, <c>.Dst</c> → <c>.Destination</c>, <c>.ImageID</c> → <c>.Image</c>, and for images
    /// <c>.Config.Healthcheck</c> → <c>.HealthCheck</c> (anywhere in the text, string literals included).</summary>
    public static string NormalizeInspectFormat(string format, bool isImage)
    {
        string row = InspectIdRegex().Replace(format, "{{.ID}}");
        (string Old, string New)[] pairs = isImage
            ? [(".Src", ".Source"), (".Dst", ".Destination"), (".ImageID", ".Image"), (".Config.Healthcheck", ".HealthCheck")]
            : [(".Src", ".Source"), (".Dst", ".Destination"), (".ImageID", ".Image")];
        var sb = new StringBuilder(row.Length + 16);
        for (int i = 0; i < row.Length;)
        {
            bool replaced = false;
            foreach (var (old, replacement) in pairs)
            {
                if (string.CompareOrdinal(row, i, old, 0, old.Length) == 0 && i + old.Length <= row.Length)
                {
                    sb.Append(replacement);
                    i += old.Length;
                    replaced = true;
                    break;
                }
            }
            if (!replaced)
            {
                sb.Append(row[i]);
                i++;
            }
        }
        return sb.ToString();
    }

    /// <summary>podman's <c>report.Headers</c>: each field's header is its name split at camelCase and upper-cased,
    /// unless overridden (overrides are upper-cased too).</summary>
    public static Dictionary<string, string> Headers(IEnumerable<string> fieldNames, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in fieldNames)
        {
            headers[name] = CamelCase.ToHeader(name);
        }
        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                headers[key] = value.ToUpperInvariant();
            }
        }
        return headers;
    }

    /// <summary>Parses <paramref name="format"/> the way podman's <c>report.Formatter.Parse</c> does. Throws
    /// <see cref="TemplateException"/> with the error of the untranslated retry when both parses fail.</summary>
    public static ReportFormatter Create(TextWriter output, string name, string format, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(format);
        options ??= new ReportOptions();
        bool renderTable = false;
        string normText;
        string fallback;
        if (HasTable(format))
        {
            renderTable = true;
            normText = "{{range .}}" + NormalizeFormat(format) + "{{end -}}";
            fallback = "{{range .}}" + format + "{{end -}}";
        }
        else if (options.Origin == ReportOrigin.User)
        {
            normText = EnforceRange(NormalizeFormat(format));
            fallback = EnforceRange(format);
        }
        else
        {
            normText = NormalizeFormat(format);
            fallback = format;
        }
        bool renderHeaders = renderTable || options.Origin == ReportOrigin.Podman;
        var functions = MergeFunctions(options.Functions);
        GoTemplate template;
        string text;
        try
        {
            template = GoTemplate.Parse(name, normText, functions);
            text = normText;
        }
        catch (TemplateException)
        {
            template = GoTemplate.Parse(name, fallback, functions);
            text = fallback;
        }
        var tabWriter = renderHeaders ? TabWriter.ForReport(output) : null;
        return new ReportFormatter(output, tabWriter, template, text, renderTable, renderHeaders, options);
    }

    private static IReadOnlyDictionary<string, TemplateFunction> MergeFunctions(IReadOnlyDictionary<string, TemplateFunction>? extra)
    {
        if (extra is null || extra.Count == 0)
        {
            return ReportFunctions.Default;
        }
        var merged = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        foreach (var (key, value) in ReportFunctions.Default)
        {
            merged[key] = value;
        }
        foreach (var (key, value) in extra)
        {
            merged[key] = value;
        }
        return merged;
    }

    /// <summary>Writes the header row: the template run over a map from each field name to its header, as podman does,
    /// so literal text and functions in the format apply to it. Does nothing unless <see cref="RenderHeaders"/> and not NoHeading.</summary>
    public void WriteHeader(IEnumerable<string> fieldNames)
    {
        if (!RenderHeaders || _options.NoHeading)
        {
            return;
        }
        var headers = Headers(fieldNames, _options.HeaderOverrides);
        Execute(new GoSlice("[]map[string]string", [headers]));
    }

    /// <summary>Runs the template over <paramref name="data"/> (for list formats: the whole list, as podman does).
    /// Output written before an error stays written.</summary>
    public void Execute(object? data) => Template.Execute(Writer, data);

    /// <summary>Writes one row: the template run over a one-element list of <paramref name="row"/>, which is what
    /// podman's list commands pass per item. For <see cref="ReportOrigin.Unknown"/> (single objects such as
    /// <c>version</c>) the template runs over the object itself, as podman does — so a <c>table</c> format fails
    /// there with Go's "range can't iterate over …", like podman.</summary>
    public void WriteRow(object? row)
    {
        if (_options.Origin == ReportOrigin.Unknown)
        {
            Execute(row);
            return;
        }
        string type = "[]" + GoValues.TypeName(row);
        if (_rowSlice is null || _rowSliceType != type)
        {
            _rowSlice = new GoSlice(type, _rowBuffer);
            _rowSliceType = type;
        }
        _rowBuffer[0] = row;
        try
        {
            Execute(_rowSlice);
        }
        finally
        {
            _rowBuffer[0] = null;
        }
    }

    /// <summary>Writes out what the tabwriter holds (also after an error, like podman's deferred Flush).</summary>
    public void Flush()
    {
        if (_tabWriter is not null)
        {
            _tabWriter.Flush();
        }
        else
        {
            _output.Flush();
        }
    }

    public void Dispose() => Flush();
}
