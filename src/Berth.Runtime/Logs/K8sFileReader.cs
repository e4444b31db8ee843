using System.Globalization;
using System.Text;

namespace Berth.Runtime.Logs;

/// <summary>
/// Parses conmon's k8s-file log lines (<c>2024-05-01T10:00:00.123456789+00:00 stdout F text</c>), the format podman's
/// <c>logs</c> reads.
/// </summary>
public static class K8sFileReader
{
    /// <summary>
    /// One line (without its '\n'); null when it is not a log line (podman skips those while following). The
    /// content is everything after the third space.
    /// </summary>
    public static LogEntry? ParseLine(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOf((byte)' ');
        if (first < 0)
        {
            return null;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second < 0)
        {
            return null;
        }

        var stream = rest[..second];
        rest = rest[(second + 1)..];
        var third = rest.IndexOf((byte)' ');
        if (third < 0)
        {
            return null;
        }

        var kind = rest[..third];
        if (!TryParseTime(line[..first], out var time))
        {
            return null;
        }

        LogStream which;
        if (stream.SequenceEqual("stdout"u8))
        {
            which = LogStream.Stdout;
        }
        else if (stream.SequenceEqual("stderr"u8))
        {
            which = LogStream.Stderr;
        }
        else
        {
            // podman warns about an unknown device and prints nothing for it.
            return null;
        }

        return new LogEntry(time, which, kind.SequenceEqual("P"u8), rest[(third + 1)..].ToArray());
    }

    /// <summary>All entries of a whole file's bytes, in order, partial lines not joined.</summary>
    public static List<LogEntry> ParseAll(ReadOnlySpan<byte> content)
    {
        var entries = new List<LogEntry>();
        while (content.Length > 0)
        {
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..newline];
            if (ParseLine(line) is { } entry)
            {
                entries.Add(entry);
            }

            content = newline < 0 ? [] : content[(newline + 1)..];
        }

        return entries;
    }

    /// <summary>Partial lines joined into the full line they end in (the bytes of a whole line the program wrote).</summary>
    public static IEnumerable<LogEntry> JoinPartials(IEnumerable<LogEntry> entries)
    {
        List<byte>? pending = null;
        foreach (var entry in entries)
        {
            if (entry.Partial)
            {
                (pending ??= []).AddRange(entry.Content);
                continue;
            }

            if (pending is null)
            {
                yield return entry;
                continue;
            }

            pending.AddRange(entry.Content);
            yield return entry with { Content = [.. pending] };
            pending = null;
        }
    }

    /// <summary>RFC 3339 with up to nine fractional digits and a 'Z' or ±hh:mm offset.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> text, out LogTimestamp time)
    {
        time = default;
        Span<char> chars = stackalloc char[Math.Min(text.Length, 64)];
        if (text.Length > 64 || Encoding.ASCII.GetChars(text, chars) != text.Length)
        {
            return false;
        }

        return TryParseTime(chars, out time);
    }

    /// <inheritdoc cref="TryParseTime(ReadOnlySpan{byte}, out LogTimestamp)"/>
    public static bool TryParseTime(ReadOnlySpan<char> text, out LogTimestamp time)
    {
        time = default;
        if (text.Length < 20 || text[10] != 'T')
        {
            return false;
        }

        if (!DateTime.TryParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        var rest = text[19..];
        long nanos = 0;
        if (rest.Length > 0 && rest[0] == '.')
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            var fraction = rest[1..digits];
            if (fraction.Length is 0 or > 9)
            {
                return false;
            }

            nanos = long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = fraction.Length; i < 9; i++)
            {
                nanos *= 10;
            }

            rest = rest[digits..];
        }

        TimeSpan offset;
        if (rest is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
            && int.TryParse(rest[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(rest[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && hours < 24 && minutes < 60)
        {
            offset = new TimeSpan(hours, minutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        var utcTicks = local.Ticks - offset.Ticks - DateTimeOffset.UnixEpoch.UtcTicks;
        // Past 2262 the nanoseconds leave a long: such a time is later than any log line, so it saturates.
        time = new LogTimestamp(utcTicks > (long.MaxValue - nanos) / 100 ? long.MaxValue : (utcTicks * 100) + nanos, offset);
        return true;
    }
}
