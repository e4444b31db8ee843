using System.Text.Json;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>One field of a view: its Go name (templates), its JSON name (json/yaml output) and its value.</summary>
public readonly record struct ViewField(string GoName, string JsonName, object? Value, bool OmitEmpty = false);

/// <summary>
/// The one output representation of an engine object: a Go-shaped struct that templates read by Go field
/// name, and that JSON (and so YAML) output writes by JSON name, in declaration order. Every listing and
/// inspect command builds these from engine records; nothing else formats them.
/// </summary>
public sealed class ViewObject : ITemplateObject, IJsonWritable
{
    private readonly ViewField[] _fields;
    private readonly string[] _names;

    public ViewObject(string goTypeName, params ViewField[] fields)
    {
        GoTypeName = goTypeName;
        _fields = fields;
        _names = Array.ConvertAll(fields, f => f.GoName);
    }

    public string GoTypeName { get; }

    public IReadOnlyList<string> FieldNames => _names;

    public bool TryGetField(string name, out object? value)
    {
        foreach (var f in _fields)
        {
            if (f.GoName == name)
            {
                value = f.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var f in _fields)
        {
            if (f.OmitEmpty && IsEmpty(f.Value))
            {
                continue;
            }

            writer.WritePropertyName(f.JsonName);
            GoJson.WriteValue(writer, f.Value);
        }

        writer.WriteEndObject();
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null or Berth.Templates.GoTypedNil => true,
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };
}

/// <summary>JSON text of views the way podman's commands print it (Go's encoding/json: HTML characters escaped).</summary>
public static class ViewJson
{
    /// <summary>Compact, as <c>json.Marshal</c>.</summary>
    public static string Compact(object? value) => GoJson.Serialize(value, escapeHtml: true);

    /// <summary>Two-space indented, as <c>json.MarshalIndent(v, "", "  ")</c> (<c>info --format json</c>).</summary>
    public static string Indented(object? value, string indent = "  ") => GoJson.Serialize(value, escapeHtml: true, indent: indent);
}
