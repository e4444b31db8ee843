using Berth.Engine.Containers;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>What inspect shows of a container besides its record: where its files are and what its spec says.</summary>
public sealed record ContainerInspectFacts
{
    public required string Bundle { get; init; }
    public required string StaticDir { get; init; }
    public required string Driver { get; init; }
    public required string OciRuntime { get; init; }
    /// <summary>The spec written at init (config.json in the bundle), when there is one.</summary>
    public RuntimeSpec? Spec { get; init; }
    /// <summary>Capabilities podman would give the container when there is no spec yet.</summary>
    public IReadOnlyList<string> DefaultCapabilities { get; init; } = [];
    /// <summary>overlay's LowerDir, UpperDir, WorkDir, MergedDir (null for vfs).</summary>
    public IReadOnlyDictionary<string, string>? GraphData { get; init; }
    public ContainerSize? Size { get; init; }
    public long PidsLimit { get; init; }
    public IReadOnlyList<(string Name, ulong Soft, ulong Hard)> Ulimits { get; init; } = [];
    /// <summary>
    /// The environment before the container is initialised (podman shows the spec made at create: its defaults,
    /// containers.conf's env, the image's, the user's; HOSTNAME comes only with init). Null: the user's alone.
    /// </summary>
    public IReadOnlyList<string>? CreateEnv { get; init; }

    /// <summary>What inspect shows of the container's volumes and mounts (Mounts, HostConfig.Binds/Tmpfs/Devices/VolumesFrom).</summary>
    public Engine.Containers.Mounts.InspectMounts? Mounts { get; init; }
}

/// <summary>
/// podman 4.3's <c>define.InspectContainerData</c> for <c>container inspect</c>: field names, order, types and JSON
/// shapes as podman prints them (recorded in tests/Berth.Cli.Tests/Golden/containers/inspect). Paths are Berth's own.
/// </summary>
public static partial class ContainerInspectView
{
    private static IReadOnlyList<string> AllCaps => Berth.Runtime.Spec.Capabilities.All;

    // podman 4.3's compiled-in defaults, which HostConfig.CapDrop is computed against (not containers.conf's list).
    private static readonly string[] DefaultCaps =
        ["CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD", "CAP_NET_BIND_SERVICE",
         "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"];

    public static GoStruct Build(Container c, ContainerInspectFacts f)
    {
        var cfg = c.Config;
        var state = c.State;
        var hasRuntimeFiles = c.IsActive || state.StartedAt != default;
        var command = ContainerViews.Command(c);
        var caps = Capabilities(c, f);
        var s = new GoStruct("*define.InspectContainerData")
            .Add("ID", c.Id, json: "Id")
            .Add("Created", (GoTimestamp)cfg.Created)
            .Add("Path", command.Count > 0 ? command[0] : "")
            .Add("Args", Strings(command.Skip(1)))
            .Add("State", State(c))
            .Add("Image", cfg.ImageId ?? "")
            .Add("ImageDigest", cfg.ImageDigest)
            .Add("ImageName", cfg.ImageName)
            .Add("Rootfs", "")
            .Add("Pod", "")
            .Add("ResolvConfPath", "")
            .Add("HostnamePath", hasRuntimeFiles ? Path.Combine(f.Bundle, "hostname") : "")
            .Add("HostsPath", hasRuntimeFiles ? Path.Combine(f.Bundle, "hosts") : "")
            .Add("StaticDir", f.StaticDir)
            .Add("OCIConfigPath", f.Spec is null ? "" : Path.Combine(f.Bundle, "config.json"), omitEmpty: true)
            .Add("OCIRuntime", f.OciRuntime)
            .Add("ConmonPidFile", Path.Combine(f.Bundle, "conmon.pid"))
            .Add("PidFile", Path.Combine(f.Bundle, "pidfile"))
            .Add("Name", c.Name)
            .Add("RestartCount", state.RestartCount)
            .Add("Driver", f.Driver)
            .Add("MountLabel", "")
            .Add("ProcessLabel", "")
            .Add("AppArmorProfile", "")
            .Add("EffectiveCaps", Strings(caps.Effective))
            .Add("BoundingCaps", Strings(caps.Bounding))
            .Add("ExecIDs", Strings(state.ExecIds))
            .Add("GraphDriver", new GoStruct(
                "*define.DriverData",
                new("Name", "Name", f.Driver),
                new("Data", "Data", (object?)f.GraphData ?? GoTypedNil.Of("map[string]string"))))
            .Add("SizeRw", f.Size is { } rw ? new GoPointer(rw.RwSize, "*int64") : GoTypedNil.Of("*int64"), omitEmpty: true)
            .Add("SizeRootFs", f.Size?.RootFsSize ?? 0L, omitEmpty: true)
            .Add("Mounts", new GoSlice("[]define.InspectMount", [.. (f.Mounts?.Mounts ?? []).Select(MountView)]))
            .Add("Dependencies", Strings([]))
            .Add("NetworkSettings", NetworkSettings(c))
            .Add("Namespace", "")
            .Add("IsInfra", false)
            .Add("IsService", false)
            .Add("Config", Config(c, f))
            .Add("HostConfig", HostConfig(c, f, caps));
        return s;
    }

