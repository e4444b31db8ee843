namespace Berth.Cli.Commands.Trust;

/// <summary>Log lines of <c>image trust</c>.</summary>
internal static class TrustLog
{
    /// <summary>logrus's error line, as podman prints failures it shows no error for.</summary>
    public static void Error(string message)
    {
        if (CliLog.IsEnabled("error"))
        {
            CliLog.Output.WriteLine($"time=\"{CliLog.Rfc3339Now()}\" level=error msg=\"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
