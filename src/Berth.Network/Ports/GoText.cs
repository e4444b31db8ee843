using System.Globalization;
using System.Text;

namespace Berth.Network.Ports;

/// <summary>
/// Go's strconv number parsing and <c>%q</c> quoting, with Go's error texts: podman's port parsing puts them in its
/// messages (<c>invalid port number: strconv.Atoi: parsing "abc": invalid syntax</c>).
/// </summary>
internal static class GoText
{
    /// <summary>strconv.Atoi: an optional sign and decimal digits that fit an int64; else Go's NumError text.</summary>
    public static bool TryAtoi(string s, out long value, out string error)
    {
        value = 0;
        error = "";
        var digits = s.AsSpan();
        var negative = false;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        ulong n = 0;
        var overflow = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                // ParseUint stops at the first overflow, so an overlong number reports the range before a bad digit.
                error = $"strconv.Atoi: parsing {Quote(s)}: {(overflow ? "value out of range" : "invalid syntax")}";
                return false;
            }

            if (!overflow)
            {
                var next = (n * 10) + (ulong)(c - '0');
                overflow = n > ulong.MaxValue / 10 || next < n;
                n = next;
            }
        }

        if (digits.Length == 0)
        {
            error = $"strconv.Atoi: parsing {Quote(s)}: invalid syntax";
            return false;
        }

        if (overflow || n > (negative ? 1UL << 63 : long.MaxValue))
        {
            error = $"strconv.Atoi: parsing {Quote(s)}: value out of range";
            return false;
        }

        value = negative ? (long)(0 - n) : (long)n;
        return true;
    }

    /// <summary>strconv.ParseUint(s, 10, 16): decimal digits only (no sign), at most 65535.</summary>
    public static bool TryParseUint16(string s, out ushort value, out string error)
    {
        value = 0;
        error = "";
        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
        {
            error = $"strconv.ParseUint: parsing {Quote(s)}: invalid syntax";
            return false;
        }

        if (!ushort.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"strconv.ParseUint: parsing {Quote(s)}: value out of range";
            return false;
        }

        return true;
    }

    /// <summary>Go's <c>%q</c> of a string (strconv.Quote): double quotes, backslash escapes for the unprintable.</summary>
    public static string Quote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\a': b.Append("\\a"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\v': b.Append("\\v"); break;
                case < 0x20 or 0x7f: b.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default: b.Append(rune.ToString()); break;
            }
        }

        return b.Append('"').ToString();
    }
}
