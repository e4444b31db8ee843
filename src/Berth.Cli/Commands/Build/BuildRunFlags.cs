using Berth.Build.Builders;
using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Mounts;
using Berth.Oci;
using Berth.Platform;
using Berth.Runtime.Spec;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>podman build</c>'s flags for the RUN containers (buildah 1.28's CommonBuildOptions, security options and
/// namespace options) turned into <see cref="RunContainerOptions"/>, with podman 4.3.1's messages (exit 125). The value
/// parsers are the container flags' (<see cref="GoUnits"/>, <see cref="DeviceFlag"/>, <see cref="Capabilities"/>);
/// only the wording podman build uses differs. What buildah checks only when a RUN starts (<c>--ulimit</c>, the
/// seccomp file) fails there, named by the step.
/// </summary>
public static class BuildRunFlags
{
    /// <param name="o">The parsed flags; flags the command lacks (buildah run has only some) count as not given.</param>
    /// <param name="checkCapabilities">False where the caller checks capability names with its own messages (buildah run).</param>
    public static RunContainerOptions Parse(ParsedOptions o, bool checkCapabilities = true)
    {
        var (seccomp, apparmor) = SecurityOptions(o.GetStrings("security-opt"));
        var (ulimits, ulimitError) = Ulimits(o.Changed("ulimit") ? o.GetStrings("ulimit") : []);
        return new RunContainerOptions
        {
            CapAdd = checkCapabilities ? Caps(o.GetStrings("cap-add")) : o.GetStrings("cap-add"),
            CapDrop = checkCapabilities ? Caps(o.GetStrings("cap-drop")) : o.GetStrings("cap-drop"),
            SeccompProfile = seccomp,
            ApparmorProfile = apparmor,
            Memory = Memory(o),
            Cpu = Cpu(o),
            CgroupParent = Text(o, "cgroup-parent"),
            Ulimits = ulimits,
            RunError = ulimitError,
            ShmSize = o.Changed("shm-size") ? Size(o.GetString("shm-size") ?? "", "invalid --shm-size") : null,
            Ipc = Namespace(o, "ipc", "ipc"),
            Pid = Namespace(o, "pid", "pid"),
            Uts = Namespace(o, "uts", "uts"),
            Cgroup = Namespace(o, "cgroupns", "cgroup"),
            Devices = Devices(o.GetStrings("device")),
            RuntimeFlags = [.. o.GetStrings("runtime-flag").Select(f => "--" + f)],
        };
    }

    /// <summary>Each name must be a capability (or ALL); buildah's message, wrapped as podman wraps executor errors.</summary>
    private static string[] Caps(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            try
            {
                Capabilities.Normalize(name);
            }
            catch (BerthException)
            {
                var upper = name.Trim().ToUpperInvariant();
                var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
                throw BerthException.InvalidArgument($"creating build executor: \"{full}\": unknown capability");
            }
        }

