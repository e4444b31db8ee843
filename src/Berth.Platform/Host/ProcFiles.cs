using System.Globalization;

namespace Berth.Platform.Host;

/// <summary>Parsers for the /proc and /etc files the engine reads about its host. Each takes the text, so tests feed fixtures.</summary>
public static class ProcFiles
{
    /// <summary>Values of /proc/meminfo in bytes, by field name (MemTotal, MemAvailable, SwapFree, …).</summary>
    public static IReadOnlyDictionary<string, long> ParseMemInfo(string text)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var colon = raw.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var rest = raw[(colon + 1)..].Trim();
            var unit = 1L;
            if (rest.EndsWith(" kB", StringComparison.Ordinal))
            {
                rest = rest[..^3];
                unit = 1024;
            }

            if (long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                result[raw[..colon].ToString()] = value * unit;
            }
        }

        return result;
    }

    /// <summary>Seconds since boot from /proc/uptime.</summary>
    public static double ParseUptime(string text)
    {
        var span = text.AsSpan().Trim();
        var space = span.IndexOf(' ');
        return double.Parse(space < 0 ? span : span[..space], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>KEY=value pairs of os-release(5), quotes removed.</summary>
    public static IReadOnlyDictionary<string, string> ParseOsRelease(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            result[line[..eq].ToString()] = value.ToString();
        }

        return result;
    }

    /// <summary>User, system and idle shares (percent, two decimals) of all CPU time since boot, from /proc/stat.</summary>
    public static (double User, double System, double Idle) ParseCpuUsage(string text)
    {
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (!raw.StartsWith("cpu ", StringComparison.Ordinal))
            {
                continue;
            }

            Span<long> v = stackalloc long[10];
            var n = 0;
            foreach (var range in raw[4..].Split(' '))
            {
                var field = raw[4..][range];
                if (field.IsEmpty || n == v.Length)
                {
                    continue;
                }

                v[n++] = long.Parse(field, CultureInfo.InvariantCulture);
            }

            // user nice system idle iowait irq softirq steal guest guest_nice
            double total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
            if (total <= 0)
            {
                break;
            }

            return (Round(100 * (v[0] + v[1]) / total), Round(100 * (v[2] + v[5] + v[6]) / total), Round(100 * (v[3] + v[4]) / total));
        }

        return (0, 0, 0);

        static double Round(double d) => Math.Round(d, 2);
    }

    /// <summary>Names of enabled controllers in /proc/cgroups (cgroup v1 hierarchy list).</summary>
    public static IReadOnlyList<string> ParseEnabledCgroupControllers(string text)
    {
        var result = new List<string>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (raw.IsEmpty || raw[0] == '#')
            {
                continue;
            }

            var fields = raw.ToString().Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 4 && fields[3] == "1")
            {
                result.Add(fields[0]);
            }
        }

        return result;
    }
}
