using System.Collections;
using System.Text.Json;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>A Go struct as podman declares it: fields in declaration order with their JSON names and
/// <c>omitempty</c>, methods (which Go looks up before fields), and embedded structs whose fields and methods are
/// promoted and whose JSON fields are inlined.</summary>
internal sealed class GoStructModel : ITemplateObject, IJsonWritable
{
    private readonly List<Field> _fields = [];
    private readonly Dictionary<string, Func<object?>> _methods = new(StringComparer.Ordinal);

    private sealed record Field(string GoName, string JsonName, bool OmitEmpty, object? Value, bool Embedded, bool JsonHidden);

    public GoStructModel(string goTypeName) => GoTypeName = goTypeName;

    public string GoTypeName { get; }

    public IReadOnlyList<string> FieldNames => _fields.Select(f => f.GoName).ToArray();

    public GoStructModel Add(string goName, object? value, string? json = null, bool omitEmpty = false, bool jsonHidden = false)
    {
        _fields.Add(new Field(goName, json ?? goName, omitEmpty, value, Embedded: false, jsonHidden));
        return this;
    }

    /// <summary>An embedded (anonymous) struct field: printed as a nested struct, its members promoted.</summary>
    public GoStructModel Embed(GoStructModel embedded)
    {
        _fields.Add(new Field(embedded.GoTypeName[(embedded.GoTypeName.LastIndexOf('.') + 1)..], string.Empty, false, embedded, Embedded: true, JsonHidden: false));
        return this;
    }

    public GoStructModel Method(string name, Func<object?> body)
    {
        _methods[name] = body;
        return this;
    }

    public bool TryGetField(string name, out object? value)
    {
        if (_methods.TryGetValue(name, out var method))
        {
            value = method();
            return true;
        }
        foreach (var field in _fields)
        {
            if (field.GoName == name)
            {
                value = field.Value;
                return true;
            }
        }
        foreach (var field in _fields)
        {
            if (field.Embedded && ((GoStructModel)field.Value!).TryGetField(name, out value))
            {
                return true;
            }
        }
        value = null;
        return false;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteMembers(writer);
        writer.WriteEndObject();
    }

    private void WriteMembers(Utf8JsonWriter writer)
    {
        foreach (var field in _fields)
        {
            if (field.Embedded)
            {
                ((GoStructModel)field.Value!).WriteMembers(writer);
                continue;
            }
            if (field.JsonHidden || (field.OmitEmpty && IsEmpty(field.Value)))
            {
                continue;
            }
            writer.WritePropertyName(field.JsonName);
            GoJson.WriteValue(writer, field.Value);
        }
    }

    /// <summary>Go's omitempty test: false, 0, "", nil, and empty slices and maps.</summary>
    private static bool IsEmpty(object? value) => value switch
    {
        null or GoTypedNil => true,
        GoInterface i => i.Value is null,
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        ICollection c => c.Count == 0,
        _ => false,
    };
}
