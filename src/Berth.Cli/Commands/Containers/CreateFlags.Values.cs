using System.Globalization;
using System.Text.Json;
using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Cli.Commands;

/// <summary>The value parsers of <see cref="CreateFlags.Parse"/>, each with podman 4.3.1's error text.</summary>
public sealed partial record CreateFlags
{
    private static readonly string[] RestartPolicies = ["", "no", "on-failure", "always", "unless-stopped"];
    private static readonly string[] LogDrivers = ["k8s-file", "json-file", "journald", "none", "passthrough"];
    private static readonly string[] HealthActions = ["none", "kill", "restart", "stop"];

    internal static RestartPolicy ParseRestart(string value)
    {
        if (value.Length == 0)
        {
            return RestartPolicy.None;
        }

        var parts = value.Split(':');
        uint? retries = null;
        if (parts.Length == 2)
        {
            if (!parts[0].Equals("on-failure", StringComparison.OrdinalIgnoreCase))
            {
                throw BerthException.InvalidArgument("restart policy retries can only be specified with on-failure restart policy");
            }

            if (!int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                throw BerthException.InvalidArgument($"parsing restart policy retry count: strconv.Atoi: parsing \"{parts[1]}\": invalid syntax");
            }

            if (count < 0)
            {
                throw BerthException.InvalidArgument("must specify restart policy retry count as a number greater than 0");
            }

            retries = (uint)count;
        }
        else if (parts.Length > 2)
        {
            throw BerthException.InvalidArgument("invalid restart policy: may specify retries at most once");
        }

        // libpod's check, with the prefix podman prints for options it refuses while creating the container.
        return RestartPolicies.Contains(parts[0])
            ? new RestartPolicy(parts[0], retries)
            : throw BerthException.InvalidArgument($"running container create option: \"{parts[0]}\" is not a valid restart policy: invalid argument");
    }

    private static (string? Os, string? Arch, string? Variant) ParsePlatform(string? platform, string? os, string? arch, string? variant)
    {
        if (platform is null)
        {
            return (os, arch, variant);
        }

        if (os is not null || arch is not null)
        {
            throw BerthException.InvalidArgument("--platform option can not be specified with --arch or --os");
        }

        var parts = platform.Split('/');
        return (NullIfEmpty(parts[0]), parts.Length > 1 ? NullIfEmpty(parts[1]) : null, parts.Length > 2 ? NullIfEmpty(parts[2]) : variant);
    }

    /// <summary>podman's makeHealthCheckFromCli: a JSON array or a shell command, then the timings.</summary>
    private static HealthcheckFlags ParseHealthcheck(Berth.Cli.CommandLine.ParsedOptions options, string command)
    {
        List<string> test;
        var isArray = true;
        try
        {
            using var doc = JsonDocument.Parse(command);
            test = doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList()
                : throw new JsonException();
        }
        catch (JsonException)
        {
            test = [.. command.Split(' ', 2)];
            isArray = false;
        }

        if (test.Count == 0)
        {
            throw BerthException.InvalidArgument("must define a healthcheck command for all healthchecks");
        }

        var first = test[0].ToUpperInvariant();
        if (first is "CMD" or "NONE")
        {
            test = [.. command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
        }
        else if (first != "CMD-SHELL")
        {
            test = isArray && test.Count > 1 ? ["CMD", .. test] : ["CMD-SHELL", string.Join(' ', test)];
        }

        if (test[0].Equals("NONE", StringComparison.OrdinalIgnoreCase))
        {
            return new HealthcheckFlags { Test = ["NONE"] };
        }

        var interval = options.GetString("health-interval") ?? "30s";
        var retries = uint.Parse(options.GetString("health-retries") ?? "3", CultureInfo.InvariantCulture);
        var result = new HealthcheckFlags
        {
            Test = test,
            Interval = Duration("healthcheck-interval", interval == "disable" ? "0" : interval),
            Retries = retries >= 1 ? retries : throw BerthException.InvalidArgument("healthcheck-retries must be greater than 0"),
            Timeout = Duration("healthcheck-timeout", options.GetString("health-timeout") ?? "30s"),
            StartPeriod = Duration("healthcheck-start-period", options.GetString("health-start-period") ?? "0s"),
        };
        if (Nanoseconds("healthcheck-timeout", options.GetString("health-timeout") ?? "30s") < 1)
        {
            throw BerthException.InvalidArgument("healthcheck-timeout must be at least 1 second");
        }

        return result.StartPeriod < TimeSpan.Zero
            ? throw BerthException.InvalidArgument("healthcheck-start-period must be 0 seconds or greater")
            : result;
    }

    private static TimeSpan Duration(string what, string text) => TimeSpan.FromTicks(Nanoseconds(what, text) / 100);

    private static long Nanoseconds(string what, string text)
    {
        try
        {
            return GoDuration.ParseNanoseconds(text);
        }
        catch (FormatException e)
        {
            throw BerthException.InvalidArgument($"invalid {what}: {e.Message}");
        }
    }

    private static string ParseHealthOnFailure(string value) =>
        HealthActions.Contains(value)
            ? value
            : throw BerthException.InvalidArgument($"invalid on-failure action \"{value}\" for health check: supported actions are none,kill,restart,stop");

    /// <summary>podman's specgen loop over <c>--security-opt</c> ("=" or Docker's deprecated ":" separator).</summary>
    internal static SecurityOptions ParseSecurityOptions(IReadOnlyList<string> values)
    {
        var result = new SecurityOptions();
        foreach (var opt in values)
        {
            if (opt == "no-new-privileges")
            {
                result = result with { NoNewPrivileges = true };
                continue;
            }

            var parts = opt.Split(opt.Contains('=') ? '=' : ':', 2);
            if (parts.Length != 2)
            {
                throw BerthException.InvalidArgument($"invalid --security-opt 1: \"{opt}\"");
            }

            var value = parts[1];
            result = parts[0] switch
            {
                "apparmor" => result with { ApparmorProfile = value },
                "label" => result with { Labels = [.. result.Labels, value] },
                "mask" => result with { Mask = [.. result.Mask, .. value.Split(':')] },
                "proc-opts" => result with { ProcOpts = value.Split(',') },
                "seccomp" => result with { SeccompProfile = value },
                "systempaths" => value == "unconfined"
                    ? result with { Unmask = [.. result.Unmask, "ALL"] }
                    : throw BerthException.InvalidArgument($"invalid systempaths option \"{value}\", only `unconfined` is supported"),
                "unmask" => result with { Unmask = [.. result.Unmask, value] },
                "no-new-privileges" => result with
                {
                    NoNewPrivileges = GoBool(value) ?? throw BerthException.InvalidArgument($"invalid --security-opt 2: \"{opt}\""),
                },
                _ => throw BerthException.InvalidArgument($"invalid --security-opt 2: \"{opt}\""),
            };
        }

        return result;
    }

    private static bool? GoBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    private static Dictionary<string, string> ParseSysctls(IReadOnlyList<string> values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var parts = value.Split('=');
            if (parts.Length < 2)
            {
                throw BerthException.InvalidArgument($"{value} is invalid, sysctl values must be in the form of KEY=VALUE");
            }

            // podman rebuilds "key=value" from the first two fields, trimmed, and refuses anything that differs.
            if ($"{parts[0].Trim()}={parts[1].Trim()}" != value)
            {
                throw BerthException.InvalidArgument($"'{value}' is invalid, extra spaces found");
            }

            result[parts[0]] = parts[1];
        }

        return result;
    }

