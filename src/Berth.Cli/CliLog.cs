using System.Globalization;

namespace Berth.Cli;

/// <summary>
/// podman's stderr log lines (logrus text format: <c>time="…" level=debug msg="…"</c>), filtered by --log-level.
/// </summary>
public static class CliLog
{
    private static readonly string[] Levels = ["trace", "debug", "info", "warn", "error", "fatal", "panic"];
    private static int _threshold = Array.IndexOf(Levels, "warn");

    public static TextWriter Output { get; set; } = TextWriter.Null;

    public static void SetLevel(string level) => _threshold = Array.IndexOf(Levels, level == "warning" ? "warn" : level);

    public static bool IsEnabled(string level) => Array.IndexOf(Levels, level) >= _threshold;

    /// <summary>Go's time.RFC3339 of now in local time: <c>Z</c> for UTC, else <c>±hh:mm</c>.</summary>
    public static string Rfc3339Now()
    {
        var now = DateTimeOffset.Now;
        var text = now.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return now.Offset == TimeSpan.Zero ? text + "Z" : text + now.ToString("zzz", CultureInfo.InvariantCulture);
    }

    public static void Debug(string message) => Write("debug", message);

    public static void Warn(string message) => Write("warning", message);

    private static void Write(string level, string message)
    {
        if (!IsEnabled(level == "warning" ? "warn" : level))
        {
            return;
        }

        Output.WriteLine($"time=\"{Rfc3339Now()}\" level={level} msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
    }
}
