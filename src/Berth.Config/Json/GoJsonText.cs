using System.Text;
using System.Text.Json;

namespace Berth.Config;

/// <summary>Go's JSON text transformations: <c>json.Compact</c> with HTML escaping, <c>json.Indent</c>, string encoding.</summary>
internal static class GoJsonText
{
    private const string Hex = "0123456789abcdef";

    /// <summary>Parses already validated JSON; null when System.Text.Json refuses what Go accepts (invalid UTF-8).</summary>
    public static JsonDocument? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = GoJsonScanner.MaxDepth + 1 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string value as Go decodes it (invalid escapes of surrogates become U+FFFD).</summary>
    public static string GetString(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "\uFFFD";
        }
    }

    /// <summary>Go's <c>encodeState.string</c> with HTML escaping.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"' or '\\':
                    sb.Append('\\').Append((char)v);
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < 0x20 or '<' or '>' or '&':
                    sb.Append("\\u00").Append(Hex[v >> 4]).Append(Hex[v & 0xF]);
                    break;
                case 0x2028 or 0x2029:
                    sb.Append("\\u202").Append(Hex[v & 0xF]);
                    break;
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>compact(…, escapeHTML: true)</c> of valid JSON text: whitespace outside strings dropped,
    /// <c>&lt; &gt; &amp;</c> U+2028 U+2029 escaped, everything else (including existing escapes) kept.</summary>
    public static string Compact(string json)
    {
        var sb = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            if (c is '<' or '>' or '&' or '\u2028' or '\u2029')
            {
                sb.Append(c < 0x80 ? "\\u00" : "\\u").Append(c < 0x80 ? $"{Hex[c >> 4]}{Hex[c & 0xF]}" : $"202{Hex[c & 0xF]}");
                continue;
            }

            if (inString)
            {
                sb.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            inString = c == '"';
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Go's <c>json.Indent(dst, compact, "", indent)</c>: empty objects and arrays stay <c>{}</c> and <c>[]</c>.</summary>
    public static string Indent(string compact, string indent)
    {
        var sb = new StringBuilder(compact.Length * 2);
        var depth = 0;
        var needIndent = false;
        var inString = false;
        var escaped = false;
        foreach (var c in compact)
        {
            if (inString)
            {
                sb.Append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (needIndent && c is not ('}' or ']'))
            {
                needIndent = false;
                depth++;
                NewLine(sb, indent, depth);
            }

            switch (c)
            {
                case '{' or '[':
                    needIndent = true;
                    sb.Append(c);
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, indent, depth);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case '}' or ']':
                    if (needIndent)
                    {
                        needIndent = false;
                    }
                    else
                    {
                        depth--;
                        NewLine(sb, indent, depth);
                    }

                    sb.Append(c);
                    break;
                default:
                    inString = c == '"';
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, string indent, int depth)
    {
        sb.Append('\n');
        for (var i = 0; i < depth; i++)
        {
            sb.Append(indent);
        }
    }
}
