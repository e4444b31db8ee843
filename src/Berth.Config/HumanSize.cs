using System.Globalization;

namespace Berth.Config;

/// <summary>go-units size strings ("65536k", "1.5GB", "10 MiB"): <c>FromHumanSize</c> (decimal) and <c>RAMInBytes</c> (binary).</summary>
internal static class HumanSize
{
    /// <summary>go-units <c>FromHumanSize</c>: k = 1000.</summary>
    public static bool TryParseDecimal(string text, out long bytes) => TryParse(text, 1000, out bytes);

    /// <summary>go-units <c>RAMInBytes</c>: k = 1024.</summary>
    public static bool TryParseBinary(string text, out long bytes) => TryParse(text, 1024, out bytes);

    private static bool TryParse(string text, double unitBase, out long bytes)
    {
        bytes = 0;
        var s = text.AsSpan();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(s[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var rest = s[end..];
        if (rest.Length > 0 && rest[0] == ' ')
        {
            rest = rest[1..];
        }

        var multiplier = 1.0;
        if (rest.Length > 0 && "kKmMgGtTpP".Contains(rest[0]))
        {
            var power = char.ToLowerInvariant(rest[0]) switch { 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, _ => 5 };
            multiplier = Math.Pow(unitBase, power);
            rest = rest[1..];
            if (rest.Length > 0 && (rest[0] == 'i' || rest[0] == 'I'))
            {
                rest = rest[1..];
            }
        }

        if (rest.Length > 0 && (rest[0] == 'b' || rest[0] == 'B'))
        {
            rest = rest[1..];
        }

        if (rest.Length > 0)
        {
            return false;
        }

        var value = number * multiplier;
        if (value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }
}
