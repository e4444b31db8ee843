namespace Berth.Runtime.Logs;

/// <summary>Which of the container's streams a log line came from.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}

/// <summary>
/// A time in a log file kept to the nanosecond (conmon writes nine digits, <c>podman logs -t</c> prints them) with the
/// offset it was written with.
/// </summary>
public readonly record struct LogTimestamp(long UnixNanoseconds, TimeSpan Offset) : IComparable<LogTimestamp>
{
    /// <summary>Times past 2262 (beyond a long of nanoseconds) saturate: they are later than any log line.</summary>
    public static LogTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new(ticks > long.MaxValue / 100 ? long.MaxValue : ticks * 100, time.Offset);
    }

    public DateTimeOffset ToDateTimeOffset() =>
        new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (UnixNanoseconds / 100), TimeSpan.Zero).ToOffset(Offset);

    public int CompareTo(LogTimestamp other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    public static bool operator <(LogTimestamp left, LogTimestamp right) => left.UnixNanoseconds < right.UnixNanoseconds;
    public static bool operator >(LogTimestamp left, LogTimestamp right) => left.UnixNanoseconds > right.UnixNanoseconds;
    public static bool operator <=(LogTimestamp left, LogTimestamp right) => left.UnixNanoseconds <= right.UnixNanoseconds;
    public static bool operator >=(LogTimestamp left, LogTimestamp right) => left.UnixNanoseconds >= right.UnixNanoseconds;

    /// <summary>podman's LogTimeFormat <c>2006-01-02T15:04:05.000000000Z07:00</c>: nine digits, "Z" for offset zero.</summary>
    public override string ToString()
    {
        var local = ToDateTimeOffset();
        var nanos = ((UnixNanoseconds % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        var zone = Offset == TimeSpan.Zero
            ? "Z"
            : (Offset < TimeSpan.Zero ? "-" : "+") + Offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "."
            + nanos.ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + zone;
    }
}

/// <summary>One line of a k8s-file log: <c>TIME STREAM F|P CONTENT</c>. A partial (P) line continues in the next line.</summary>
public sealed record LogEntry(LogTimestamp Time, LogStream Stream, bool Partial, byte[] Content);
