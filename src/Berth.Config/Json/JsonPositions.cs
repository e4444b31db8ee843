using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>
/// A pass over a JSON document with <see cref="Utf8JsonReader"/> before it is deserialised: reports syntax
/// errors and duplicate keys with their position, and remembers where every value is so that later semantic
/// errors (found on the deserialised objects) can name a line and column too.
/// </summary>
internal sealed partial class JsonPositions
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly int[] _lineStarts;

    private JsonPositions(byte[] utf8) => _lineStarts = LineStarts(utf8);

    /// <summary>Scans <paramref name="utf8"/>; <paramref name="rejectDuplicates"/> makes a repeated key an error.</summary>
    public static JsonPositions Scan(string file, byte[] utf8, bool rejectDuplicates)
    {
        var positions = new JsonPositions(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                throw ConfigErrors.Invalid(file, new SourcePosition(1, 1), "invalid JSON: the file is empty (fix or remove the file)");
            }

            positions.Walk(file, ref reader, "", rejectDuplicates);
            if (reader.Read())
            {
                throw ConfigErrors.Invalid(file, positions.At(reader.TokenStartIndex), "invalid JSON: unexpected data after the top-level value (fix or remove the file)");
            }
        }
        catch (JsonException e)
        {
            throw FromJsonException(file, e, null);
        }

        return positions;
    }

    /// <summary>The position of the value at <paramref name="path"/> (property name for object members).</summary>
    public SourcePosition? Find(string path) => _positions.TryGetValue(path, out var p) ? p : null;

    /// <summary>Turns a <see cref="JsonException"/> into a BerthException naming the file, line and column.</summary>
    public static BerthException FromJsonException(string file, JsonException e, string? what)
    {
        var position = e.LineNumber is { } line
            ? new SourcePosition((int)line + 1, (int)(e.BytePositionInLine ?? 0) + 1)
            : (SourcePosition?)null;
        // A serializer type mismatch has no inner exception (a reader error inside Deserialize does) and a
        // message naming .NET types: describe it by its JSON path instead.
        var typeMismatch = e.InnerException is null && !string.IsNullOrEmpty(e.Path) && e.Path != "$"
            && e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        var message = what
            ?? (typeMismatch
                ? $"invalid JSON: {FromSerializerPath(e.Path)} has the wrong JSON type"
                : "invalid JSON: " + LowerFirst(ReaderAdvice().Replace(LocationSuffix().Replace(e.Message, ""), "").Trim().TrimEnd('.')));
        return new BerthException(ErrorKind.InvalidArgument,
            position is { } p ? $"{file}:{p}: {message} (fix or remove the file)" : $"{file}: {message} (fix or remove the file)", e);
    }

    /// <summary>
    /// Converts a System.Text.Json exception path (<c>$.a.b['c.d'][0]</c>) to the display path used here
    /// (<c>a.b["c.d"][0]</c>).
    /// </summary>
    public static string FromSerializerPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "";
        }

        var result = "";
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                result = Member(result, path[(i + 1)..end]);
                i = end;
            }
            else if (i + 1 < path.Length && path[i] == '[' && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                result = Member(result, path[(i + 2)..end]);
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                result += path[i..Math.Min(path.Length, end + 1)];
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return result;
    }

    /// <summary>The display path of a member: <c>transports.docker["example.com"][0].keyType</c>.</summary>
    public static string Member(string parent, string name)
    {
        var simple = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return simple
            ? (parent.Length == 0 ? name : parent + "." + name)
            : parent + "[\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }

    /// <summary>The display path of an array element.</summary>
    public static string Element(string parent, int index) => $"{parent}[{index}]";

    private void Walk(string file, ref Utf8JsonReader reader, string path, bool rejectDuplicates)
    {
        _positions.TryAdd(path, At(reader.TokenStartIndex));
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    var memberPath = Member(path, name);
                    var namePosition = At(reader.TokenStartIndex);
                    if (!seen.Add(name) && rejectDuplicates)
                    {
                        throw ConfigErrors.Invalid(file, namePosition, $"invalid JSON: duplicate key \"{name}\" (fix or remove the file)");
                    }

                    _positions[memberPath] = namePosition;
                    reader.Read();
                    Walk(file, ref reader, memberPath, rejectDuplicates);
                }

                break;
            case JsonTokenType.StartArray:
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Walk(file, ref reader, Element(path, index++), rejectDuplicates);
                }

                break;
        }
    }

    private SourcePosition At(long byteOffset)
    {
        var line = Array.BinarySearch(_lineStarts, (int)byteOffset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourcePosition(line + 1, (int)byteOffset - _lineStarts[line] + 1);
    }

    private static int[] LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static string LowerFirst(string s) =>
        s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>The " Path: $.x | LineNumber: 0 | BytePositionInLine: 5." tail System.Text.Json adds to messages.</summary>
    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$|\s*Path: \S*\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationSuffix();

    /// <summary>Advice aimed at .NET programmers ("Change the reader options.") that means nothing to a user.</summary>
    [GeneratedRegex(@"\.?\s*Change the reader options\.?", RegexOptions.CultureInvariant)]
    private static partial Regex ReaderAdvice();
}
