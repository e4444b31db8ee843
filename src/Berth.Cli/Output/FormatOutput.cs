using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>Prints views through podman's <c>--format</c> rules (JSON, Go template, <c>table</c>).</summary>
public static class FormatOutput
{
    /// <summary>
    /// One object (info, version): <c>json</c>/<c>{{json .}}</c> prints the command's own JSON text, anything else is a
    /// template run once. <paramref name="templateName"/> is the name Go's errors cite (podman uses the command's).
    /// </summary>
    public static void WriteOne(TextWriter output, string templateName, string format, object view, Func<string> json)
    {
        if (ReportFormatter.IsJson(format))
        {
            output.Write(json());
            return;
        }

        using var formatter = ReportFormatter.Create(output, templateName, format, new ReportOptions { Origin = ReportOrigin.Unknown });
        formatter.WriteRow(view);
        formatter.Flush();
    }
}
