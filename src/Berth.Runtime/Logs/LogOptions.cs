namespace Berth.Runtime.Logs;

/// <summary>What <c>podman logs</c> asks of one log file.</summary>
public sealed record LogOptions
{
    /// <summary>Only lines written strictly after this time.</summary>
    public LogTimestamp? Since { get; init; }

    /// <summary>Only lines written strictly before this time.</summary>
    public LogTimestamp? Until { get; init; }

    /// <summary><c>--tail</c>: the last N full lines; 0 = none of the existing lines; negative = all.</summary>
    public long Tail { get; init; } = -1;

    /// <summary><c>--follow</c>: keep reading as the file grows until the container has exited.</summary>
    public bool Follow { get; init; }

    /// <summary>How often a followed file is checked for growth (podman's tail polls every 250 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    internal bool Accepts(LogEntry entry) =>
        (Since is null || entry.Time > Since.Value) && (Until is null || entry.Time < Until.Value);
}
