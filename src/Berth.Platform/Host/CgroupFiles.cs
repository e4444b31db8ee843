using System.Globalization;

namespace Berth.Platform.Host;

/// <summary>One line of a block I/O statistics file: device, operation (Read, Write, rbytes, …) and value.</summary>
public readonly record struct BlockIoEntry(uint Major, uint Minor, string Operation, ulong Value);

/// <summary>Byte and packet counters of one network interface from /proc/&lt;pid&gt;/net/dev.</summary>
public readonly record struct NetDeviceCounters(string Name, ulong ReceivedBytes, ulong TransmittedBytes);

/// <summary>One line of /proc/&lt;pid&gt;/cgroup: hierarchy ID, controllers (empty for the unified hierarchy) and path.</summary>
public readonly record struct ProcessCgroup(int HierarchyId, IReadOnlyList<string> Controllers, string Path);

/// <summary>Parsers for cgroup v1/v2 interface files and the related /proc files. Each takes the text, so tests feed recorded contents.</summary>
public static class CgroupFiles
{
    /// <summary>A single-value file (cpuacct.usage, memory.current, pids.current, …); "max" is <see cref="ulong.MaxValue"/>.</summary>
    public static ulong ParseValue(string text)
    {
        var v = text.Trim();
        return v == "max" ? ulong.MaxValue : ulong.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>A space-separated list of values on one line (cpuacct.usage_percpu).</summary>
    public static IReadOnlyList<ulong> ParseValueList(string text) =>
        text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => ulong.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A flat-keyed file ("key value" lines: memory.stat, cpu.stat); unparsable values are skipped.</summary>
    public static IReadOnlyDictionary<string, ulong> ParseFlatKeyed(string text)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var fields = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2)
            {
                result[fields[0]] = fields[1] == "max"
                    ? ulong.MaxValue
                    : ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            }
        }

        return result;
    }

    /// <summary>v1 blkio.throttle.io_service_bytes(_recursive): "major:minor Op value" lines; the "Total" line has no device and is skipped.</summary>
    public static IReadOnlyList<BlockIoEntry> ParseBlkioServiceBytes(string text)
    {
        var result = new List<BlockIoEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var fields = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || !TryDevice(fields[0], out var major, out var minor))
            {
                continue;
            }

            result.Add(new BlockIoEntry(major, minor, fields[1], ulong.Parse(fields[2], CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>v2 io.stat: "major:minor rbytes=… wbytes=… rios=… …" lines, one entry per key=value.</summary>
    public static IReadOnlyList<BlockIoEntry> ParseIoStat(string text)
    {
        var result = new List<BlockIoEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var fields = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !TryDevice(fields[0], out var major, out var minor))
            {
                continue;
            }

            foreach (var pair in fields.Skip(1))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && ulong.TryParse(pair.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                {
                    result.Add(new BlockIoEntry(major, minor, pair[..eq], v));
                }
            }
        }

        return result;
    }

    /// <summary>/proc/&lt;pid&gt;/net/dev: two header lines, then "name: rx_bytes rx_packets … tx_bytes …".</summary>
    public static IReadOnlyList<NetDeviceCounters> ParseNetDev(string text)
    {
        var result = new List<NetDeviceCounters>();
        foreach (var raw in text.Split('\n'))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || raw.Contains('|', StringComparison.Ordinal))
            {
                continue;
            }

            var fields = raw[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 9)
            {
                continue;
            }

            result.Add(new NetDeviceCounters(
                raw[..colon].Trim(),
                ulong.Parse(fields[0], CultureInfo.InvariantCulture),
                ulong.Parse(fields[8], CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>/proc/&lt;pid&gt;/cgroup: "id:controller,controller:path" lines ("0::path" for the unified hierarchy).</summary>
    public static IReadOnlyList<ProcessCgroup> ParseProcessCgroups(string text)
    {
        var result = new List<ProcessCgroup>();
        foreach (var raw in text.Split('\n'))
        {
            var parts = raw.Split(':', 3);
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            result.Add(new ProcessCgroup(id, parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries), parts[2]));
        }

        return result;
    }

    /// <summary>cgroup.procs: one PID a line.</summary>
    public static IReadOnlyList<int> ParsePidList(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

    private static bool TryDevice(string text, out uint major, out uint minor)
    {
        major = minor = 0;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && uint.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }
}
