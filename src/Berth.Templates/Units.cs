using System.Text;

namespace Berth.Templates;

/// <summary>docker/go-units human-readable sizes and durations, as podman prints them.</summary>
public static class Units
{
    private static readonly string[] DecimalAbbrs = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] BinaryAbbrs = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    private static (double Size, string Unit) SizeAndUnit(double size, double numberBase, string[] map)
    {
        int i = 0;
        int unitsLimit = map.Length - 1;
        while (size >= numberBase && i < unitsLimit)
        {
            size /= numberBase;
            i++;
        }
        return (size, map[i]);
    }

    /// <summary>go-units <c>HumanSizeWithPrecision</c>: decimal units with Go's <c>%.*g</c>, no space:
    /// 1999097 with precision 3 is <c>2MB</c>, 11431 is <c>11.4kB</c>.</summary>
    public static string HumanSizeWithPrecision(double size, int precision)
    {
        var (value, unit) = SizeAndUnit(size, 1000.0, DecimalAbbrs);
        return FormatG(value, precision) + unit;
    }

    /// <summary>go-units <c>HumanSize</c>: <see cref="HumanSizeWithPrecision"/> with precision 4.</summary>
    public static string HumanSize(double size) => HumanSizeWithPrecision(size, 4);

    /// <summary>go-units <c>BytesSize</c>: binary units with <c>%.4g</c>, e.g. <c>1.5KiB</c>.</summary>
    public static string BytesSize(double size)
    {
        var (value, unit) = SizeAndUnit(size, 1024.0, BinaryAbbrs);
        return FormatG(value, 4) + unit;
    }

    /// <summary>podman's image/container size column: <see cref="HumanSizeWithPrecision"/> with precision 3 and a
    /// space between number and unit, e.g. <c>2 MB</c>, <c>11.4 kB</c>.</summary>
    public static string PodmanSize(long size)
    {
        string s = HumanSizeWithPrecision(size, 3);
        int j = s.Length - 1;
        while (j >= 0 && !char.IsDigit(s[j]))
        {
            j--;
        }
        return string.Concat(s.AsSpan(0, j + 1), " ", s.AsSpan(j + 1));
    }

    private static string FormatG(double value, int precision)
    {
        var sb = new StringBuilder(16);
        new GoPrinter(sb).DoPrintf("%.*g", [precision, value]);
        return sb.ToString();
    }

    /// <summary>go-units <c>HumanDuration</c>: "Less than a second", "1 second", "About a minute", "3 hours",
    /// "2 days", "2 weeks", "3 months", "2 years".</summary>
    public static string HumanDuration(TimeSpan duration)
    {
        int seconds = (int)Math.Truncate(GoTime.Seconds(duration));
        if (seconds < 1)
        {
            return "Less than a second";
        }
        if (seconds == 1)
        {
            return "1 second";
        }
        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }
        int minutes = (int)Math.Truncate(GoTime.Minutes(duration));
        if (minutes == 1)
        {
            return "About a minute";
        }
        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }
        int hours = (int)Math.Truncate(GoTime.Hours(duration) + 0.5);
        if (hours == 1)
        {
            return "About an hour";
        }
        if (hours < 48)
        {
            return $"{hours} hours";
        }
        if (hours < 24 * 7 * 2)
        {
            return $"{hours / 24} days";
        }
        if (hours < 24 * 30 * 2)
        {
            return $"{hours / 24 / 7} weeks";
        }
        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24 / 30} months";
        }
        return $"{(int)Math.Truncate(GoTime.Hours(duration)) / 24 / 365} years";
    }
}
