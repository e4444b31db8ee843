namespace Berth.Runtime.Stats;

/// <summary>Turns a runtime spec's linux.cgroupsPath into a path below the cgroup mount.</summary>
public static class CgroupPaths
{
    /// <summary>
    /// "/libpod_parent/libpod-ID" stays as it is; the systemd form "machine.slice:libpod:ID" becomes
    /// "/machine.slice/libpod-ID.scope", nested slices ("a-b.slice") expanded as systemd does ("/a.slice/a-b.slice").
    /// </summary>
    public static string Resolve(string cgroupsPath)
    {
        var parts = cgroupsPath.Split(':');
        if (parts.Length != 3 || cgroupsPath.StartsWith('/'))
        {
            return cgroupsPath.StartsWith('/') ? cgroupsPath : "/" + cgroupsPath;
        }

        return ExpandSlice(parts[0]) + "/" + (parts[1].Length == 0 ? parts[2] : $"{parts[1]}-{parts[2]}") + ".scope";
    }

    /// <summary>systemd's slice path: "a-b-c.slice" lives in "/a.slice/a-b.slice/a-b-c.slice"; "-.slice" or "" is the root.</summary>
    public static string ExpandSlice(string slice)
    {
        if (slice is "" or "-.slice")
        {
            return "";
        }

        var name = slice.EndsWith(".slice", StringComparison.Ordinal) ? slice[..^6] : slice;
        var path = "";
        var prefix = "";
        foreach (var part in name.Split('-'))
        {
            prefix = prefix.Length == 0 ? part : $"{prefix}-{part}";
            path += $"/{prefix}.slice";
        }

        return path;
    }
}
