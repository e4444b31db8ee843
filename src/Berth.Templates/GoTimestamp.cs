using System.Globalization;

namespace Berth.Templates;

/// <summary>Go's <c>time.Time</c> with nanosecond precision (a <see cref="DateTimeOffset"/> has 100 ns ticks).
/// Templates also accept a plain <see cref="DateTimeOffset"/> wherever a time is expected.</summary>
public readonly struct GoTimestamp : IEquatable<GoTimestamp>, IComparable<GoTimestamp>
{
    private const long UnixEpochTicks = 621355968000000000L;

    private readonly DateTimeOffset _whole;
    private readonly int _nanos;

    /// <summary>A time from a <see cref="DateTimeOffset"/> (its sub-second ticks become nanoseconds).</summary>
    public GoTimestamp(DateTimeOffset time)
    {
        long sub = time.Ticks % TimeSpan.TicksPerSecond;
        _whole = time.AddTicks(-sub);
        _nanos = (int)(sub * 100);
    }

    /// <summary>A time whose sub-second part is <paramref name="nanosecond"/> (0 to 999 999 999).</summary>
    public GoTimestamp(DateTimeOffset time, int nanosecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanosecond);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nanosecond, 999_999_999);
        _whole = time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
        _nanos = nanosecond;
    }

    /// <summary>Go's zero time, <c>0001-01-01 00:00:00 +0000 UTC</c>.</summary>
    public static GoTimestamp Zero => default;

    /// <summary>The time truncated to whole seconds, in its own offset.</summary>
    public DateTimeOffset WholeSeconds => _whole == default ? DateTimeOffset.MinValue : _whole;

    /// <summary>The time as a <see cref="DateTimeOffset"/> (nanoseconds truncated to 100 ns ticks).</summary>
    public DateTimeOffset DateTimeOffset => WholeSeconds.AddTicks(_nanos / 100);

    public int Nanosecond => _nanos;

    public TimeSpan Offset => WholeSeconds.Offset;

    public bool IsZero => WholeSeconds.UtcTicks == 0 && _nanos == 0;

    /// <summary>Seconds since the Unix epoch (Go's <c>Unix()</c>).</summary>
    public long UnixSeconds => (WholeSeconds.UtcTicks - UnixEpochTicks) / TimeSpan.TicksPerSecond;

    /// <summary>Nanoseconds since the Unix epoch (Go's <c>UnixNano()</c>).</summary>
    public long UnixNanoseconds => (UnixSeconds * 1_000_000_000) + _nanos;

    public static implicit operator GoTimestamp(DateTimeOffset time) => new(time);

    public static GoTimestamp FromDateTimeOffset(DateTimeOffset time) => new(time);

    /// <summary>Go's <c>time.Unix(sec, nsec)</c> in the given offset (UTC by default).</summary>
    public static GoTimestamp FromUnix(long seconds, long nanoseconds = 0, TimeSpan offset = default)
    {
        seconds += Math.DivRem(nanoseconds, 1_000_000_000, out long rem);
        if (rem < 0)
        {
            seconds--;
            rem += 1_000_000_000;
        }
        var utc = new DateTimeOffset(UnixEpochTicks + (seconds * TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return new GoTimestamp(utc.ToOffset(offset), (int)rem);
    }

    /// <summary>Parses an RFC 3339 time with up to nine fractional digits (what Go's JSON decoding of time.Time accepts).</summary>
    public static GoTimestamp ParseRfc3339(string text)
    {
        if (!TryParseRfc3339(text, out var result))
        {
            throw new FormatException($"parsing time {GoStrconv.Quote(text)} as \"{GoTime.RFC3339}\": cannot parse");
        }
        return result;
    }

    public static bool TryParseRfc3339(string text, out GoTimestamp result)
    {
        result = default;
        if (text is null || text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
        {
            return false;
        }
        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)
            && !DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-ddtHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out wall))
        {
            return false;
        }
        int i = 19;
        int nanos = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            int digits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                if (digits < 9)
                {
                    nanos = (nanos * 10) + (text[i] - '0');
                }
                digits++;
                i++;
            }
            if (digits == 0)
            {
                return false;
            }
            for (int d = digits; d < 9; d++)
            {
                nanos *= 10;
            }
        }
        if (i >= text.Length)
        {
            return false;
        }
        TimeSpan offset;
        if (text[i] is 'Z' or 'z' && i + 1 == text.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (text[i] is '+' or '-' && i + 6 == text.Length && text[i + 3] == ':'
            && int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hh)
            && int.TryParse(text.AsSpan(i + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mm))
        {
            offset = new TimeSpan(hh, mm, 0);
            if (text[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }
        result = new GoTimestamp(new DateTimeOffset(wall, offset), nanos);
        return true;
    }

    /// <summary>Go's <c>Time.Add</c>.</summary>
    public GoTimestamp AddNanoseconds(long nanoseconds)
    {
        long total = _nanos + nanoseconds;
        long seconds = Math.DivRem(total, 1_000_000_000, out long rem);
        if (rem < 0)
        {
            seconds--;
            rem += 1_000_000_000;
        }
        return new GoTimestamp(WholeSeconds.AddSeconds(seconds), (int)rem);
    }

    /// <summary>Go's <c>Time.Sub</c>, in nanoseconds.</summary>
    public long SubtractNanoseconds(GoTimestamp other) =>
        ((WholeSeconds.UtcTicks - other.WholeSeconds.UtcTicks) / TimeSpan.TicksPerSecond * 1_000_000_000) + (_nanos - other._nanos);

    /// <summary>The same instant in another offset.</summary>
    public GoTimestamp ToOffset(TimeSpan offset) => new(WholeSeconds.ToOffset(offset), _nanos);

    public bool Equals(GoTimestamp other) => WholeSeconds.UtcTicks == other.WholeSeconds.UtcTicks && _nanos == other._nanos;

    public override bool Equals(object? obj) => obj is GoTimestamp other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(WholeSeconds.UtcTicks, _nanos);

    public int CompareTo(GoTimestamp other)
    {
        int c = WholeSeconds.UtcTicks.CompareTo(other.WholeSeconds.UtcTicks);
        return c != 0 ? c : _nanos.CompareTo(other._nanos);
    }

    public static bool operator ==(GoTimestamp left, GoTimestamp right) => left.Equals(right);

    public static bool operator !=(GoTimestamp left, GoTimestamp right) => !left.Equals(right);

    public static bool operator <(GoTimestamp left, GoTimestamp right) => left.CompareTo(right) < 0;

    public static bool operator >(GoTimestamp left, GoTimestamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(GoTimestamp left, GoTimestamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(GoTimestamp left, GoTimestamp right) => left.CompareTo(right) >= 0;

    /// <summary>Go's <c>Time.String()</c>.</summary>
    public override string ToString() => GoTime.String(this);
}
