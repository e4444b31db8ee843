using System.Globalization;
using System.Text;

namespace Berth.Templates;

/// <summary>The parts of Go's <c>strconv</c> and <c>unicode</c> the engine needs: quoting, unquoting, printability.</summary>
internal static class GoStrconv
{
    private const string LowerHex = "0123456789abcdef";

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int rune)
    {
        if (rune == ' ')
        {
            return true;
        }
        if (rune < 0 || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF))
        {
            return false;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>Go's <c>strconv.Quote</c> (or <c>QuoteToASCII</c> when <paramref name="asciiOnly"/>).</summary>
    public static string Quote(string s, bool asciiOnly = false)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s, '"', asciiOnly);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, string s, char quote, bool asciiOnly)
    {
        sb.Append(quote);
        int i = 0;
        while (i < s.Length)
        {
            var status = Rune.DecodeFromUtf16(s.AsSpan(i), out var rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // An unpaired surrogate: Go would see invalid UTF-8 bytes; show the replacement escape.
                sb.Append("\\ufffd");
                i += Math.Max(consumed, 1);
                continue;
            }
            AppendEscapedRune(sb, rune.Value, quote, asciiOnly);
            i += consumed;
        }
        sb.Append(quote);
    }

    /// <summary>Go's <c>strconv.QuoteRune</c>.</summary>
    public static string QuoteRune(int rune, bool asciiOnly = false)
    {
        if (rune < 0 || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF))
        {
            rune = 0xFFFD;
        }
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendEscapedRune(sb, rune, '\'', asciiOnly);
        sb.Append('\'');
        return sb.ToString();
    }

    private static void AppendEscapedRune(StringBuilder sb, int r, char quote, bool asciiOnly)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }
        if (asciiOnly ? r < 0x80 && IsPrint(r) : IsPrint(r))
        {
            sb.Append(char.ConvertFromUtf32(r));
            return;
        }
        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (r < ' ' || r == 0x7f)
        {
            sb.Append("\\x").Append(LowerHex[(r >> 4) & 0xF]).Append(LowerHex[r & 0xF]);
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u");
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                sb.Append(LowerHex[(r >> shift) & 0xF]);
            }
        }
        else
        {
            sb.Append("\\U");
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                sb.Append(LowerHex[(r >> shift) & 0xF]);
            }
        }
    }

    /// <summary>Go's <c>strconv.CanBackquote</c>.</summary>
    public static bool CanBackquote(string s)
    {
        foreach (var rune in s.EnumerateRunes())
        {
            int r = rune.Value;
            if (r == '`' || r == 0xFEFF || r == 0xFFFD)
            {
                return false;
            }
            if (r < ' ' && r != '\t' || r == 0x7f)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Go's <c>strconv.Unquote</c> for a "…" or `…` literal; null on a syntax error.</summary>
    public static string? Unquote(string literal)
    {
        if (literal.Length < 2)
        {
            return null;
        }
        char quote = literal[0];
        if (quote != literal[^1])
        {
            return null;
        }
        string body = literal[1..^1];
        if (quote == '`')
        {
            return body.Contains('`', StringComparison.Ordinal) ? null : body.Replace("\r", string.Empty, StringComparison.Ordinal);
        }
        if (quote != '"' && quote != '\'')
        {
            return null;
        }
        if (!body.Contains('\\', StringComparison.Ordinal) && !body.Contains(quote, StringComparison.Ordinal) && !body.Contains('\n', StringComparison.Ordinal))
        {
            if (quote == '\'' && body.EnumerateRunes().Count() != 1)
            {
                return null;
            }
            return body;
        }
        var bytes = new List<byte>(body.Length);
        int pos = 0;
        int runes = 0;
        while (pos < body.Length)
        {
            if (!TryUnquoteChar(body, ref pos, quote, bytes))
            {
                return null;
            }
            runes++;
            if (quote == '\'' && runes > 1)
            {
                return null;
            }
        }
        if (quote == '\'' && runes != 1)
        {
            return null;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Go's <c>strconv.UnquoteChar</c>: decodes one (possibly escaped) character, appending its UTF-8 bytes.</summary>
    public static bool TryUnquoteChar(string s, ref int pos, char quote, List<byte> output)
    {
        char c = s[pos];
        if (c == quote && (quote == '\'' || quote == '"'))
        {
            return false;
        }
        if (c != '\\')
        {
            var status = Rune.DecodeFromUtf16(s.AsSpan(pos), out var rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = Math.Max(consumed, 1);
            }
            AppendUtf8(output, rune.Value);
            pos += consumed;
            return true;
        }
        if (pos + 1 >= s.Length)
        {
            return false;
        }
        char e = s[pos + 1];
        pos += 2;
        switch (e)
        {
            case 'a': output.Add(7); return true;
            case 'b': output.Add(8); return true;
            case 'f': output.Add(12); return true;
            case 'n': output.Add(10); return true;
            case 'r': output.Add(13); return true;
            case 't': output.Add(9); return true;
            case 'v': output.Add(11); return true;
            case '\\': output.Add((byte)'\\'); return true;
            case '\'' or '"':
                if (e != quote)
                {
                    return false;
                }
                output.Add((byte)e);
                return true;
            case 'x' or 'u' or 'U':
                {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (pos + n > s.Length)
                    {
                        return false;
                    }
                    int v = 0;
                    for (int j = 0; j < n; j++)
                    {
                        int d = HexValue(s[pos + j]);
                        if (d < 0)
                        {
                            return false;
                        }
                        v = (v << 4) | d;
                    }
                    pos += n;
                    if (e == 'x')
                    {
                        output.Add((byte)v);
                        return true;
                    }
                    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                    {
                        return false;
                    }
                    AppendUtf8(output, v);
                    return true;
                }
            case >= '0' and <= '7':
                {
                    int v = e - '0';
                    if (pos + 2 > s.Length)
                    {
                        return false;
                    }
                    for (int j = 0; j < 2; j++)
                    {
                        int d = s[pos + j] - '0';
                        if (d < 0 || d > 7)
                        {
                            return false;
                        }
                        v = (v << 3) | d;
                    }
                    pos += 2;
                    if (v > 255)
                    {
                        return false;
                    }
                    output.Add((byte)v);
                    return true;
                }
            default:
                return false;
        }
    }

    /// <summary>Decodes a character constant such as <c>'a'</c> or <c>'\n'</c> to its code point; -1 when malformed.</summary>
    public static int UnquoteCharConstant(string text, out bool malformedTail)
    {
        malformedTail = false;
        var bytes = new List<byte>(4);
        int pos = 1;
        if (text.Length < 2 || !TryUnquoteChar(text, ref pos, '\'', bytes))
        {
            return -1;
        }
        if (text.Substring(pos) != "'")
        {
            malformedTail = true;
            return -1;
        }
        if (bytes.Count == 1)
        {
            return bytes[0];
        }
        var decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return char.ConvertToUtf32(decoded, 0);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public static void AppendUtf8(List<byte> output, int rune)
    {
        Span<byte> buffer = stackalloc byte[4];
        int n = new Rune(rune).EncodeToUtf8(buffer);
        for (int i = 0; i < n; i++)
        {
            output.Add(buffer[i]);
        }
    }

    /// <summary>Number of runes Go would count in the UTF-8 form of <paramref name="s"/>.</summary>
    public static int RuneCount(ReadOnlySpan<char> s)
    {
        int count = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            count++;
        }
        return count;
    }

    /// <summary>Length of <paramref name="s"/> in UTF-8 bytes (Go's <c>len</c> of a string).</summary>
    public static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
