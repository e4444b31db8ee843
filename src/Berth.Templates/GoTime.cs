using System.Text;

namespace Berth.Templates;

/// <summary>An integer with a Go name and a <c>String()</c> method, e.g. <c>time.Month</c> (prints "March", compares as 3).</summary>
internal sealed class GoNamedInt(long value, string goTypeName, string text) : IGoTyped, IGoStringer
{
    public long Value { get; } = value;

    public string GoTypeName { get; } = goTypeName;

    public string GoString() => text;

    public override string ToString() => text;
}

/// <summary>Go's <c>time</c> package for <see cref="DateTimeOffset"/> (time.Time) and <see cref="TimeSpan"/> (time.Duration):
/// layouts built from the reference time <c>Mon Jan 2 15:04:05 MST 2006</c>, <c>Time.String</c>, <c>Duration.String</c>.</summary>
public static partial class GoTime
{
    public const string RFC3339 = "2006-01-02T15:04:05Z07:00";
    public const string RFC3339Nano = "2006-01-02T15:04:05.999999999Z07:00";
    public const string DefaultLayout = "2006-01-02 15:04:05.999999999 -0700 MST";

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames =
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private enum Std
    {
        None,
        LongMonth,
        Month,
        NumMonth,
        ZeroMonth,
        LongWeekDay,
        WeekDay,
        Day,
        UnderDay,
        ZeroDay,
        UnderYearDay,
        ZeroYearDay,
        Hour,
        Hour12,
        ZeroHour12,
        Minute,
        ZeroMinute,
        Second,
        ZeroSecond,
        LongYear,
        Year,
        PM,
        Pm,
        TZ,
        ISO8601TZ,
        ISO8601SecondsTZ,
        ISO8601ShortTZ,
        ISO8601ColonTZ,
        ISO8601ColonSecondsTZ,
        NumTZ,
        NumSecondsTz,
        NumShortTZ,
        NumColonTZ,
        NumColonSecondsTZ,
        FracSecond0,
        FracSecond9,
    }

    /// <summary>Go's <c>Time.String()</c>: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public static string String(GoTimestamp t) => Format(t, DefaultLayout);

    /// <summary>The zone abbreviation Go would print: UTC for a zero offset, otherwise none (Go then prints the numeric offset).</summary>
    private static string ZoneName(GoTimestamp t) => t.Offset == TimeSpan.Zero ? "UTC" : string.Empty;

