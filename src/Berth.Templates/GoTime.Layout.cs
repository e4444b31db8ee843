namespace Berth.Templates;

/// <summary>Recognising the elements of a Go time layout (Go's <c>nextStdChunk</c>).</summary>
public static partial class GoTime
{
    private static bool StartsWithLowerCase(string s, int i) => i < s.Length && s[i] >= 'a' && s[i] <= 'z';

    private static bool IsDigitAt(string s, int i) => i < s.Length && s[i] >= '0' && s[i] <= '9';

    private static bool At(string layout, int i, string token) =>
        i + token.Length <= layout.Length && string.CompareOrdinal(layout, i, token, 0, token.Length) == 0;

    /// <summary>Go's <c>nextStdChunk</c>: the next layout element at or after <paramref name="start"/>.</summary>
    private static (int PrefixEnd, Std Std, int Len, int Digits, char Sep) NextStdChunk(string layout, int start)
    {
        for (int i = start; i < layout.Length; i++)
        {
            char c = layout[i];
            switch (c)
            {
                case 'J':
                    if (At(layout, i, "Jan"))
                    {
                        if (At(layout, i, "January"))
                        {
                            return (i, Std.LongMonth, 7, 0, '\0');
                        }
                        if (!StartsWithLowerCase(layout, i + 3))
                        {
                            return (i, Std.Month, 3, 0, '\0');
                        }
                    }
                    break;
                case 'M':
                    if (At(layout, i, "Mon"))
                    {
                        if (At(layout, i, "Monday"))
                        {
                            return (i, Std.LongWeekDay, 6, 0, '\0');
                        }
                        if (!StartsWithLowerCase(layout, i + 3))
                        {
                            return (i, Std.WeekDay, 3, 0, '\0');
                        }
                    }
                    if (At(layout, i, "MST"))
                    {
                        return (i, Std.TZ, 3, 0, '\0');
                    }
                    break;
                case '0':
                    if (i + 1 < layout.Length && layout[i + 1] >= '1' && layout[i + 1] <= '6')
                    {
                        var std = layout[i + 1] switch
                        {
                            '1' => Std.ZeroMonth,
                            '2' => Std.ZeroDay,
                            '3' => Std.ZeroHour12,
                            '4' => Std.ZeroMinute,
                            '5' => Std.ZeroSecond,
                            _ => Std.Year,
                        };
                        return (i, std, 2, 0, '\0');
                    }
                    if (At(layout, i, "002"))
                    {
                        return (i, Std.ZeroYearDay, 3, 0, '\0');
                    }
                    break;
                case '1':
                    if (i + 1 < layout.Length && layout[i + 1] == '5')
                    {
                        return (i, Std.Hour, 2, 0, '\0');
                    }
                    return (i, Std.NumMonth, 1, 0, '\0');
                case '2':
                    if (At(layout, i, "2006"))
                    {
                        return (i, Std.LongYear, 4, 0, '\0');
                    }
                    return (i, Std.Day, 1, 0, '\0');
                case '_':
                    if (i + 1 < layout.Length && layout[i + 1] == '2')
                    {
                        if (At(layout, i + 1, "2006"))
                        {
                            // "_2006" is "_" followed by the long year.
                            return (i + 1, Std.LongYear, 4, 0, '\0');
                        }
                        return (i, Std.UnderDay, 2, 0, '\0');
                    }
                    if (At(layout, i, "__2"))
                    {
                        return (i, Std.UnderYearDay, 3, 0, '\0');
                    }
                    break;
                case '3':
                    return (i, Std.Hour12, 1, 0, '\0');
                case '4':
                    return (i, Std.Minute, 1, 0, '\0');
                case '5':
                    return (i, Std.Second, 1, 0, '\0');
                case 'P':
                    if (i + 1 < layout.Length && layout[i + 1] == 'M')
                    {
                        return (i, Std.PM, 2, 0, '\0');
                    }
                    break;
                case 'p':
                    if (i + 1 < layout.Length && layout[i + 1] == 'm')
                    {
                        return (i, Std.Pm, 2, 0, '\0');
                    }
                    break;
                case '-':
                    if (At(layout, i, "-070000"))
                    {
                        return (i, Std.NumSecondsTz, 7, 0, '\0');
                    }
                    if (At(layout, i, "-07:00:00"))
                    {
                        return (i, Std.NumColonSecondsTZ, 9, 0, '\0');
                    }
                    if (At(layout, i, "-0700"))
                    {
                        return (i, Std.NumTZ, 5, 0, '\0');
                    }
                    if (At(layout, i, "-07:00"))
                    {
                        return (i, Std.NumColonTZ, 6, 0, '\0');
                    }
                    if (At(layout, i, "-07"))
                    {
                        return (i, Std.NumShortTZ, 3, 0, '\0');
                    }
                    break;
                case 'Z':
                    if (At(layout, i, "Z070000"))
                    {
                        return (i, Std.ISO8601SecondsTZ, 7, 0, '\0');
                    }
                    if (At(layout, i, "Z07:00:00"))
                    {
                        return (i, Std.ISO8601ColonSecondsTZ, 9, 0, '\0');
                    }
                    if (At(layout, i, "Z0700"))
                    {
                        return (i, Std.ISO8601TZ, 5, 0, '\0');
                    }
                    if (At(layout, i, "Z07:00"))
                    {
                        return (i, Std.ISO8601ColonTZ, 6, 0, '\0');
                    }
                    if (At(layout, i, "Z07"))
                    {
                        return (i, Std.ISO8601ShortTZ, 3, 0, '\0');
                    }
                    break;
                case '.' or ',':
                    if (i + 1 < layout.Length && (layout[i + 1] == '0' || layout[i + 1] == '9'))
                    {
                        char ch = layout[i + 1];
                        int j = i + 1;
                        while (j < layout.Length && layout[j] == ch)
                        {
                            j++;
                        }
                        if (!IsDigitAt(layout, j))
                        {
                            return (i, ch == '9' ? Std.FracSecond9 : Std.FracSecond0, j - i, j - (i + 1), c);
                        }
                    }
                    break;
            }
        }
        return (layout.Length, Std.None, 0, 0, '\0');
    }
}