    internal static Dictionary<string, string> ParseLabels(IReadOnlyList<string> files, IReadOnlyList<string> labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw BerthException.InvalidArgument($"unable to process labels: open {file}: no such file or directory");
            }

            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    AddKeyValue(result, line);
                }
            }
        }

        foreach (var label in labels)
        {
            AddKeyValue(result, label);
        }

        return result;
    }

    private static void AddKeyValue(Dictionary<string, string> map, string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        map[eq < 0 ? entry : entry[..eq]] = eq < 0 ? "" : entry[(eq + 1)..];
    }

    private static Dictionary<string, string> ParseAnnotations(IReadOnlyList<string> values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw BerthException.InvalidArgument("annotations must be formatted KEY=VALUE");
            }

            result[value[..eq]] = value[(eq + 1)..];
        }

        return result;
    }

    internal static int ParseSignal(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 64)
        {
            throw BerthException.InvalidArgument("valid signals are 1 through 64");
        }

        return Signals.Parse(text);
    }

    private static LogFlags ParseLog(string driver, IReadOnlyList<string> options)
    {
        var log = new LogFlags { Driver = driver };
        var other = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var parts = option.Split('=', 2);
            if (parts.Length < 2)
            {
                throw BerthException.InvalidArgument($"invalid log option \"{option}\"");
            }

            switch (parts[0].ToLowerInvariant())
            {
                case "driver":
                    log = log with { Driver = parts[1] };
                    break;
                case "path":
                    log = log with { Path = parts[1] };
                    break;
                case "max-size":
                    log = log with { MaxSize = GoUnits.FromHumanSize(parts[1]) };
                    break;
                case "tag":
                    log = log with { Tag = parts[1] };
                    other[parts[0]] = parts[1];
                    break;
                default:
                    other[parts[0]] = parts[1];
                    break;
            }
        }

        return LogDrivers.Contains(log.Driver)
            ? log with { Options = other }
            : throw BerthException.InvalidArgument("running container create option: invalid log driver: invalid argument");
    }

    /// <summary>containers/common's ParsePullPolicy, with its aliases.</summary>
    internal static PullPolicy ParsePullPolicy(string value) => value switch
    {
        "always" or "Always" => PullPolicy.Always,
        "missing" or "Missing" or "ifnotpresent" or "IfNotPresent" or "" => PullPolicy.Missing,
        "newer" or "Newer" or "ifnewer" or "IfNewer" => PullPolicy.Newer,
        "never" or "Never" => PullPolicy.Never,
        _ => throw BerthException.InvalidArgument($"unsupported pull policy \"{value}\""),
    };

    /// <summary>
    /// The kernel's range. podman 4.3 passes any value on and runc fails at start; Berth refuses it while creating, in
    /// the words of the kernel's documented range.
    /// </summary>
    private static int ParseOomScoreAdj(long value) =>
        value is >= -1000 and <= 1000
            ? (int)value
            : throw BerthException.InvalidArgument($"oom-score-adj must be between -1000 and 1000, got {value}");

    private static string ValidateUmask(string umask) =>
        umask.Length is >= 1 and <= 4 && umask.All(c => c is >= '0' and <= '7')
            ? umask
            : throw BerthException.InvalidArgument($"running container create option: invalid umask string {umask}: invalid argument");

    private static string[] ParseAttach(IReadOnlyList<string> streams) =>
        streams.Select(s => s.ToLowerInvariant() is "stdin" or "stdout" or "stderr"
            ? s.ToLowerInvariant()
            : throw BerthException.InvalidArgument($"invalid stream \"{s}\" for --attach - must be one of stdin, stdout, or stderr: invalid argument")).ToArray();
}