    /// <summary>Go's <c>Time.Format(layout)</c>.</summary>
    public static string Format(GoTimestamp t, string layout)
    {
        var b = new StringBuilder(layout.Length + 10);
        int offset = (int)t.Offset.TotalSeconds;
        var local = t.WholeSeconds.DateTime;
        string name = ZoneName(t);
        int i = 0;
        while (i < layout.Length)
        {
            var (prefixEnd, std, stdLen, arg, sep) = NextStdChunk(layout, i);
            b.Append(layout, i, prefixEnd - i);
            if (std == Std.None)
            {
                break;
            }
            i = prefixEnd + stdLen;
            int year = local.Year;
            switch (std)
            {
                case Std.Year:
                    AppendInt(b, year % 100, 2);
                    break;
                case Std.LongYear:
                    AppendInt(b, year, 4);
                    break;
                case Std.Month:
                    b.Append(MonthNames[local.Month - 1], 0, 3);
                    break;
                case Std.LongMonth:
                    b.Append(MonthNames[local.Month - 1]);
                    break;
                case Std.NumMonth:
                    AppendInt(b, local.Month, 0);
                    break;
                case Std.ZeroMonth:
                    AppendInt(b, local.Month, 2);
                    break;
                case Std.WeekDay:
                    b.Append(DayNames[(int)local.DayOfWeek], 0, 3);
                    break;
                case Std.LongWeekDay:
                    b.Append(DayNames[(int)local.DayOfWeek]);
                    break;
                case Std.Day:
                    AppendInt(b, local.Day, 0);
                    break;
                case Std.UnderDay:
                    if (local.Day < 10)
                    {
                        b.Append(' ');
                    }
                    AppendInt(b, local.Day, 0);
                    break;
                case Std.ZeroDay:
                    AppendInt(b, local.Day, 2);
                    break;
                case Std.UnderYearDay:
                    if (local.DayOfYear < 100)
                    {
                        b.Append(' ');
                        if (local.DayOfYear < 10)
                        {
                            b.Append(' ');
                        }
                    }
                    AppendInt(b, local.DayOfYear, 0);
                    break;
                case Std.ZeroYearDay:
                    AppendInt(b, local.DayOfYear, 3);
                    break;
                case Std.Hour:
                    AppendInt(b, local.Hour, 2);
                    break;
                case Std.Hour12:
                    AppendInt(b, local.Hour % 12 == 0 ? 12 : local.Hour % 12, 0);
                    break;
                case Std.ZeroHour12:
                    AppendInt(b, local.Hour % 12 == 0 ? 12 : local.Hour % 12, 2);
                    break;
                case Std.Minute:
                    AppendInt(b, local.Minute, 0);
                    break;
                case Std.ZeroMinute:
                    AppendInt(b, local.Minute, 2);
                    break;
                case Std.Second:
                    AppendInt(b, local.Second, 0);
                    break;
                case Std.ZeroSecond:
                    AppendInt(b, local.Second, 2);
                    break;
                case Std.PM:
                    b.Append(local.Hour >= 12 ? "PM" : "AM");
                    break;
                case Std.Pm:
                    b.Append(local.Hour >= 12 ? "pm" : "am");
                    break;
                case Std.ISO8601TZ or Std.ISO8601ColonTZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonSecondsTZ
                    or Std.NumTZ or Std.NumColonTZ or Std.NumSecondsTz or Std.NumShortTZ or Std.NumColonSecondsTZ:
                    AppendNumericZone(b, std, offset);
                    break;
                case Std.TZ:
                    if (name.Length > 0)
                    {
                        b.Append(name);
                        break;
                    }
                    {
                        int zone = offset / 60;
                        if (zone < 0)
                        {
                            b.Append('-');
                            zone = -zone;
                        }
                        else
                        {
                            b.Append('+');
                        }
                        AppendInt(b, zone / 60, 2);
                        AppendInt(b, zone % 60, 2);
                    }
                    break;
                case Std.FracSecond0 or Std.FracSecond9:
                    FormatNano(b, t.Nanosecond, arg, sep, std == Std.FracSecond9);
                    break;
            }
        }
        return b.ToString();
    }

    private static void AppendNumericZone(StringBuilder b, Std std, int offset)
    {
        bool iso = std is Std.ISO8601TZ or Std.ISO8601ColonTZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonSecondsTZ;
        if (offset == 0 && iso)
        {
            b.Append('Z');
            return;
        }
        int zone = offset / 60;
        int absoffset = offset;
        if (zone < 0)
        {
            b.Append('-');
            zone = -zone;
            absoffset = -absoffset;
        }
        else
        {
            b.Append('+');
        }
        AppendInt(b, zone / 60, 2);
        if (std is Std.ISO8601ColonTZ or Std.NumColonTZ or Std.ISO8601ColonSecondsTZ or Std.NumColonSecondsTZ)
        {
            b.Append(':');
        }
        if (std is not Std.NumShortTZ and not Std.ISO8601ShortTZ)
        {
            AppendInt(b, zone % 60, 2);
        }
        if (std is Std.ISO8601SecondsTZ or Std.NumSecondsTz or Std.NumColonSecondsTZ or Std.ISO8601ColonSecondsTZ)
        {
            if (std is Std.NumColonSecondsTZ or Std.ISO8601ColonSecondsTZ)
            {
                b.Append(':');
            }
            AppendInt(b, absoffset % 60, 2);
        }
    }