        return [.. names];
    }

    /// <summary>
    /// buildah's security options: name=value only ("seccomp:…" is refused), label (nothing to do without SELinux),
    /// apparmor, seccomp; bare no-new-privileges is refused; anything else is podman's "invalid --security-opt 2".
    /// </summary>
    private static (string? Seccomp, string? Apparmor) SecurityOptions(IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            if (value == "no-new-privileges")
            {
                throw BerthException.InvalidArgument("no-new-privileges is not supported");
            }

            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw BerthException.InvalidArgument($"invalid --security-opt name=value pair: \"{value}\"");
            }

            if (value[..eq] is not ("label" or "apparmor" or "seccomp"))
            {
                throw BerthException.InvalidArgument($"invalid --security-opt 2: \"{value}\"");
            }
        }

        // The split itself is the container flags' (last value wins there too).
        var parsed = CreateFlags.ParseSecurityOptions(values);
        return (parsed.SeccompProfile is { Length: > 0 } s ? s : null, parsed.ApparmorProfile is { Length: > 0 } a ? a : null);
    }

    /// <summary>go-units ulimits as the container flags parse them; the first bad one becomes the RUN step's error.</summary>
    private static (IReadOnlyList<string> Ulimits, string? Error) Ulimits(IReadOnlyList<string> values)
    {
        var result = new List<string>();
        foreach (var value in values)
        {
            try
            {
                var u = GoUnits.ParseUlimit(value);
                result.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{u.Name}={u.Soft}:{u.Hard}"));
            }
            catch (BerthException e)
            {
                return ([], e.Message);
            }
        }

        return (result, null);
    }

    /// <summary><c>--memory</c> and <c>--memory-swap</c> (-1 = unlimited swap); the values go to the runtime unchecked, as in buildah.</summary>
    private static LinuxMemory? Memory(ParsedOptions o)
    {
        long? memory = Text(o, "memory") is { } m ? Size(m, "invalid value for memory") : null;
        long? swap = Text(o, "memory-swap") switch
        {
            null or "" => null,
            "-1" => -1,
            var s => Size(s, "invalid value for memory-swap"),
        };
        return memory is null && swap is null ? null : new LinuxMemory { Limit = memory, Swap = swap };
    }

    private static LinuxCpu? Cpu(ParsedOptions o)
    {
        // pflag has already checked the numbers (uint, int, uint); 0 means not set, as in buildah.
        ulong? period = UInt(o, "cpu-period");
        long? quota = o.Changed("cpu-quota") && o.GetInt("cpu-quota") is var q and not 0 ? q : null;
        ulong? shares = UInt(o, "cpu-shares");
        var cpus = Text(o, "cpuset-cpus");
        var mems = Text(o, "cpuset-mems");
        return period is null && quota is null && shares is null && cpus is null && mems is null
            ? null
            : new LinuxCpu { Period = period, Quota = quota, Shares = shares, Cpus = cpus, Mems = mems };
    }

    /// <summary>A given, non-empty value; null also for a flag the command does not have (buildah's commands have fewer).</summary>
    private static string? Text(ParsedOptions o, string name) => o.Changed(name) && o.GetString(name) is { Length: > 0 } value ? value : null;

    private static ulong? UInt(ParsedOptions o, string name) =>
        o.Changed(name) && ulong.TryParse(o.GetString(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;

    private static long Size(string value, string prefix)
    {
        try
        {
            return GoUnits.RamInBytes(value);
        }
        catch (BerthException e)
        {
            throw BerthException.InvalidArgument($"{prefix}: {e.Message}");
        }
    }

    /// <summary>
    /// buildah's namespace choice: "", "container" or "private" = its own, "host", else the path of one to join
    /// ("ns:" prefix optional), which must exist.
    /// </summary>
    private static NamespaceChoice? Namespace(ParsedOptions o, string flag, string what)
    {
        if (!o.Changed(flag))
        {
            return null;
        }

        var how = o.GetString(flag) ?? "";
        switch (how)
        {
            case "" or "container" or "private":
                return NamespaceChoice.Private;
            case "host":
                return NamespaceChoice.Host;
        }

        var path = how.StartsWith("ns:", StringComparison.Ordinal) ? how[3..] : how;
        string? problem;
        try
        {
            problem = path.Length > 0 && UnixFileSystem.TryStat(path) is not null ? null : "no such file or directory";
        }
        catch (IOException e)
        {
            problem = e.HResult == 13 ? "permission denied" : e.Message[(e.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].ToLowerInvariant();
        }

        return problem is null
            ? new NamespaceChoice(NamespaceKind.Path, path)
            : throw BerthException.InvalidArgument($"checking {what} namespace: stat {path}: {problem}");
    }

    /// <summary>
    /// <c>--device</c> through the container flags' parser and host lookup; podman build words a missing source as
    /// "getting info of source device" and prefixes every device error with "creating build executor".
    /// </summary>
    private static IReadOnlyList<SpecDevice> Devices(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        try
        {
            return [.. DeviceFlag.Parse(values, MountHost.System()).SelectMany(HostDevices.Expand)];
        }
        catch (BerthException e)
        {
            var missing = values.Select(v => v.Split(':')[0]).FirstOrDefault(p => e.Message == $"stat {p}: no such file or directory");
            var message = missing is null ? e.Message : $"getting info of source device {missing}: {e.Message}";
            throw BerthException.InvalidArgument($"creating build executor: {message}");
        }
    }
}
