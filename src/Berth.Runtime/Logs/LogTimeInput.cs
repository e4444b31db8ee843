using System.Globalization;

namespace Berth.Runtime.Logs;

/// <summary>
/// <c>--since</c>/<c>--until</c> values as podman's util.ParseInputTime reads them: RFC 3339 (with or without
/// fraction), <c>2006-01-02T15:04:05</c> (UTC), <c>2006-01-02Z07:00</c>, <c>2006-01-02</c>, a Unix timestamp with
/// optional fraction, or a Go duration (<c>10m</c>, <c>1h30m</c>) before now for since and after now for until.
/// </summary>
public static class LogTimeInput
{
    public static LogTimestamp Parse(string input, bool since) => Parse(input, since, DateTimeOffset.UtcNow);

    public static LogTimestamp Parse(string input, bool since, DateTimeOffset now)
    {
        if (K8sFileReader.TryParseTime(input.AsSpan(), out var time))
        {
            return time;
        }

        if (input.Length > 10 && input[10] == 'T' && !input.EndsWith('Z') && K8sFileReader.TryParseTime((input + "Z").AsSpan(), out time))
        {
            return time;
        }

        if (input.Length >= 10 && DateTime.TryParseExact(input[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var zone = input[10..];
            if (zone.Length == 0 && input.Length == 10)
            {
                return LogTimestamp.FromDateTimeOffset(new DateTimeOffset(date, TimeSpan.Zero));
            }

            if (K8sFileReader.TryParseTime((input[..10] + "T00:00:00" + zone).AsSpan(), out time))
            {
                return time;
            }
        }

        if (IsGoFloat(input) && double.TryParse(input, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
        {
            var seconds = Math.Truncate(unix);
            var nanos = (long)((unix - seconds) * 1_000_000_000);
            return new LogTimestamp(((long)seconds * 1_000_000_000) + nanos, TimeSpan.Zero);
        }

        if (GoDuration.TryParse(input, out var nanoseconds))
        {
            var nowNanos = LogTimestamp.FromDateTimeOffset(now).UnixNanoseconds;
            return new LogTimestamp(since ? nowNanos - nanoseconds : nowNanos + nanoseconds, TimeSpan.Zero);
        }

        throw BerthException.InvalidArgument("unable to interpret time value");
    }

    private static bool IsGoFloat(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E') && text.Any(char.IsAsciiDigit);
}
