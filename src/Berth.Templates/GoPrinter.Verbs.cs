using System.Text;

namespace Berth.Templates;

/// <summary>Go's per-verb formatting (fmt/format.go): integers, floats, strings, padding.</summary>
internal sealed partial class GoPrinter
{
    private void FmtBool(bool v, int verb, object arg)
    {
        if (verb is 't' or 'v')
        {
            PadString(v ? "true" : "false");
        }
        else
        {
            BadVerb(verb, arg);
        }
    }

    private void FmtInteger(ulong v, bool isSigned, int verb, object arg)
    {
        switch (verb)
        {
            case 'v':
                if (_sharpV && !isSigned)
                {
                    Fmt0x64(v, true);
                }
                else
                {
                    FmtIntegerBase(v, 10, isSigned, verb, LowerDigits);
                }
                return;
            case 'd':
                FmtIntegerBase(v, 10, isSigned, verb, LowerDigits);
                return;
            case 'b':
                FmtIntegerBase(v, 2, isSigned, verb, LowerDigits);
                return;
            case 'o' or 'O':
                FmtIntegerBase(v, 8, isSigned, verb, LowerDigits);
                return;
            case 'x':
                FmtIntegerBase(v, 16, isSigned, verb, LowerDigits);
                return;
            case 'X':
                FmtIntegerBase(v, 16, isSigned, verb, UpperDigits);
                return;
            case 'c':
                FmtC(v);
                return;
            case 'q':
                FmtQc(v);
                return;
            case 'U':
                FmtUnicode(v);
                return;
            default:
                BadVerb(verb, arg);
                return;
        }
    }

    private void Fmt0x64(ulong v, bool leading0x)
    {
        bool sharp = _sharp;
        _sharp = leading0x;
        FmtIntegerBase(v, 16, false, 'v', LowerDigits);
        _sharp = sharp;
    }

    private void FmtIntegerBase(ulong u, int numberBase, bool isSigned, int verb, string digits)
    {
        bool negative = isSigned && (long)u < 0;
        if (negative)
        {
            u = unchecked(0 - u);
        }
        int prec = 0;
        if (_precPresent)
        {
            prec = _prec;
            if (prec == 0 && u == 0)
            {
                bool oldZero = _zero;
                _zero = false;
                WritePadding(_wid);
                _zero = oldZero;
                return;
            }
        }
        else if (_zero && _widPresent)
        {
            prec = _wid;
            if (negative || _plus || _space)
            {
                prec--;
            }
        }
        var buf = new char[Math.Max(68, 3 + _wid + _prec)];
        int i = buf.Length;
        switch (numberBase)
        {
            case 10:
                while (u >= 10)
                {
                    i--;
                    ulong next = u / 10;
                    buf[i] = (char)('0' + (u - (next * 10)));
                    u = next;
                }
                break;
            case 16:
                while (u >= 16)
                {
                    i--;
                    buf[i] = digits[(int)(u & 0xF)];
                    u >>= 4;
                }
                break;
            case 8:
                while (u >= 8)
                {
                    i--;
                    buf[i] = (char)('0' + (u & 7));
                    u >>= 3;
                }
                break;
            case 2:
                while (u >= 2)
                {
                    i--;
                    buf[i] = (char)('0' + (u & 1));
                    u >>= 1;
                }
                break;
        }
        i--;
        buf[i] = digits[(int)u];
        while (i > 0 && prec > buf.Length - i)
        {
            i--;
            buf[i] = '0';
        }
        if (_sharp)
        {
            switch (numberBase)
            {
                case 2:
                    buf[--i] = 'b';
                    buf[--i] = '0';
                    break;
                case 8:
                    if (buf[i] != '0')
                    {
                        buf[--i] = '0';
                    }
                    break;
                case 16:
                    buf[--i] = digits[16];
                    buf[--i] = '0';
                    break;
            }
        }
        if (verb == 'O')
        {
            buf[--i] = 'o';
            buf[--i] = '0';
        }
        if (negative)
        {
            buf[--i] = '-';
        }
        else if (_plus)
        {
            buf[--i] = '+';
        }
        else if (_space)
        {
            buf[--i] = ' ';
        }
        bool zero = _zero;
        _zero = false;
        Pad(new string(buf, i, buf.Length - i));
        _zero = zero;
    }

