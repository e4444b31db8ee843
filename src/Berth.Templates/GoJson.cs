using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Templates;

/// <summary>Thrown when a value cannot be encoded (Go's <c>json.UnsupportedValueError</c>, e.g. NaN).</summary>
public sealed class GoJsonException : Exception
{
    public GoJsonException()
    {
    }

    public GoJsonException(string message)
        : base(message)
    {
    }

    public GoJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Go's <c>encoding/json</c> output for the engine's value model, written with <see cref="Utf8JsonWriter"/>
/// and no reflection: map keys sorted, nil slices as null, times as RFC 3339 with nanoseconds, durations as
/// nanoseconds, floats in Go's form, and Go's string escaping (HTML characters optional).</summary>
public static class GoJson
{
    /// <summary>Writer options for <see cref="IJsonWritable"/> implementations; the output is normalised to Go's escaping afterwards.</summary>
    public static JsonWriterOptions WriterOptions(string? indent = null) => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = indent is not null,
        IndentCharacter = indent is { Length: > 0 } ? indent[0] : ' ',
        IndentSize = indent?.Length ?? 2,
        SkipValidation = false,
    };

    /// <summary>Encodes <paramref name="value"/> as Go's <c>json.Marshal</c> would (without the trailing newline
    /// <c>json.Encoder</c> adds). <paramref name="indent"/> is the per-level indent (only spaces or tabs).</summary>
    public static string Serialize(object? value, bool escapeHtml = false, string? indent = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(indent)))
        {
            WriteValue(writer, value);
        }
        return ToGoEscaping(buffer.WrittenSpan, escapeHtml);
    }

    /// <summary>Writes one value in Go's JSON shape; <see cref="IJsonWritable"/> implementations call this for nested values.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or NoValue or GoTypedNil:
                writer.WriteNullValue();
                return;
            case GoInterface slot:
                WriteValue(writer, slot.Value);
                return;
            case IJsonWritable writable:
                writable.WriteJson(writer);
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int or long or short or sbyte or char or GoNamedInt:
                writer.WriteNumberValue(GoValues.ToInt64(value));
                return;
            case uint or ulong or ushort or byte or nuint:
                writer.WriteNumberValue(GoValues.ToUInt64(value));
                return;
            case double d:
                writer.WriteRawValue(FormatFloat(d, 64), skipInputValidation: true);
                return;
            case float f:
                writer.WriteRawValue(FormatFloat(f, 32), skipInputValidation: true);
                return;
            case TimeSpan ts:
                writer.WriteNumberValue(ts.Ticks * 100);
                return;
            case GoPointer p:
                WriteValue(writer, p.Target);
                return;
            case DateTimeOffset or DateTime or GoTimestamp:
                GoValues.TryGetTime(value, out var time);
                writer.WriteStringValue(FormatTime(time));
                return;
            case ITemplateObject obj:
                writer.WriteStartObject();
                foreach (var name in obj.FieldNames)
                {
                    writer.WritePropertyName(name);
                    obj.TryGetField(name, out var field);
                    WriteValue(writer, field);
                }
                writer.WriteEndObject();
                return;
            case byte[] bytes:
                writer.WriteStringValue(Convert.ToBase64String(bytes));
                return;
        }
        if (GoMaps.IsMap(value))
        {
            WriteMap(writer, value);
            return;
        }
        if (value is IEnumerable list)
        {
            writer.WriteStartArray();
            foreach (var item in list)
            {
                WriteValue(writer, item);
            }
            writer.WriteEndArray();
            return;
        }
        writer.WriteStringValue(value.ToString());
    }

    private static void WriteMap(Utf8JsonWriter writer, object map)
    {
        var entries = GoMaps.SortedEntries(map);
        var keyed = new List<KeyValuePair<string, object?>>(entries.Count);
        foreach (var entry in entries)
        {
            string key = entry.Key switch
            {
                string s => s,
                IGoStringer st => st.GoString(),
                _ when GoValues.IsIntegerLike(entry.Key) => GoValues.KindOf(entry.Key) == GoKind.Uint
                    ? GoValues.ToUInt64(entry.Key).ToString(CultureInfo.InvariantCulture)
                    : GoValues.ToInt64(entry.Key).ToString(CultureInfo.InvariantCulture),
                _ => entry.Key.ToString() ?? string.Empty,
            };
            keyed.Add(new KeyValuePair<string, object?>(key, entry.Value));
        }
        keyed.Sort(static (a, b) => GoMaps.CompareUtf8(a.Key, b.Key));
        writer.WriteStartObject();
        foreach (var kv in keyed)
        {
            writer.WritePropertyName(kv.Key);
            WriteValue(writer, kv.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Go's JSON float form: shortest digits, exponent form below 1e-6 or from 1e21 on, <c>e-7</c> not <c>e-07</c>.</summary>
    public static string FormatFloat(double f, int bits)
    {
        if (double.IsNaN(f) || double.IsInfinity(f))
        {
            throw new GoJsonException("json: unsupported value: " + GoFloat.Format(f, 'g', -1, bits));
        }
        double abs = Math.Abs(f);
        char fmt = 'f';
        if (abs != 0)
        {
            if ((bits == 64 && (abs < 1e-6 || abs >= 1e21)) || (bits == 32 && ((float)abs < 1e-6f || (float)abs >= 1e21f)))
            {
                fmt = 'e';
            }
        }
        string s = GoFloat.Format(f, fmt, -1, bits);
        if (fmt == 'e')
        {
            int n = s.Length;
            if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0')
            {
                s = string.Concat(s.AsSpan(0, n - 2), s.AsSpan(n - 1));
            }
        }
        return s;
    }

    /// <summary>Go's <c>Time.MarshalJSON</c>: RFC 3339 with trimmed nanoseconds.</summary>
    public static string FormatTime(GoTimestamp t)
    {
        if (t.WholeSeconds.Year > 9999)
        {
            throw new GoJsonException("Time.MarshalJSON: year outside of range [0,9999]");
        }
        return GoTime.Format(t, GoTime.RFC3339Nano);
    }

    /// <summary>Rewrites System.Text.Json's escapes into Go's: only <c>"</c>, <c>\</c>, control characters, U+2028/U+2029
    /// (and <c>&lt; &gt; &amp;</c> when <paramref name="escapeHtml"/>) are escaped, with lower-case hex.</summary>
    private static string ToGoEscaping(ReadOnlySpan<byte> utf8, bool escapeHtml)
    {
        string json = Encoding.UTF8.GetString(utf8);
        if (json.IndexOf('\\', StringComparison.Ordinal) < 0 && (!escapeHtml || json.IndexOfAny(['<', '>', '&']) < 0))
        {
            return json;
        }
        var sb = new StringBuilder(json.Length + 16);
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (escapeHtml && c is '<' or '>' or '&')
            {
                sb.Append(c switch { '<' => "\\u003c", '>' => "\\u003e", _ => "\\u0026" });
                continue;
            }
            if (c != '\\' || i + 1 >= json.Length)
            {
                sb.Append(c);
                continue;
            }
            char e = json[i + 1];
            switch (e)
            {
                case 'b':
                    sb.Append("\\u0008");
                    i++;
                    continue;
                case 'f':
                    sb.Append("\\u000c");
                    i++;
                    continue;
                case 'u':
                    break;
                default:
                    sb.Append(c).Append(e);
                    i++;
                    continue;
            }
            int code = int.Parse(json.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            i += 5;
            if (char.IsHighSurrogate((char)code) && i + 6 < json.Length + 0 && json[i + 1] == '\\' && json[i + 2] == 'u')
            {
                int low = int.Parse(json.AsSpan(i + 3, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (char.IsLowSurrogate((char)low))
                {
                    sb.Append((char)code).Append((char)low);
                    i += 6;
                    continue;
                }
            }
            if (char.IsSurrogate((char)code))
            {
                sb.Append("\\ufffd");
            }
            else if (code < 0x20 || code == 0x2028 || code == 0x2029)
            {
                sb.Append("\\u").Append(code.ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (escapeHtml && code is '<' or '>' or '&')
            {
                sb.Append("\\u").Append(code.ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (code == '"' || code == '\\')
            {
                sb.Append('\\').Append((char)code);
            }
            else
            {
                sb.Append((char)code);
            }
        }
        return sb.ToString();
    }
}
