using System.Globalization;
using System.Text.Json;
using Berth.Cli.CommandLine;
using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary>
/// Turning a parsed <c>run</c>/<c>create</c> line into <see cref="CreateFlags"/>. Errors: what pflag itself rejects
/// (a value of the wrong type) is a <see cref="UsageException"/> with the "See '… --help'" line; what podman's specgen and
/// libpod reject is a <see cref="BerthException"/> of kind InvalidArgument, with podman's message. Both exit 125.
/// </summary>
public sealed partial record CreateFlags
{
    /// <param name="options">The parsed flags of run or create.</param>
    /// <param name="args">The positional arguments: the image, then the command.</param>
    /// <param name="commandPath">The command path for usage errors (<c>podman run</c>).</param>
    public static CreateFlags Parse(ParsedOptions options, IReadOnlyList<string> args, string commandPath = "podman run")
    {
        if (args.Count == 0)
        {
            throw new UsageException("requires at least 1 arg(s), only received 0");
        }

        var has = (string name) => options.Changed(name);
        var text = (string name) => NullIfEmpty(options.GetString(name));
        var remove = Bool(options, "rm");
        var restart = ParseRestart(options.GetString("restart") ?? "");
        if (remove && restart.Name is not ("" or "no"))
        {
            throw BerthException.InvalidArgument("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"");
        }

        var (os, arch, variant) = ParsePlatform(text("platform"), text("os"), text("arch"), text("variant"));
        var healthDisabled = Bool(options, "no-healthcheck");
        var healthCmd = options.GetString("health-cmd") ?? "";
        if (healthDisabled && healthCmd.Length > 0)
        {
            throw BerthException.InvalidArgument("cannot specify both --no-healthcheck and --health-cmd");
        }

        var healthcheck = healthCmd.Length > 0 ? ParseHealthcheck(options, healthCmd) : null;
        if (healthcheck is { Test: ["NONE"] })
        {
            healthcheck = null;
            healthDisabled = true;
        }

        return new CreateFlags
        {
            Image = args[0],
            Command = args.Skip(1).ToArray(),
            Name = text("name"),
            Env = options.GetStrings("env"),
            EnvFiles = options.GetStrings("env-file"),
            EnvHost = Bool(options, "env-host"),
            UnsetEnv = options.GetStrings("unsetenv"),
            UnsetEnvAll = Bool(options, "unsetenv-all"),
            Entrypoint = has("entrypoint") ? ParseEntrypoint(options.GetString("entrypoint") ?? "") : null,
            Workdir = text("workdir"),
            User = text("user"),
            GroupAdd = options.GetStrings("group-add"),
            Hostname = text("hostname"),
            Init = Bool(options, "init"),
            InitPath = text("init-path"),
            Privileged = Bool(options, "privileged"),
            ReadOnly = Bool(options, "read-only"),
            ReadOnlyTmpfs = Bool(options, "read-only-tmpfs"),
            CapAdd = options.GetStrings("cap-add"),
            CapDrop = options.GetStrings("cap-drop"),
            Security = ParseSecurityOptions(options.GetStrings("security-opt")),
            Resources = ParseResources(options, commandPath),
            Ulimits = options.GetStrings("ulimit").Contains("host") ? [] : options.GetStrings("ulimit").Select(GoUnits.ParseUlimit).ToArray(),
            UlimitHost = options.GetStrings("ulimit").Contains("host"),
            Sysctls = ParseSysctls(options.GetStrings("sysctl")),
            Labels = ParseLabels(options.GetStrings("label-file"), options.GetStrings("label")),
            Annotations = ParseAnnotations(options.GetStrings("annotation")),
            StopSignal = has("stop-signal") && options.GetString("stop-signal") is { Length: > 0 } signal ? ParseSignal(signal) : null,
            StopTimeout = uint.Parse(options.GetString("stop-timeout") ?? "10", CultureInfo.InvariantCulture),
            Restart = restart,
            Log = ParseLog(options.GetString("log-driver") ?? "k8s-file", options.GetStrings("log-opt")),
            Healthcheck = healthcheck,
            HealthcheckDisabled = healthDisabled,
            HealthOnFailure = ParseHealthOnFailure(options.GetString("health-on-failure") ?? "none"),
            Tz = text("tz"),
            Pull = ParsePullPolicy(options.GetString("pull") ?? "missing"),
            Os = os,
            Arch = arch,
            Variant = variant,
            CidFile = text("cidfile"),
            DetachKeys = Declared(options, "detach-keys") ? options.GetString("detach-keys") : null,
            SigProxy = !Declared(options, "sig-proxy") || options.GetBool("sig-proxy"),
            ShmSize = text("shm-size") is { } shm ? ParseShmSize(shm) : null,
            OomScoreAdj = has("oom-score-adj") ? ParseOomScoreAdj(options.GetInt("oom-score-adj")) : null,
            Umask = text("umask") is { } umask ? ValidateUmask(umask) : null,
            Networks = [.. options.GetStrings("network"), .. options.GetStrings("net")],
            Detach = Declared(options, "detach") && options.GetBool("detach"),
            Interactive = Bool(options, "interactive"),
            Tty = Bool(options, "tty"),
            Remove = remove,
            Replace = Bool(options, "replace"),
            Attach = ParseAttach(options.GetStrings("attach")),
            Pod = text("pod"),
            InitContainerType = ParseInitContainerType(Declared(options, "init-ctr") ? text("init-ctr") : null, text("pod")),
            Publish = options.GetStrings("publish"),
            PortMappings = PortPublishParser.Parse(options.GetStrings("publish")),
            Expose = ExposedPortParser.ParseFlags(options.GetStrings("expose")),
            PublishAll = Bool(options, "publish-all"),
            Volumes = options.GetStrings("volume"),
            Mounts = options.GetStrings("mount"),
            Tmpfs = options.GetStrings("tmpfs"),
            Devices = options.GetStrings("device"),
            VolumesFrom = options.GetStrings("volumes-from"),
        };
    }

    private static bool Bool(ParsedOptions options, string name) => options.GetBool(name);

    /// <summary>podman's <c>--init-ctr</c> checks: a pod is needed first, then the value is always or once.</summary>
    private static string? ParseInitContainerType(string? value, string? pod) => value switch
    {
        null => null,
        _ when pod is null => throw BerthException.InvalidArgument("must specify pod value with init-ctr"),
        "always" or "once" => value,
        _ => throw BerthException.InvalidArgument("init-ctr value must be 'always' or 'once'"),
    };

    /// <summary>Flags only run has (detach, sig-proxy, …) are absent from create's options.</summary>
    private static bool Declared(ParsedOptions options, string name)
    {
        try
        {
            _ = options.GetString(name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>podman: a JSON array when the value parses as one, else the whole value as one word.</summary>
    internal static IReadOnlyList<string> ParseEntrypoint(string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(value);
                if (doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                {
                    return doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
                }
            }
            catch (JsonException)
            {
                // Not JSON: one word, as podman does.
            }
        }

        return [value];
    }

    private static ResourceFlags ParseResources(ParsedOptions options, string commandPath)
    {
        double cpus = 0;
        if (options.GetString("cpus") is { Length: > 0 } cpuText
            && !double.TryParse(cpuText, NumberStyles.Float, CultureInfo.InvariantCulture, out cpus))
        {
            // pflag's float64 flag rejects the value before podman sees it.
            throw new UsageException($"invalid argument \"{cpuText}\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"{cpuText}\": invalid syntax\nSee '{commandPath} --help'");
        }

        var period = options.Changed("cpu-period") ? ulong.Parse(options.GetString("cpu-period")!, CultureInfo.InvariantCulture) : (ulong?)null;
        var quota = options.Changed("cpu-quota") ? options.GetInt("cpu-quota") : (long?)null;
        if (cpus > 0)
        {
            if (period is > 0)
            {
                throw BerthException.InvalidArgument("--cpu-period and --cpus cannot be set together");
            }

            if (quota is not null and not 0)
            {
                throw BerthException.InvalidArgument("--cpu-quota and --cpus cannot be set together");
            }

            // podman's CoresToPeriodAndQuota: a 100ms period and the matching share of it.
            period = 100000;
            quota = (long)(cpus * 100000);
        }

        long? memory = Size(options, "memory");
        long? swap = options.GetString("memory-swap") switch
        {
            null or "" => null,
            "-1" => -1,
            var s => Ram(s),
        };
        if (swap is { } sw && sw != -1)
        {
            if (memory is null or 0)
            {
                throw BerthException.InvalidArgument("you should always set a memory limit when using a memoryswap limit, see usage");
            }

            if (sw < memory)
            {
                throw BerthException.InvalidArgument("minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }

        var swappiness = options.GetInt("memory-swappiness");
        return new ResourceFlags
        {
            Memory = memory,
            MemorySwap = swap,
            MemoryReservation = Size(options, "memory-reservation"),
            MemorySwappiness = swappiness >= 0 ? swappiness : null,
            OomKillDisable = options.GetBool("oom-kill-disable"),
            CpuPeriod = period is 0 ? null : period,
            CpuQuota = quota is 0 ? null : quota,
            CpuShares = options.Changed("cpu-shares") && options.GetString("cpu-shares") is { } shares && shares != "0" ? ulong.Parse(shares, CultureInfo.InvariantCulture) : null,
            CpusetCpus = NullIfEmpty(options.GetString("cpuset-cpus")),
            CpusetMems = NullIfEmpty(options.GetString("cpuset-mems")),
            PidsLimit = options.GetString("pids-limit") is { } pids ? long.Parse(pids, CultureInfo.InvariantCulture) : null,
        };
    }

    private static long? Size(ParsedOptions options, string name) =>
        options.GetString(name) is { Length: > 0 } value ? Ram(value) : null;

    internal static long Ram(string value)
    {
        try
        {
            return GoUnits.RamInBytes(value);
        }
        catch (BerthException e)
        {
            // podman says "memory" for --memory, --memory-reservation and --memory-swap alike.
            throw BerthException.InvalidArgument($"invalid value for memory: {e.Message}");
        }
    }

    private static long ParseShmSize(string value)
    {
        try
        {
            return GoUnits.RamInBytes(value);
        }
        catch (BerthException e)
        {
            throw BerthException.InvalidArgument($"unable to translate --shm-size: {e.Message}");
        }
    }
}
