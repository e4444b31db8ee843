using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>Writes view values as Go's encoding/json would: maps with sorted keys, HTML characters escaped.</summary>
public static class JsonValueWriter
{
    /// <summary>Go's json escaping: &lt; &gt; &amp; and U+2028/2029 escaped, other non-ASCII text kept as UTF-8.</summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
            case GoTypedNil:
                writer.WriteNullValue();
                break;
            case IJsonWritable w:
                w.WriteJson(writer);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case uint u:
                writer.WriteNumberValue(u);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
                break;
            case IDictionary dict:
                writer.WriteStartObject();
                foreach (var key in dict.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, dict[key]);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (k, v) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(k);
                    Write(writer, v);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> stringPairs:
                writer.WriteStartObject();
                foreach (var (k, v) in stringPairs.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(k, v);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>The value as indented JSON text (two spaces, as podman prints --format json).</summary>
    public static string ToIndentedJson(object? value) => ToJson(value, indented: true);

    public static string ToJson(object? value, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Encoder, IndentSize = 2 }))
        {
            Write(writer, value);
        }

        return global::System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
