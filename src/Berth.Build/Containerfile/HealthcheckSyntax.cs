using System.Globalization;
using Berth.Oci;

namespace Berth.Build.Containerfile;

/// <summary>
/// <c>HEALTHCHECK NONE</c> and <c>HEALTHCHECK [--interval --timeout --start-period --start-interval --retries] CMD …</c>
/// into the image config's <see cref="HealthConfig"/>, with podman 4.3.1's checks and messages (durations must be
/// positive, retries at least 1).
/// </summary>
internal static class HealthcheckSyntax
{
    /// <summary>The health config of the instruction (Test NONE, CMD or CMD-SHELL) and its command.</summary>
    public static (HealthConfig Health, CommandForm? Command) Parse(string arguments, IReadOnlyList<InstructionFlag> flags)
    {
        if (arguments.Length == 0)
        {
            throw new InstructionSyntaxException("HEALTHCHECK requires at least one argument");
        }

        var split = 0;
        while (split < arguments.Length && !char.IsWhiteSpace(arguments[split]))
        {
            split++;
        }

        var type = arguments[..split].ToUpperInvariant();
        var rest = arguments[split..].TrimStart();
        if (type == "NONE")
        {
            if (rest.Length > 0)
            {
                throw new InstructionSyntaxException("HEALTHCHECK NONE takes no arguments");
            }

            return (new HealthConfig { Test = ["NONE"] }, null);
        }

        if (type != "CMD")
        {
            throw new InstructionSyntaxException($"Unknown type {WordExpander.GoQuote(type)} in HEALTHCHECK (try CMD)");
        }

        var command = CommandSyntax.Parse(rest);
        if (command.Words.Count == 0 || (!command.IsJson && command.Text.Length == 0))
        {
            throw new InstructionSyntaxException("Missing command after HEALTHCHECK CMD");
        }

        IReadOnlyList<string> test = command.IsJson ? ["CMD", .. command.Words] : ["CMD-SHELL", command.Text];
        var health = new HealthConfig
        {
            Test = test,
            Interval = Duration(flags, "interval"),
            Timeout = Duration(flags, "timeout"),
            StartPeriod = Duration(flags, "start-period"),
            StartInterval = Duration(flags, "start-interval"),
            Retries = Retries(flags),
        };
        return (health, command);
    }

    private static long? Duration(IReadOnlyList<InstructionFlag> flags, string name)
    {
        var value = flags.LastOrDefault(f => f.Name == name)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var nanoseconds = ParseGoDuration(value);
        if (nanoseconds <= 0)
        {
            throw new InstructionSyntaxException($"Interval {WordExpander.GoQuote(name)} must be positive");
        }

        return nanoseconds;
    }

    private static int? Retries(IReadOnlyList<InstructionFlag> flags)
    {
        var value = flags.LastOrDefault(f => f.Name == "retries")?.Value;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // Go's strconv.ParseInt(value, 10, 32).
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries) || value.Trim() != value)
        {
            var all = value.TrimStart('+', '-');
            var reason = all.Length > 0 && all.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
            throw new InstructionSyntaxException($"strconv.ParseInt: parsing {WordExpander.GoQuote(value)}: {reason}");
        }

        if (retries is > int.MaxValue or < int.MinValue)
        {
            throw new InstructionSyntaxException($"strconv.ParseInt: parsing {WordExpander.GoQuote(value)}: value out of range");
        }

        if (retries < 1)
        {
            throw new InstructionSyntaxException($"HEALTHCHECK --retries must be at least 1 (not {retries})");
        }

        return (int)retries;
    }

    /// <summary>Go's <c>time.ParseDuration</c> in nanoseconds, with its error texts.</summary>
    internal static long ParseGoDuration(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return 0;
        }

        if (s.IsEmpty)
        {
            throw Invalid(text);
        }

        decimal total = 0;
        while (!s.IsEmpty)
        {
            var end = 0;
            while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
            {
                end++;
            }

            var number = s[..end];
            if (number.IsEmpty || number is "." || number.IndexOf('.') != number.LastIndexOf('.'))
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
                throw new InstructionSyntaxException($"time: missing unit in duration {WordExpander.GoQuote(text)}");
            }

            var unit = s[..unitEnd];
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1e3m,
                "ms" => 1e6m,
                "s" => 1e9m,
                "m" => 60e9m,
                "h" => 3600e9m,
                _ => throw new InstructionSyntaxException($"time: unknown unit {WordExpander.GoQuote(unit.ToString())} in duration {WordExpander.GoQuote(text)}"),
            };
            total += decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * scale;
            if (total > long.MaxValue)
            {
                throw Invalid(text);
            }

            s = s[unitEnd..];
        }

        var whole = decimal.Truncate(total);
        return negative ? -(long)whole : (long)whole;
    }

    private static InstructionSyntaxException Invalid(string text) => new($"time: invalid duration {WordExpander.GoQuote(text)}");
}