    private void FmtC(ulong c)
    {
        int r = c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : (int)c;
        Pad(char.ConvertFromUtf32(r));
    }

    private void FmtQc(ulong c)
    {
        int r = c > 0x10FFFF ? 0xFFFD : (int)c;
        Pad(GoStrconv.QuoteRune(r, _plus));
    }

    private void FmtUnicode(ulong u)
    {
        int prec = 4;
        if (_precPresent && _prec > 4)
        {
            prec = _prec;
        }
        string hex = u.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        var sb = new StringBuilder("U+");
        for (int k = hex.Length; k < prec; k++)
        {
            sb.Append('0');
        }
        sb.Append(hex);
        if (_sharp && u <= 0x10FFFF && GoStrconv.IsPrint((int)u))
        {
            sb.Append(" '").Append(char.ConvertFromUtf32((int)u)).Append('\'');
        }
        bool zero = _zero;
        _zero = false;
        Pad(sb.ToString());
        _zero = zero;
    }

    private void FmtFloat(double v, int size, int verb, object arg)
    {
        switch (verb)
        {
            case 'v':
                FmtFloatCore(v, size, 'g', -1);
                return;
            case 'b' or 'g' or 'G' or 'x' or 'X':
                FmtFloatCore(v, size, (char)verb, -1);
                return;
            case 'f' or 'e' or 'E':
                FmtFloatCore(v, size, (char)verb, 6);
                return;
            case 'F':
                FmtFloatCore(v, size, 'f', 6);
                return;
            default:
                BadVerb(verb, arg);
                return;
        }
    }

    private void FmtFloatCore(double v, int size, char verb, int prec)
    {
        if (_precPresent)
        {
            prec = _prec;
        }
        var sb = new StringBuilder(32);
        sb.Append('+');
        GoFloat.Append(sb, v, verb, prec, size);
        if (sb[1] is '-' or '+')
        {
            sb.Remove(0, 1);
        }
        if (_space && sb[0] == '+' && !_plus)
        {
            sb[0] = ' ';
        }
        if (sb.Length > 1 && (sb[1] == 'I' || sb[1] == 'N'))
        {
            bool oldZero = _zero;
            _zero = false;
            if (sb[1] == 'N' && !_space && !_plus)
            {
                sb.Remove(0, 1);
            }
            Pad(sb.ToString());
            _zero = oldZero;
            return;
        }
        if (_sharp && verb != 'b')
        {
            int digits = 0;
            if (verb is 'v' or 'g' or 'G' or 'x')
            {
                digits = prec;
                if (digits == -1)
                {
                    digits = 6;
                }
            }
            string tail = string.Empty;
            bool hasDecimalPoint = false;
            bool sawNonzeroDigit = false;
            for (int i = 1; i < sb.Length; i++)
            {
                char c = sb[i];
                if (c == '.')
                {
                    hasDecimalPoint = true;
                }
                else if (c is 'p' or 'P' || (c is 'e' or 'E' && verb is not 'x' and not 'X'))
                {
                    tail = sb.ToString(i, sb.Length - i);
                    sb.Length = i;
                    break;
                }
                else
                {
                    if (c != '0')
                    {
                        sawNonzeroDigit = true;
                    }
                    if (sawNonzeroDigit)
                    {
                        digits--;
                    }
                }
            }
            if (!hasDecimalPoint)
            {
                if (sb.Length == 2 && sb[1] == '0')
                {
                    digits--;
                }
                sb.Append('.');
            }
            while (digits > 0)
            {
                sb.Append('0');
                digits--;
            }
            sb.Append(tail);
        }
        if (_plus || sb[0] != '+')
        {
            if (_zero && _widPresent && _wid > sb.Length)
            {
                _buf.Append(sb[0]);
                WritePadding(_wid - sb.Length);
                _buf.Append(sb, 1, sb.Length - 1);
                return;
            }
            Pad(sb.ToString());
            return;
        }
        Pad(sb.ToString(1, sb.Length - 1));
    }

