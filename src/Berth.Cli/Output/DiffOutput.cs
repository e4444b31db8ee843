using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>podman diff --format json: ChangesReportJSON, encoded by a json.Encoder with a five-space indent.</summary>
public static class DiffOutput
{
    public static string Json(IReadOnlyList<FileChange> changes)
    {
        List<string> Of(FileChangeKind kind) => changes.Where(c => c.Kind == kind).Select(c => c.Path).ToList();
        var report = new GoStruct("diff.ChangesReportJSON")
            .Add("Changed", Of(FileChangeKind.Modify), json: "changed", omitEmpty: true)
            .Add("Added", Of(FileChangeKind.Add), json: "added", omitEmpty: true)
            .Add("Deleted", Of(FileChangeKind.Delete), json: "deleted", omitEmpty: true);
        return GoJson.Serialize(report, escapeHtml: true, indent: "     ") + "\n";
    }
}
