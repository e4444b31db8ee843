using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>JSON text of views the way podman's commands print it (Go's encoding/json: HTML characters escaped).</summary>
public static class ViewJson
{
    /// <summary>Compact, as <c>json.Marshal</c>.</summary>
    public static string Compact(object? value) => GoJson.Serialize(value, escapeHtml: true);

    /// <summary>Indented, as <c>json.MarshalIndent(v, "", indent)</c> (<c>info --format json</c> uses two spaces).</summary>
    public static string Indented(object? value, string indent = "  ") => GoJson.Serialize(value, escapeHtml: true, indent: indent);
}