    private void FmtComplex(System.Numerics.Complex v, int verb, object arg)
    {
        if (verb is not ('v' or 'b' or 'g' or 'G' or 'x' or 'X' or 'f' or 'F' or 'e' or 'E'))
        {
            BadVerb(verb, arg);
            return;
        }
        bool oldPlus = _plus;
        _buf.Append('(');
        FmtFloat(v.Real, 64, verb, arg);
        _plus = true;
        FmtFloat(v.Imaginary, 64, verb, arg);
        _buf.Append("i)");
        _plus = oldPlus;
    }

    private void FmtString(string v, int verb, object arg)
    {
        switch (verb)
        {
            case 'v':
                if (_sharpV)
                {
                    FmtQ(v);
                }
                else
                {
                    FmtS(v);
                }
                return;
            case 's':
                FmtS(v);
                return;
            case 'x':
                FmtSx(v, LowerDigits);
                return;
            case 'X':
                FmtSx(v, UpperDigits);
                return;
            case 'q':
                FmtQ(v);
                return;
            default:
                BadVerb(verb, arg);
                return;
        }
    }

    private void FmtPointer(object value, int verb)
    {
        bool isNil = value is GoTypedNil;
        switch (verb)
        {
            case 'v':
                if (_sharpV)
                {
                    _buf.Append('(').Append(GoValues.TypeName(value)).Append(")(").Append(isNil ? "nil" : PointerStandIn).Append(')');
                }
                else if (isNil)
                {
                    PadString("<nil>");
                }
                else
                {
                    PadString(_sharp ? PointerStandIn[2..] : PointerStandIn);
                }
                return;
            case 'p':
                PadString(isNil ? "0x0" : PointerStandIn);
                return;
            default:
                BadVerb(verb, value);
                return;
        }
    }

    private string TruncateString(string s)
    {
        if (_precPresent)
        {
            int n = _prec;
            for (int i = 0; i < s.Length; i++)
            {
                n--;
                if (n < 0)
                {
                    return s[..i];
                }
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    i++;
                }
            }
        }
        return s;
    }

    private void FmtS(string s) => PadString(TruncateString(s));

    private void FmtSx(string s, string digits)
    {
        byte[] b = Encoding.UTF8.GetBytes(s);
        int length = b.Length;
        if (_precPresent && _prec < length)
        {
            length = _prec;
        }
        int width = 2 * length;
        if (width > 0)
        {
            if (_space)
            {
                if (_sharp)
                {
                    width *= 2;
                }
                width += length - 1;
            }
            else if (_sharp)
            {
                width += 2;
            }
        }
        else
        {
            if (_widPresent)
            {
                WritePadding(_wid);
            }
            return;
        }
        if (_widPresent && _wid > width && !_minus)
        {
            WritePadding(_wid - width);
        }
        if (_sharp)
        {
            _buf.Append('0').Append(digits[16]);
        }
        for (int i = 0; i < length; i++)
        {
            if (_space && i > 0)
            {
                _buf.Append(' ');
                if (_sharp)
                {
                    _buf.Append('0').Append(digits[16]);
                }
            }
            _buf.Append(digits[b[i] >> 4]).Append(digits[b[i] & 0xF]);
        }
        if (_widPresent && _wid > width && _minus)
        {
            WritePadding(_wid - width);
        }
    }

    private void FmtQ(string s)
    {
        s = TruncateString(s);
        if (_sharp && GoStrconv.CanBackquote(s))
        {
            PadString("`" + s + "`");
            return;
        }
        Pad(GoStrconv.Quote(s, _plus));
    }

    private void WritePadding(int n)
    {
        if (n <= 0)
        {
            return;
        }
        _buf.Append(_zero ? '0' : ' ', n);
    }

    private void Pad(string s) => PadString(s);

    private void PadString(string s)
    {
        if (!_widPresent || _wid == 0)
        {
            _buf.Append(s);
            return;
        }
        int width = _wid - GoStrconv.RuneCount(s);
        if (!_minus)
        {
            WritePadding(width);
            _buf.Append(s);
        }
        else
        {
            _buf.Append(s);
            WritePadding(width);
        }
    }
}
