using System.Globalization;

namespace Berth.Network.Model;

/// <summary>Go's RFC 3339 with nanoseconds (trailing zeros dropped), as podman writes <c>created</c>.</summary>
public static class NetworkTimestamp
{
    public static string Format(DateTimeOffset time)
    {
        var local = TimeZoneInfo.Local == TimeZoneInfo.Utc ? time.ToUniversalTime() : time.ToLocalTime();
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + (TimeZoneInfo.Local == TimeZoneInfo.Utc ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
    }

    /// <summary>Parses podman's form (up to nine fraction digits); null when it is not a time.</summary>
    public static DateTimeOffset? TryParse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            // .NET reads at most seven fraction digits: cut the rest before the zone.
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;
    }
}