    private static void AppendInt(StringBuilder b, int x, int width)
    {
        if (x < 0)
        {
            b.Append('-');
            x = -x;
        }
        string s = x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int w = s.Length; w < width; w++)
        {
            b.Append('0');
        }
        b.Append(s);
    }

    private static void FormatNano(StringBuilder b, int nanosec, int n, char separator, bool trim)
    {
        Span<char> buf = stackalloc char[9];
        int u = nanosec;
        for (int start = 9; start > 0;)
        {
            start--;
            buf[start] = (char)((u % 10) + '0');
            u /= 10;
        }
        if (n > 9)
        {
            n = 9;
        }
        if (trim)
        {
            while (n > 0 && buf[n - 1] == '0')
            {
                n--;
            }
            if (n == 0)
            {
                return;
            }
        }
        b.Append(separator);
        b.Append(buf[..n]);
    }

    internal static object Month(GoTimestamp t)
    {
        int m = t.WholeSeconds.Month;
        return new GoNamedInt(m, "time.Month", MonthNames[m - 1]);
    }

    internal static object Weekday(GoTimestamp t)
    {
        int d = (int)t.WholeSeconds.DayOfWeek;
        return new GoNamedInt(d, "time.Weekday", DayNames[d]);
    }

    /// <summary>Go's <c>Duration.String()</c>: <c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>.</summary>
    public static string DurationString(TimeSpan d) => DurationString(d.Ticks * 100);

    public static string DurationString(long nanoseconds)
    {
        Span<char> buf = stackalloc char[32];
        int w = buf.Length;
        ulong u = (ulong)nanoseconds;
        bool neg = nanoseconds < 0;
        if (neg)
        {
            u = unchecked(0 - u);
        }
        if (u < 1_000_000_000UL)
        {
            int prec;
            w--;
            buf[w] = 's';
            w--;
            if (u == 0)
            {
                return "0s";
            }
            if (u < 1000UL)
            {
                prec = 0;
                buf[w] = 'n';
            }
            else if (u < 1_000_000UL)
            {
                prec = 3;
                buf[w] = 'µ';
            }
            else
            {
                prec = 6;
                buf[w] = 'm';
            }
            (w, u) = FmtFrac(buf[..w], u, prec);
            w = FmtInt(buf[..w], u);
        }
        else
        {
            w--;
            buf[w] = 's';
            (w, u) = FmtFrac(buf[..w], u, 9);
            w = FmtInt(buf[..w], u % 60);
            u /= 60;
            if (u > 0)
            {
                w--;
                buf[w] = 'm';
                w = FmtInt(buf[..w], u % 60);
                u /= 60;
                if (u > 0)
                {
                    w--;
                    buf[w] = 'h';
                    w = FmtInt(buf[..w], u);
                }
            }
        }
        if (neg)
        {
            w--;
            buf[w] = '-';
        }
        return new string(buf[w..]);
    }

    private static (int W, ulong V) FmtFrac(Span<char> buf, ulong v, int prec)
    {
        int w = buf.Length;
        bool print = false;
        for (int i = 0; i < prec; i++)
        {
            ulong digit = v % 10;
            print = print || digit != 0;
            if (print)
            {
                w--;
                buf[w] = (char)(digit + '0');
            }
            v /= 10;
        }
        if (print)
        {
            w--;
            buf[w] = '.';
        }
        return (w, v);
    }

    private static int FmtInt(Span<char> buf, ulong v)
    {
        int w = buf.Length;
        if (v == 0)
        {
            w--;
            buf[w] = '0';
        }
        else
        {
            while (v > 0)
            {
                w--;
                buf[w] = (char)((v % 10) + '0');
                v /= 10;
            }
        }
        return w;
    }

    /// <summary>Go's <c>Duration.Seconds()</c>.</summary>
    public static double Seconds(TimeSpan d)
    {
        long ns = d.Ticks * 100;
        long sec = ns / 1_000_000_000;
        long nsec = ns % 1_000_000_000;
        return sec + (nsec / 1e9);
    }

    /// <summary>Go's <c>Duration.Minutes()</c>.</summary>
    public static double Minutes(TimeSpan d)
    {
        long ns = d.Ticks * 100;
        long min = ns / 60_000_000_000;
        long nsec = ns % 60_000_000_000;
        return min + (nsec / (60 * 1e9));
    }

    /// <summary>Go's <c>Duration.Hours()</c>.</summary>
    public static double Hours(TimeSpan d)
    {
        long ns = d.Ticks * 100;
        long hour = ns / 3_600_000_000_000;
        long nsec = ns % 3_600_000_000_000;
        return hour + (nsec / (60 * 60 * 1e9));
    }
}
