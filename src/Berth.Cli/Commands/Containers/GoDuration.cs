using System.Globalization;

namespace Berth.Cli.Commands;

/// <summary>Go's <c>time.ParseDuration</c> ("1h30m", "250ms", "-1.5s", "0"), with its error texts.</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    /// <summary>The duration, or a <see cref="FormatException"/> whose message is Go's (<c>time: unknown unit …</c>).</summary>
    public static TimeSpan Parse(string text) => TimeSpan.FromTicks(ParseNanoseconds(text) / 100);

    /// <summary>The duration in nanoseconds, Go's own resolution.</summary>
    public static long ParseNanoseconds(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return 0;
        }

        if (s.IsEmpty)
        {
            throw Invalid(text);
        }

        double total = 0;
        while (!s.IsEmpty)
        {
            var end = 0;
            while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
            {
                end++;
            }

            var number = s[..end];
            if (number.IsEmpty || number.SequenceEqual(".") || number.IndexOf('.') != number.LastIndexOf('.'))
            {
                throw Invalid(text);
            }

            s = s[end..];
            var unitEnd = 0;
            while (unitEnd < s.Length && s[unitEnd] != '.' && !char.IsAsciiDigit(s[unitEnd]))
            {
                unitEnd++;
            }

            if (unitEnd == 0)
            {
                throw new FormatException($"time: missing unit in duration {Quote(text)}");
            }

            var unit = s[..unitEnd].ToString();
            var scale = Array.Find(Units, u => u.Unit == unit).Nanoseconds;
            if (scale == 0)
            {
                throw new FormatException($"time: unknown unit {Quote(unit)} in duration {Quote(text)}");
            }

            total += double.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * scale;
            s = s[unitEnd..];
        }

        if (total > long.MaxValue)
        {
            throw Invalid(text);
        }

        return negative ? -(long)total : (long)total;
    }

    private static FormatException Invalid(string text) => new($"time: invalid duration {Quote(text)}");

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
