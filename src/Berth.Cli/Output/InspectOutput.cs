using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>podman's inspect output: the objects as a JSON array, or the user's template run over them.</summary>
public static class InspectOutput
{
    /// <summary>
    /// After the found objects were written: exit 0, or podman's way with names that were not found — every error but
    /// the first printed as "error inspecting object: …", the first returned as the command's error.
    /// </summary>
    public static Task<int> Finish(TextWriter error, IReadOnlyList<string> errors)
    {
        if (errors.Count == 0)
        {
            return Task.FromResult(0);
        }

        foreach (var e in errors.Skip(1))
        {
            error.WriteLine("error inspecting object: " + e);
        }

        throw new BerthException(ErrorKind.NotFound, "inspecting object: " + errors[0]);
    }

    /// <summary>podman 4.3 indents inspect JSON by five spaces and does not escape HTML characters.</summary>
    private const string Indent = "     ";

    public static void Write(TextWriter output, string? format, IReadOnlyList<object?> items, bool isImage)
    {
        if (string.IsNullOrEmpty(format) || ReportFormatter.IsJson(format))
        {
            output.Write(GoJson.Serialize(items, escapeHtml: false, indent: Indent));
            output.Write('\n');
            return;
        }

        var formatter = ReportFormatter.Create(output, "inspect", ReportFormatter.NormalizeInspectFormat(format, isImage));
        try
        {
            // podman hands the template a []interface{}: field errors name "interface {}", not the struct.
            formatter.Execute(new GoSlice("[]interface {}", items));
        }
        catch (TemplateException e)
        {
            formatter.Flush();
            throw new BerthException(ErrorKind.InvalidArgument, "inspecting object: printing inspect output: " + e.Message);
        }

        formatter.Flush();
    }
}
