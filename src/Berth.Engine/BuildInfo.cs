using System.Globalization;

namespace Berth.Engine;

/// <summary>Which Berth this is: version, commit and build time (the commit's time, so builds are reproducible).</summary>
public static class BuildInfo
{
    public static string Version => GeneratedBuildInfo.Version;

    /// <summary>The libpod REST API version Berth's API will speak (podman's own version numbering).</summary>
    public static string ApiVersion => GeneratedBuildInfo.Version;

    public static string GitCommit => GeneratedBuildInfo.GitCommit;

    /// <summary>Seconds since the epoch of the commit this was built from (0 when unknown).</summary>
    public static long Built => GeneratedBuildInfo.Built;

    /// <summary>Go's time.Time.Format(time.ANSIC) of <see cref="Built"/> in local time, as podman prints BuiltTime.</summary>
    public static string BuiltTime
    {
        get
        {
            var t = DateTimeOffset.FromUnixTimeSeconds(Built).ToLocalTime();
            return t.ToString("ddd MMM ", CultureInfo.InvariantCulture)
                + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
                + t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The runtime Berth is built with, where podman names its Go version.</summary>
    public static string RuntimeVersion => $"dotnet{Environment.Version}";
}
