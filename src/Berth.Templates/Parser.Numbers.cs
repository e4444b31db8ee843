using System.Globalization;
using System.Numerics;

namespace Berth.Templates;

/// <summary>Number literals: Go's <c>newNumber</c> and the <c>strconv</c> parsing it relies on.</summary>
internal sealed partial class Parser
{
    private NumberNode NewNumber(int pos, string text, ItemType type)
    {
        var n = new NumberNode(pos, text);
        if (type == ItemType.CharConstant)
        {
            int rune = GoStrconv.UnquoteCharConstant(text, out bool malformedTail);
            if (malformedTail)
            {
                throw Error($"malformed character constant: {text}");
            }
            if (rune < 0)
            {
                throw Error("invalid syntax");
            }
            n.Int64 = rune;
            n.IsInt = true;
            n.Uint64 = (ulong)rune;
            n.IsUint = true;
            n.Float64 = rune;
            n.IsFloat = true;
            return n;
        }
        if (type == ItemType.Complex)
        {
            // e.g. 1+2i: the real part, then a signed imaginary part.
            int split = -1;
            for (int k = text.Length - 2; k > 0; k--)
            {
                if (text[k] is '+' or '-' && text[k - 1] is not ('e' or 'E' or 'p' or 'P'))
                {
                    split = k;
                    break;
                }
            }
            if (split < 0 || !TryParseGoFloat(text[..split], out double re) || !TryParseGoFloat(text[split..^1], out double im))
            {
                throw Error($"illegal number syntax: {GoStrconv.Quote(text)}");
            }
            n.IsComplex = true;
            n.Complex = new System.Numerics.Complex(re, im);
            if (im == 0)
            {
                SimplifyComplex(n, re);
            }
            return n;
        }
        if (text.EndsWith('i') && TryParseGoFloat(text[..^1], out double imaginary))
        {
            n.IsComplex = true;
            n.Complex = new System.Numerics.Complex(0, imaginary);
            if (imaginary == 0)
            {
                SimplifyComplex(n, 0);
            }
            return n;
        }
        bool uintOk = TryParseGoUint(text, out ulong u);
        if (uintOk)
        {
            n.IsUint = true;
            n.Uint64 = u;
        }
        if (TryParseGoInt(text, out long i))
        {
            n.IsInt = true;
            n.Int64 = i;
            if (i == 0)
            {
                n.IsUint = true;
                n.Uint64 = u;
            }
        }
        if (n.IsInt)
        {
            n.IsFloat = true;
            n.Float64 = n.Int64;
        }
        else if (n.IsUint)
        {
            n.IsFloat = true;
            n.Float64 = n.Uint64;
        }
        else if (TryParseGoFloat(text, out double f))
        {
            if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0)
            {
                throw Error($"integer overflow: {GoStrconv.Quote(text)}");
            }
            n.IsFloat = true;
            n.Float64 = f;
            if (!n.IsInt && Math.Abs(f) < 9.2233720368547758e18 && (double)(long)f == f)
            {
                n.IsInt = true;
                n.Int64 = (long)f;
            }
            if (!n.IsUint && f >= 0 && f < 1.8446744073709552e19 && (double)(ulong)f == f)
            {
                n.IsUint = true;
                n.Uint64 = (ulong)f;
            }
        }
        if (!n.IsInt && !n.IsUint && !n.IsFloat)
        {
            throw Error($"illegal number syntax: {GoStrconv.Quote(text)}");
        }
        return n;
    }

    private static void SimplifyComplex(NumberNode n, double real)
    {
        n.IsFloat = true;
        n.Float64 = real;
        if (Math.Abs(real) < 9.2233720368547758e18 && (double)(long)real == real)
        {
            n.IsInt = true;
            n.Int64 = (long)real;
        }
        if (real >= 0 && real < 1.8446744073709552e19 && (double)(ulong)real == real)
        {
            n.IsUint = true;
            n.Uint64 = (ulong)real;
        }
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c>: base prefixes 0x, 0o, 0b, leading 0 for octal, underscores.</summary>
    private static bool TryParseGoUint(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0 || s[0] == '-' || s[0] == '+')
        {
            return false;
        }
        return TryParseMagnitude(s, out var big) && big <= ulong.MaxValue && (value = (ulong)big) == big;
    }

    private static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        bool neg = false;
        string body = s;
        if (s[0] is '+' or '-')
        {
            neg = s[0] == '-';
            body = s[1..];
        }
        if (!TryParseMagnitude(body, out var big))
        {
            return false;
        }
        if (neg)
        {
            big = -big;
        }
        if (big < long.MinValue || big > long.MaxValue)
        {
            return false;
        }
        value = (long)big;
        return true;
    }

    private static bool TryParseMagnitude(string s, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (s.Length == 0 || (s.Contains('_', StringComparison.Ordinal) && !UnderscoreOk(s)))
        {
            return false;
        }
        s = s.Replace("_", string.Empty, StringComparison.Ordinal);
        int numberBase = 10;
        int i = 0;
        if (s[0] == '0' && s.Length > 1)
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x':
                    numberBase = 16;
                    i = 2;
                    break;
                case 'o':
                    numberBase = 8;
                    i = 2;
                    break;
                case 'b':
                    numberBase = 2;
                    i = 2;
                    break;
                default:
                    numberBase = 8;
                    i = 1;
                    break;
            }
        }
        if (i >= s.Length && i == 2)
        {
            return false;
        }
        for (; i < s.Length; i++)
        {
            char c = s[i];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= numberBase)
            {
                return false;
            }
            value = (value * numberBase) + d;
        }
        return true;
    }

    /// <summary>Go's <c>underscoreOK</c>: underscores only between digits (or after a base prefix).</summary>
    private static bool UnderscoreOk(string s)
    {
        char saw = '^';
        int i = 0;
        if (s.Length >= 1 && s[0] is '-' or '+')
        {
            s = s[1..];
        }
        bool hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.ToLowerInvariant(c) is >= 'a' and <= 'f'))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_')
            {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /// <summary>Go's <c>strconv.ParseFloat</c> for the literal forms the lexer accepts (decimal, hex floats, underscores).</summary>
    internal static bool TryParseGoFloat(string s, out double value)
    {
        value = 0;
        string t = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (t.Length == 0)
        {
            return false;
        }
        bool neg = false;
        if (t[0] is '+' or '-')
        {
            neg = t[0] == '-';
            t = t[1..];
        }
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseHexFloat(t[2..], out value))
            {
                return false;
            }
        }
        else
        {
            foreach (char c in t)
            {
                if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-'))
                {
                    return false;
                }
            }
            if (!double.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }
        if (neg)
        {
            value = -value;
        }
        return !double.IsInfinity(value);
    }

    private static bool TryParseHexFloat(string s, out double value)
    {
        value = 0;
        int p = s.IndexOfAny(['p', 'P']);
        if (p < 0)
        {
            return false;
        }
        string mantissa = s[..p];
        if (!int.TryParse(s[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int exp))
        {
            return false;
        }
        double m = 0;
        int dot = mantissa.IndexOf('.');
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int fracDigits = dot >= 0 ? mantissa.Length - dot - 1 : 0;
        if (digits.Length == 0)
        {
            return false;
        }
        foreach (char c in digits)
        {
            int d = Uri.IsHexDigit(c) ? Convert.ToInt32(c.ToString(), 16) : -1;
            if (d < 0)
            {
                return false;
            }
            m = m * 16 + d;
        }
        value = m * Math.Pow(2, exp - (4 * fracDigits));
        return true;
    }
}
