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

    public static void Debug(string message) => Write("debug", message);

    public static void Warn(string message) => Write("warning", message);

    private static void Write(string level, string message)
    {
        if (!IsEnabled(level == "warning" ? "warn" : level))
        {
            return;
        }

        var time = DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        Output.WriteLine($"time=\"{time}\" level={level} msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
    }
}
