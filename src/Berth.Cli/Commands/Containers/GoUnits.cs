using System.Globalization;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>docker/go-units as podman's create flags use it: sizes (binary and decimal) and ulimits, with its messages.</summary>
public static class GoUnits
{
    private static readonly HashSet<string> UlimitNames = new(StringComparer.Ordinal)
    {
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
        "rttime", "sigpending", "stack",
    };

    /// <summary><c>RAMInBytes</c>: "512m", "1.5g", "1024" (k = 1024); throws "invalid size: '…'".</summary>
    public static long RamInBytes(string text) => ParseSize(text, 1024);

    /// <summary><c>FromHumanSize</c>: "10MB", "1k" (k = 1000); throws "invalid size: '…'".</summary>
    public static long FromHumanSize(string text) => ParseSize(text, 1000);

    /// <summary>One <c>--ulimit name=soft[:hard]</c>; -1 means unlimited.</summary>
    public static UlimitFlag ParseUlimit(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            throw UlimitError(text, $"invalid ulimit argument: {text}");
        }

        var name = text[..eq];
        if (!UlimitNames.Contains(name))
        {
            throw UlimitError(text, $"invalid ulimit type: {name}");
        }

        var values = text[(eq + 1)..].Split(':', 2);
        var soft = UlimitValue(text, values[0]);
        var hard = values.Length == 2 ? UlimitValue(text, values[1]) : soft;
        if (soft > hard)
        {
            throw UlimitError(text, $"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        }

        return new UlimitFlag(name, soft, hard);
    }

    private static long UlimitValue(string whole, string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw UlimitError(whole, $"strconv.ParseInt: parsing \"{value}\": {(value.Length > 0 && value.TrimStart('-', '+').All(char.IsAsciiDigit) && value.TrimStart('-', '+').Length > 0 ? "value out of range" : "invalid syntax")}");

    private static BerthException UlimitError(string text, string reason) =>
        BerthException.InvalidArgument($"ulimit option \"{text}\" requires name=SOFT:HARD, failed to be parsed: {reason}");

    private static long ParseSize(string text, double unitBase)
    {
        // ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$
        var s = text.AsSpan();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || (s[end] == '.' && end > 0 && end + 1 < s.Length && char.IsAsciiDigit(s[end + 1]))))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(s[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw InvalidSize(text);
        }

        var rest = s[end..];
        if (rest.Length > 0 && rest[0] == ' ')
        {
            rest = rest[1..];
        }

        var power = 0;
        if (rest.Length > 0 && "kKmMgGtTpP".Contains(rest[0]))
        {
            power = char.ToLowerInvariant(rest[0]) switch { 'k' => 1, 'm' => 2, 'g' => 3, 't' => 4, _ => 5 };
            rest = rest[1..];
        }

        if (rest.Length > 0 && (rest[0] == 'i' || rest[0] == 'I'))
        {
            rest = rest[1..];
        }

        if (rest.Length > 0 && (rest[0] == 'b' || rest[0] == 'B'))
        {
            rest = rest[1..];
        }

        if (rest.Length > 0)
        {
            throw InvalidSize(text);
        }

        return (long)(number * Math.Pow(unitBase, power));
    }

    private static BerthException InvalidSize(string text) => BerthException.InvalidArgument($"invalid size: '{text}'");
}

/// <summary>One rlimit from <c>--ulimit</c>; -1 is unlimited.</summary>
public sealed record UlimitFlag(string Name, long Soft, long Hard);