    private static GoStruct MountView(Engine.Containers.Mounts.InspectMount m) => new GoStruct("define.InspectMount")
        .Add("Type", m.Type)
        .Add("Name", m.Name, omitEmpty: true)
        .Add("Source", m.Source)
        .Add("Destination", m.Destination)
        .Add("Driver", m.Driver)
        .Add("Mode", m.Mode)
        .Add("Options", m.Options is null ? GoTypedNil.Of("[]string") : Strings(m.Options))
        .Add("RW", m.RW)
        .Add("Propagation", m.Propagation);

    private static GoSlice Strings(IEnumerable<string> values) => new("[]string", values.Select(v => (object?)v).ToList());

    private static object NullableStrings(IReadOnlyList<string>? values) => values is null ? GoTypedNil.Of("[]string") : Strings(values);

    private static GoStruct State(Container c)
    {
        var s = c.State;
        var status = ContainerFilters.StateName(c);
        var health = s.Health;
        return new GoStruct("*define.InspectContainerState")
            .Add("OciVersion", "1.0.2-dev")
            .Add("Status", status)
            .Add("Running", status == ContainerStatus.Running)
            .Add("Paused", status == ContainerStatus.Paused)
            .Add("Restarting", false)
            .Add("OOMKilled", s.OomKilled)
            .Add("Dead", false)
            .Add("Pid", c.IsActive ? s.Pid : 0)
            .Add("ConmonPid", c.IsActive ? s.ConmonPid : 0, omitEmpty: true)
            .Add("ExitCode", s.ExitCode)
            .Add("Error", s.Error)
            .Add("StartedAt", (GoTimestamp)s.StartedAt)
            .Add("FinishedAt", (GoTimestamp)s.FinishedAt)
            .Add("Health", new GoStruct(
                "define.HealthCheckResults",
                new("Status", "Status", health?.Status ?? (c.Config.Healthcheck is null ? "" : "starting")),
                new("FailingStreak", "FailingStreak", health?.FailingStreak ?? 0),
                new("Log", "Log", health is { Log.Count: > 0 }
                    ? new GoSlice("[]define.HealthCheckLog", health.Log.Select(l => (object?)new GoStruct(
                        "define.HealthCheckLog",
                        new("Start", "Start", GoTime.Format(l.Start, "2006-01-02T15:04:05.999999999Z07:00")),
                        new("End", "End", GoTime.Format(l.End, "2006-01-02T15:04:05.999999999Z07:00")),
                        new("ExitCode", "ExitCode", l.ExitCode),
                        new("Output", "Output", l.Output))).ToList())
                    : GoTypedNil.Of("[]define.HealthCheckLog"))))
            .Add("CgroupPath", c.IsRunning || status == ContainerStatus.Paused ? "/libpod_parent/libpod-" + c.Id : "", omitEmpty: true)
            .Add("CheckpointedAt", (GoTimestamp)default(DateTimeOffset))
            .Add("RestoredAt", (GoTimestamp)default(DateTimeOffset));
    }

    private static (IReadOnlyList<string> Effective, IReadOnlyList<string> Bounding, IReadOnlyList<string> Dropped) Capabilities(Container c, ContainerInspectFacts f)
    {
        var defaults = (f.DefaultCapabilities.Count > 0 ? f.DefaultCapabilities : DefaultCaps).Select(Cap).ToHashSet(StringComparer.Ordinal);
        var dropped = DefaultCaps.Where(d => !defaults.Contains(d)).Concat(c.Config.CapDrop.Select(Cap)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (f.Spec?.Process?.Capabilities is { } specCaps)
        {
            return ([.. (specCaps.Effective ?? []).Order(StringComparer.Ordinal)], [.. (specCaps.Bounding ?? []).Order(StringComparer.Ordinal)], c.Config.Privileged ? [] : dropped);
        }

        if (c.Config.Privileged)
        {
            return (AllCaps, AllCaps, []);
        }

        var set = new HashSet<string>(defaults, StringComparer.Ordinal);
        foreach (var add in c.Config.CapAdd.Select(Cap))
        {
            if (add == "CAP_ALL")
            {
                set.UnionWith(AllCaps);
            }
            else
            {
                set.Add(add);
            }
        }

        foreach (var drop in c.Config.CapDrop.Select(Cap))
        {
            if (drop == "CAP_ALL")
            {
                set.Clear();
            }
            else
            {
                set.Remove(drop);
            }
        }

        var list = set.Order(StringComparer.Ordinal).ToList();
        return (list, list, dropped);
    }

    private static string Cap(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }
}
