namespace Berth.Templates;

/// <summary>Go's <c>Printf</c> directive parsing: flags, width, precision, <c>*</c> and <c>[n]</c> argument indexes,
/// and the <c>%!(MISSING)</c>, <c>%!(BADINDEX)</c>, <c>%!(NOVERB)</c> and <c>%!(EXTRA …)</c> forms.</summary>
internal sealed partial class GoPrinter
{
    public void DoPrintf(string format, ReadOnlySpan<object?> a)
    {
        int end = format.Length;
        int argNum = 0;
        bool afterIndex;
        bool reordered = false;
        int i = 0;
        while (i < end)
        {
            bool goodArgNum = true;
            int lasti = i;
            while (i < end && format[i] != '%')
            {
                i++;
            }
            if (i > lasti)
            {
                _buf.Append(format, lasti, i - lasti);
            }
            if (i >= end)
            {
                break;
            }
            i++;
            ClearFlags();
            bool simple = false;
            for (; i < end; i++)
            {
                char c = format[i];
                if (c == '#')
                {
                    _sharp = true;
                }
                else if (c == '0')
                {
                    _zero = !_minus;
                }
                else if (c == '+')
                {
                    _plus = true;
                }
                else if (c == '-')
                {
                    _minus = true;
                    _zero = false;
                }
                else if (c == ' ')
                {
                    _space = true;
                }
                else
                {
                    if (c >= 'a' && c <= 'z' && argNum < a.Length)
                    {
                        if (c == 'v')
                        {
                            _sharpV = _sharp;
                            _sharp = false;
                            _plusV = _plus;
                            _plus = false;
                        }
                        PrintArg(GoValues.Concrete(a[argNum]), c);
                        argNum++;
                        i++;
                        simple = true;
                    }
                    break;
                }
            }
            if (simple)
            {
                continue;
            }

            (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref goodArgNum, ref reordered);

            if (i < end && format[i] == '*')
            {
                i++;
                (_wid, _widPresent, argNum) = IntFromArg(a, argNum);
                if (!_widPresent)
                {
                    _buf.Append("%!(BADWIDTH)");
                }
                if (_wid < 0)
                {
                    _wid = -_wid;
                    _minus = true;
                    _zero = false;
                }
                afterIndex = false;
            }
            else
            {
                (_wid, _widPresent, i) = ParseNum(format, i, end);
                if (afterIndex && _widPresent)
                {
                    goodArgNum = false;
                }
            }

            if (i + 1 < end && format[i] == '.')
            {
                i++;
                if (afterIndex)
                {
                    goodArgNum = false;
                }
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref goodArgNum, ref reordered);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (_prec, _precPresent, argNum) = IntFromArg(a, argNum);
                    if (_prec < 0)
                    {
                        _prec = 0;
                        _precPresent = false;
                    }
                    if (!_precPresent)
                    {
                        _buf.Append("%!(BADPREC)");
                    }
                    afterIndex = false;
                }
                else
                {
                    (_prec, _precPresent, i) = ParseNum(format, i, end);
                    if (!_precPresent)
                    {
                        _prec = 0;
                        _precPresent = true;
                    }
                }
            }

            if (!afterIndex)
            {
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, a.Length, ref goodArgNum, ref reordered);
            }

            if (i >= end)
            {
                _buf.Append("%!(NOVERB)");
                break;
            }

            int verb = format[i];
            int size = 1;
            if (char.IsHighSurrogate(format[i]) && i + 1 < end && char.IsLowSurrogate(format[i + 1]))
            {
                verb = char.ConvertToUtf32(format[i], format[i + 1]);
                size = 2;
            }
            i += size;

            if (verb == '%')
            {
                _buf.Append('%');
            }
            else if (!goodArgNum)
            {
                _buf.Append("%!").Append(RuneString(verb)).Append("(BADINDEX)");
            }
            else if (argNum >= a.Length)
            {
                _buf.Append("%!").Append(RuneString(verb)).Append("(MISSING)");
            }
            else
            {
                if (verb == 'v')
                {
                    _sharpV = _sharp;
                    _sharp = false;
                    _plusV = _plus;
                    _plus = false;
                }
                PrintArg(GoValues.Concrete(a[argNum]), verb);
                argNum++;
            }
        }

        if (!reordered && argNum < a.Length)
        {
            ClearFlags();
            _buf.Append("%!(EXTRA ");
            for (int k = argNum; k < a.Length; k++)
            {
                if (k > argNum)
                {
                    _buf.Append(", ");
                }
                object? arg = GoValues.Concrete(a[k]);
                if (arg is null)
                {
                    _buf.Append("<nil>");
                }
                else
                {
                    _buf.Append(GoValues.TypeName(arg)).Append('=');
                    PrintArg(arg, 'v');
                }
            }
            _buf.Append(')');
        }
    }

    private static string RuneString(int r) => r <= 0xFFFF ? ((char)r).ToString() : char.ConvertFromUtf32(r);

    private static (int Num, bool IsInt, int NewArgNum) IntFromArg(ReadOnlySpan<object?> a, int argNum)
    {
        int newArgNum = argNum;
        int num = 0;
        bool isInt = false;
        if (argNum < a.Length)
        {
            object? v = GoValues.Concrete(a[argNum]);
            if (v is int i)
            {
                num = i;
                isInt = true;
            }
            else if (GoValues.KindOf(v) == GoKind.Int)
            {
                long n = GoValues.ToInt64(v!);
                if (n >= int.MinValue && n <= int.MaxValue)
                {
                    num = (int)n;
                    isInt = true;
                }
            }
            else if (GoValues.KindOf(v) == GoKind.Uint)
            {
                ulong n = GoValues.ToUInt64(v!);
                if (n <= int.MaxValue)
                {
                    num = (int)n;
                    isInt = true;
                }
            }
            newArgNum = argNum + 1;
            if (num > 1_000_000 || num < -1_000_000)
            {
                num = 0;
                isInt = false;
            }
        }
        return (num, isInt, newArgNum);
    }

    private static (int Num, bool IsNum, int NewI) ParseNum(string s, int start, int end)
    {
        if (start >= end)
        {
            return (0, false, end);
        }
        int num = 0;
        bool isNum = false;
        int newi = start;
        for (; newi < end && s[newi] >= '0' && s[newi] <= '9'; newi++)
        {
            if (num > 1_000_000)
            {
                return (0, false, end);
            }
            num = (num * 10) + (s[newi] - '0');
            isNum = true;
        }
        return (num, isNum, newi);
    }

    private static (int Index, int Wid, bool Ok) ParseArgNumber(string format, int start)
    {
        if (format.Length - start < 3)
        {
            return (0, 1, false);
        }
        for (int i = start + 1; i < format.Length; i++)
        {
            if (format[i] == ']')
            {
                var (width, ok, newi) = ParseNum(format, start + 1, i);
                if (!ok || newi != i)
                {
                    return (0, i - start + 1, false);
                }
                return (width - 1, i - start + 1, true);
            }
        }
        return (0, 1, false);
    }

    private static (int ArgNum, int NewI, bool Found) ArgNumber(int argNum, string format, int i, int numArgs, ref bool goodArgNum, ref bool reordered)
    {
        if (format.Length <= i || format[i] != '[')
        {
            return (argNum, i, false);
        }
        reordered = true;
        var (index, wid, ok) = ParseArgNumber(format, i);
        if (ok && index >= 0 && index < numArgs)
        {
            return (index, i + wid, true);
        }
        goodArgNum = false;
        return (argNum, i + wid, ok);
    }
}
