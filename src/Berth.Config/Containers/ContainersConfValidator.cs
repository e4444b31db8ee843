using System.Globalization;

namespace Berth.Config;

/// <summary>
/// containers-common's <c>Config.Validate</c> checks, run once after all files are merged. Errors name the
/// file and line that set the offending value.
/// </summary>
internal static class ContainersConfValidator
{
    private static readonly HashSet<string> UlimitNames = new(StringComparer.Ordinal)
    {
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
    };

    public static void Validate(ContainersConf conf, ConfigEnvironment env)
    {
        var c = conf.Containers;
        foreach (var ulimit in c.DefaultUlimits)
        {
            if (ValidateUlimit(ulimit) is { } problem)
            {
                throw Fail(conf, "containers.default_ulimits", problem);
            }
        }

        foreach (var device in c.Devices)
        {
            if (!IsCdiName(device) && ValidateDevice(device) is { } problem)
            {
                throw Fail(conf, "containers.devices", problem);
            }
        }

        if (c.InterfaceName is not ("" or "device"))
        {
            throw Fail(conf, "containers.interface_name", $"invalid interface_name option '{c.InterfaceName}' (use \"device\" or remove the key)");
        }

        if (c.Tz is not ("" or "local") && !TimeZoneExists(c.Tz, env))
        {
            throw Fail(conf, "containers.tz", $"time zone '{c.Tz}' not found in the zoneinfo directories (use \"local\" or a zone name such as \"Europe/Paris\")");
        }

        if (!IsOctalUmask(c.Umask))
        {
            throw Fail(conf, "containers.umask", $"not a valid umask '{c.Umask}' (use an octal value such as \"0022\")");
        }

        if (c.LogPath.Length > 0 && (!Path.IsPathRooted(c.LogPath) || c.LogPath.Contains('\0', StringComparison.Ordinal)))
        {
            throw Fail(conf, "containers.log_path", $"log_path must be an absolute path, got '{c.LogPath}'");
        }

        if (c.LogSizeMax is >= 0 and < 8192)
        {
            throw Fail(conf, "containers.log_size_max", "log size max should be negative or >= 8192");
        }

        if (!HumanSize.TryParseDecimal(c.ShmSize, out _))
        {
            throw Fail(conf, "containers.shm_size", $"'{c.ShmSize}' is not a size (use a value such as \"64m\")");
        }

        var e = conf.Engine;
        RequireAbsolute(conf, "engine.static_dir", e.StaticDir, "static directory");
        RequireAbsolute(conf, "engine.tmp_dir", e.TmpDir, "temporary directory");
        RequireAbsolute(conf, "engine.volume_path", e.VolumePath, "volume path");
        if (e.ImageVolumeMode is not ("" or "anonymous" or "tmpfs" or "ignore"))
        {
            throw Fail(conf, "engine.image_volume_mode", $"invalid image volume mode '{e.ImageVolumeMode}' (required value: anonymous, tmpfs, ignore)");
        }

        if (e.PullPolicy.ToLowerInvariant() is not ("always" or "missing" or "ifmissing" or "ifnotpresent" or "" or "newer" or "ifnewer" or "never"))
        {
            throw Fail(conf, "engine.pull_policy", $"unsupported pull policy '{e.PullPolicy}' (use always, missing, newer or never)");
        }

        if (e.DatabaseBackend is not ("" or "sqlite" or "boltdb"))
        {
            throw Fail(conf, "engine.database_backend", $"unsupported database backend '{e.DatabaseBackend}' (use sqlite)");
        }
    }

    private static BerthException Fail(ContainersConf conf, string key, string problem)
    {
        var display = Toml.BindContext.DisplayKey(key);
        return conf.OriginOf(key) is { } origin
            ? BerthException.InvalidArgument($"{origin}: invalid value for {display}: {problem}")
            : BerthException.InvalidArgument($"containers.conf: invalid value for {display}: {problem}");
    }

    private static void RequireAbsolute(ContainersConf conf, string key, string? path, string what)
    {
        if (!string.IsNullOrEmpty(path) && !Path.IsPathRooted(path))
        {
            throw Fail(conf, key, $"{what} must be an absolute path, got '{path}'");
        }
    }

    /// <summary>go-units <c>ParseUlimit</c>: <c>name=soft[:hard]</c>.</summary>
    internal static string? ValidateUlimit(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return $"invalid ulimit argument '{value}' (use name=soft[:hard], e.g. nofile=1024:2048)";
        }

        var name = value[..eq];
        if (!UlimitNames.Contains(name))
        {
            return $"invalid ulimit type '{name}' in '{value}'";
        }

        var limits = value[(eq + 1)..].Split(':', 2);
        if (!long.TryParse(limits[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var soft))
        {
            return $"invalid soft limit in ulimit '{value}'";
        }

        var hard = soft;
        if (limits.Length == 2 && !long.TryParse(limits[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out hard))
        {
            return $"invalid hard limit in ulimit '{value}'";
        }

        return hard != -1 && soft > hard
            ? string.Create(CultureInfo.InvariantCulture, $"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard} in '{value}'")
            : null;
    }

    /// <summary>containers-common's <c>Device</c>: <c>/dev/src[:/dst][:rwm]</c>.</summary>
    internal static string? ValidateDevice(string device)
    {
        var parts = device.Split(':');
        if (parts.Length > 3)
        {
            return $"invalid device specification '{device}'";
        }

        if (parts.Length == 3 && !IsDeviceMode(parts[2]))
        {
            return $"invalid device mode '{parts[2]}' in '{device}'";
        }

        if (parts.Length >= 2 && !IsDeviceMode(parts[1]) && !parts[1].StartsWith('/'))
        {
            return $"invalid device mode '{parts[1]}' in '{device}'";
        }

        return parts[0].StartsWith("/dev/", StringComparison.Ordinal) ? null : $"invalid device '{device}': the source must be under /dev/";
    }

    private static bool IsDeviceMode(string mode) =>
        mode.Length > 0 && mode.All(ch => ch is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;

    /// <summary>A CDI fully qualified device name: <c>vendor.com/class=name</c>.</summary>
    private static bool IsCdiName(string device)
    {
        var eq = device.IndexOf('=', StringComparison.Ordinal);
        var slash = device.IndexOf('/', StringComparison.Ordinal);
        return eq > 0 && slash > 0 && slash < eq && eq < device.Length - 1 && !device.StartsWith('/');
    }

    /// <summary>Go's <c>strconv.ParseUint(umask, 8, 12)</c>: octal, at most 07777.</summary>
    private static bool IsOctalUmask(string umask)
    {
        var value = 0u;
        foreach (var ch in umask)
        {
            if (ch is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (uint)(ch - '0');
            if (value > 0xFFF)
            {
                return false;
            }
        }

        return umask.Length > 0;
    }

    private static bool TimeZoneExists(string tz, ConfigEnvironment env)
    {
        var dirs = env.Get("TZDIR") is { } tzdir
            ? [tzdir]
            : new[] { env.SystemPath("/usr/share/zoneinfo"), env.SystemPath("/etc/zoneinfo") };
        return dirs.Any(d => File.Exists(Path.Combine(d, tz)) || Directory.Exists(Path.Combine(d, tz)));
    }
}
