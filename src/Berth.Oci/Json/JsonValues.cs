using System.Text.Json;

namespace Berth.Oci.Json;

/// <summary>
/// Pieces for readers that walk a document with <see cref="Utf8JsonReader"/> instead of System.Text.Json's metadata
/// (<see cref="ImageConfigurationReader"/>, the seccomp profile reader): each reads the value the reader is on, with
/// the same rules as System.Text.Json's own converters (JSON null gives null; a value of another kind is a
/// <see cref="JsonException"/> naming the path).
/// </summary>
public static class JsonValues
{
    /// <summary>Reads one value of <typeparamref name="T"/> where the reader stands.</summary>
    public delegate T ValueReader<out T>(ref Utf8JsonReader r);

    /// <summary>
    /// The whole of <paramref name="json"/> read by <paramref name="read"/>: null for a JSON null document, and nothing but
    /// white space may follow the value.
    /// </summary>
    public static T? Document<T>(ReadOnlySpan<byte> json, JsonReaderOptions options, ValueReader<T> read)
        where T : class
    {
        var reader = new Utf8JsonReader(json, options);
        Next(ref reader, "$");
        var result = reader.TokenType == JsonTokenType.Null ? null : read(ref reader);
        End(ref reader);
        return result;
    }

    /// <summary>A JSON array of values read by <paramref name="read"/> (JSON null elements stay null); null for JSON null.</summary>
    public static List<T>? List<T>(ref Utf8JsonReader r, string at, ValueReader<T> read)
        where T : class
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref r, JsonTokenType.StartArray, at, "a list");
        var items = new List<T>();
        while (NextElement(ref r, at))
        {
            items.Add(r.TokenType == JsonTokenType.Null ? null! : read(ref r));
        }

        return items;
    }

    public static T Skipped<T>(ref Utf8JsonReader r, T value)
    {
        r.Skip();
        return value;
    }

    /// <summary>Moves to the next token; the document may not end here.</summary>
    public static void Next(ref Utf8JsonReader r, string at)
    {
        if (!r.Read())
        {
            throw new JsonException($"The JSON ends early. Path: {at}.");
        }
    }

    /// <summary>At the start of an object's member: its name, with the reader on its value; null at the object's end.</summary>
    public static string? NextMember(ref Utf8JsonReader r, string at)
    {
        Next(ref r, at);
        if (r.TokenType == JsonTokenType.EndObject)
        {
            return null;
        }

        var name = r.GetString()!;
        Next(ref r, at);
        return name;
    }

    /// <summary>Inside an array: true with the reader on the next element, false at the array's end.</summary>
    public static bool NextElement(ref Utf8JsonReader r, string at)
    {
        Next(ref r, at);
        return r.TokenType != JsonTokenType.EndArray;
    }

    public static void ExpectObject(ref Utf8JsonReader r, string at, string type) =>
        Expect(ref r, JsonTokenType.StartObject, at, type);

    public static void Expect(ref Utf8JsonReader r, JsonTokenType token, string at, string what)
    {
        if (r.TokenType != token)
        {
            throw Mismatch(ref r, at, what);
        }
    }

    public static JsonException Mismatch(ref Utf8JsonReader r, string at, string what) =>
        new($"The JSON value could not be converted to {what}. Path: {at} | BytePosition: {r.TokenStartIndex}.");

    public static void Required(string type, params ReadOnlySpan<(string Name, bool Present)> members)
    {
        var missing = new List<string>();
        foreach (var (name, present) in members)
        {
            if (!present)
            {
                missing.Add($"'{name}'");
            }
        }

        if (missing.Count > 0)
        {
            throw new JsonException($"JSON deserialization for type '{type}' was missing required properties including: {string.Join(", ", missing)}.");
        }
    }

    public static string? Text(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a string"),
    };

    public static bool? Flag(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a boolean"),
    };

    public static long? Int64(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.Number when r.TryGetInt64(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a 64-bit integer"),
    };

    public static int? Int32(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.Number when r.TryGetInt32(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a 32-bit integer"),
    };

    public static uint? UInt32(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.Number when r.TryGetUInt32(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a 32-bit unsigned integer"),
    };

    public static ulong? UInt64(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.Number when r.TryGetUInt64(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a 64-bit unsigned integer"),
    };

    /// <summary>After the document's value: nothing but white space may follow.</summary>
    public static void End(ref Utf8JsonReader r)
    {
        if (r.Read())
        {
            throw new JsonException($"'{r.TokenType}' is invalid after a single JSON value. Expected end of data.");
        }
    }

    public static DateTimeOffset? Time(ref Utf8JsonReader r, string at) => r.TokenType switch
    {
        JsonTokenType.String when r.TryGetDateTimeOffset(out var value) => value,
        JsonTokenType.Null => null,
        _ => throw Mismatch(ref r, at, "a date and time (ISO 8601)"),
    };

    public static List<string>? Texts(ref Utf8JsonReader r, string at)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref r, JsonTokenType.StartArray, at, "a list of strings");
        var items = new List<string>();
        while (NextElement(ref r, at))
        {
            items.Add(Text(ref r, at + "[]")!);
        }

        return items;
    }

    public static Dictionary<string, string>? TextMap(ref Utf8JsonReader r, string at)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref r, at, "a map of strings");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (NextMember(ref r, at) is { } key)
        {
            map[key] = Text(ref r, at + "." + key)!;
        }

        return map;
    }
}
