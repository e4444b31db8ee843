using System.Collections;
using System.Text.Json;

namespace Berth.Templates;

/// <summary>One field of a <see cref="GoStruct"/>: its Go name (templates), JSON name, value and JSON tag options.</summary>
public readonly record struct GoField(string GoName, string JsonName, object? Value, bool OmitEmpty = false, bool JsonHidden = false);

/// <summary>
/// A Go struct as podman declares it, built as data: fields in declaration order with JSON names and <c>omitempty</c>,
/// methods (looked up before fields, as Go does), and embedded structs whose fields and methods are promoted and whose
/// JSON fields are inlined. Templates read it by Go name; <c>json</c> and JSON output write it by JSON name. This is the
/// one output representation of engine objects: every command builds these, nothing else formats objects.
/// </summary>
public sealed class GoStruct : ITemplateObject, IJsonWritable
{
    private readonly List<Member> _members = [];
    private Dictionary<string, Func<object?>>? _methods;
    private string[]? _fieldNames;

    private sealed record Member(GoField Field, GoStruct? Embedded);

    public GoStruct(string goTypeName, params GoField[] fields)
    {
        GoTypeName = goTypeName;
        foreach (var f in fields)
        {
            _members.Add(new Member(f, null));
        }
    }

    public string GoTypeName { get; }

    public IReadOnlyList<string> FieldNames => _fieldNames ??= _members.Select(m => m.Field.GoName).ToArray();

    public GoStruct Add(string goName, object? value, string? json = null, bool omitEmpty = false, bool jsonHidden = false)
    {
        _members.Add(new Member(new GoField(goName, json ?? goName, value, omitEmpty, jsonHidden), null));
        _fieldNames = null;
        return this;
    }

    /// <summary>An embedded (anonymous) struct field: printed as a nested struct by %v, its members promoted.</summary>
    public GoStruct Embed(GoStruct embedded)
    {
        var name = embedded.GoTypeName[(embedded.GoTypeName.LastIndexOf('.') + 1)..].TrimStart('*');
        _members.Add(new Member(new GoField(name, "", embedded), embedded));
        _fieldNames = null;
        return this;
    }

    /// <summary>A niladic method; computed when a template asks for it.</summary>
    public GoStruct Method(string name, Func<object?> body)
    {
        (_methods ??= new Dictionary<string, Func<object?>>(StringComparer.Ordinal))[name] = body;
        return this;
    }

    public bool TryGetField(string name, out object? value)
    {
        if (_methods is not null && _methods.TryGetValue(name, out var method))
        {
            value = method();
            return true;
        }

        foreach (var m in _members)
        {
            if (m.Field.GoName == name)
            {
                value = m.Field.Value;
                return true;
            }
        }

        foreach (var m in _members)
        {
            if (m.Embedded is { } e && e.TryGetField(name, out value))
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
        foreach (var m in _members)
        {
            if (m.Embedded is { } e)
            {
                e.WriteMembers(writer);
                continue;
            }

            var f = m.Field;
            if (f.JsonHidden || (f.OmitEmpty && IsEmpty(f.Value)))
            {
                continue;
            }

            writer.WritePropertyName(f.JsonName);
            GoJson.WriteValue(writer, f.Value);
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
