using Berth.Engine.Containers;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>One container of <c>ps</c>: the container and, with <c>--size</c>, its measured size.</summary>
public sealed record ContainerListEntry(Container Container, ContainerSize? Size = null, string PodName = "");

/// <summary>
/// Views of containers for <c>ps</c> with podman 4.3's Go shapes: <c>entities.ListContainer</c> (its JSON is what
/// <c>ps --format json</c> prints, with the unix <c>Created</c> of ps.go's jsonFormat over it) and <c>psReporter</c>,
/// whose methods (ID, Status, Command, Size, …) shadow the fields in templates.
/// </summary>
public static class ContainerViews
{
    /// <summary>The fields of entities.ListContainer in declaration order (table headers come from them).</summary>
    public static readonly string[] ListFields =
        ["AutoRemove", "Command", "Created", "CreatedAt", "Exited", "ExitedAt", "ExitCode", "ID", "Image", "ImageID", "IsInfra",
         "Labels", "Mounts", "Names", "Namespaces", "Networks", "Pid", "Pod", "PodName", "Ports", "Size", "StartedAt", "State", "Status"];

    /// <summary>ps.go's header overrides.</summary>
    public static readonly IReadOnlyDictionary<string, string> HeaderOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Cgroup"] = "cgroupns",
        ["CreatedHuman"] = "created",
        ["ID"] = "container id",
        ["IPC"] = "ipc",
        ["MNT"] = "mnt",
        ["NET"] = "net",
        ["Networks"] = "networks",
        ["PIDNS"] = "pidns",
        ["Pod"] = "pod id",
        ["PodName"] = "podname",
        ["RunningFor"] = "running for",
        ["UTS"] = "uts",
        ["User"] = "userns",
    };

    private static readonly string[] NamespaceFields = ["MNT", "Cgroup", "IPC", "NET", "PIDNS", "UTS", "User"];

    /// <summary>Go's zero time as Unix seconds (what podman prints for "never").</summary>
    public const long ZeroUnix = -62135596800;

    /// <summary>The full command, as ListContainer.Command holds it (entrypoint and cmd).</summary>
    public static IReadOnlyList<string> Command(Container c) => [.. c.Config.EffectiveEntrypoint, .. c.Config.EffectiveCmd];

    public static bool Exited(Container c) =>
        c.State.Status is ContainerStatus.Exited or ContainerStatus.Stopped && c.State.StartedAt != default;

    /// <summary>psReporter.Status of podman 4.3: "Up 3 seconds ago" (sic), "Exited (3) 1 second ago", else the state's title; health appended.</summary>
    public static string Status(Container c, DateTimeOffset now)
    {
        var state = ContainerFilters.StateName(c);
        var text = state switch
        {
            ContainerStatus.Running => "Up " + Units.HumanDuration(now - Whole(c.State.StartedAt)) + " ago",
            ContainerStatus.Exited or ContainerStatus.Stopped =>
                $"Exited ({c.State.ExitCode}) {Units.HumanDuration(now - Whole(c.State.FinishedAt))} ago",
            _ => char.ToUpperInvariant(state[0]) + state[1..],
        };
        var health = HealthStatus(c);
        return health.Length > 0 ? text + " (" + health + ")" : text;
    }

    /// <summary>ListContainer.Status: the healthcheck's status when the container has one.</summary>
    public static string HealthStatus(Container c) =>
        c.Config.Healthcheck is null ? "" : c.State.Health?.Status ?? "starting";

    public static string TruncatedCommand(Container c, bool noTrunc)
    {
        var command = string.Join(' ', Command(c));
        return !noTrunc && command.Length > 17 ? command[..17] + "..." : command;
    }

    public static string CreatedHuman(Container c, DateTimeOffset now) => Units.HumanDuration(now - c.Config.Created) + " ago";

    /// <summary>ps.go's psReporter: ListContainer embedded, methods over it.</summary>
    public static PsReporter Row(ContainerListEntry e, bool noTrunc, DateTimeOffset now, bool showNamespaces, TextWriter error)
    {
        var c = e.Container;
        var list = ListContainer(e, now, showNamespaces, forJson: false);
        var s = new GoStruct("containers.psReporter")
            .Embed(list)
            .Method("ImageID", () => noTrunc ? c.Config.ImageId ?? "" : Short(c.Config.ImageId))
            .Method("ID", () => noTrunc ? c.Id : c.ShortId)
            .Method("Pod", () => noTrunc ? c.Config.Pod : Short(c.Config.Pod))
            .Method("State", () => Status(c, now))
            .Method("Status", () => Status(c, now))
            .Method("RunningFor", () => CreatedHuman(c, now))
            .Method("Command", () => TruncatedCommand(c, noTrunc))
            .Method("Size", () => e.Size is { } size ? SizeText(size) : SizeMissing(error))
            .Method("Names", () => c.Name)
            .Method("Networks", () => string.Join(',', c.Config.Networks.Keys))
            .Method("Ports", () => PortViews.PsText(c.Config))
            .Method("CreatedAt", () => ((GoTimestamp)c.Config.Created).ToString())
            .Method("CreatedHuman", () => CreatedHuman(c, now));
        var ns = Namespaces(c, showNamespaces);
        foreach (var name in NamespaceFields)
        {
            s.Method(name, () => ns.TryGetField(name, out var v) ? v : "");
        }

        return new PsReporter(s, c);
    }

    /// <summary>An element of <c>ps --format json</c>: ListContainer with CreatedAt and Status filled in, then the unix Created.</summary>
    public static GoStruct Json(ContainerListEntry e, DateTimeOffset now, bool showNamespaces) =>
        new GoStruct("containers.jsonFormat")
            .Embed(ListContainer(e, now, showNamespaces, forJson: true))
            .Add("Created", e.Container.Config.Created.ToUnixTimeSeconds());

    /// <summary>"12B (virtual 1.98MB)".</summary>
    public static string SizeText(ContainerSize size) =>
        $"{Units.HumanSizeWithPrecision(size.RwSize, 3)} (virtual {Units.HumanSizeWithPrecision(size.RootFsSize, 3)})";

    private static string SizeMissing(TextWriter error)
    {
        // podman logs this through logrus and prints an empty cell.
        error.WriteLine($"time=\"{GoTime.Format(DateTimeOffset.UtcNow, GoTime.RFC3339)}\" level=error msg=\"Size format requires --size option\"");
        return "";
    }

    private static string Short(string? id) => id is null ? "" : id.Length > 12 ? id[..12] : id;

    private static DateTimeOffset Whole(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private static long Unix(DateTimeOffset t) => t == default ? ZeroUnix : t.ToUnixTimeSeconds();

    private static GoStruct ListContainer(ContainerListEntry e, DateTimeOffset now, bool showNamespaces, bool forJson)
    {
        var c = e.Container;
        var state = c.State;
        var labels = c.Config.Labels.Count > 0 ? (object)c.Config.Labels : GoTypedNil.Of("map[string]string");
        object? size = e.Size is { } sz
            ? new GoStruct("*entities.ContainerSize", new("RootFsSize", "rootFsSize", sz.RootFsSize), new("RwSize", "rwSize", sz.RwSize))
            : GoTypedNil.Of("*entities.ContainerSize", ["RootFsSize", "RwSize"]);
        return new GoStruct("entities.ListContainer")
            .Add("AutoRemove", c.Config.AutoRemove)
            .Add("Command", new GoSlice("[]string", Command(c).Select(a => (object?)a).ToList()))
            .Add("Created", (GoTimestamp)c.Config.Created, jsonHidden: forJson)
            .Add("CreatedAt", forJson ? CreatedHuman(c, now) : "")
            .Add("Exited", Exited(c))
            .Add("ExitedAt", Exited(c) ? Unix(state.FinishedAt) : ZeroUnix)
            .Add("ExitCode", state.ExitCode)
            .Add("ID", c.Id, json: "Id")
            .Add("Image", c.Config.ImageName)
            .Add("ImageID", c.Config.ImageId ?? "")
            .Add("IsInfra", c.Config.IsInfra)
            .Add("Labels", labels)
            .Add("Mounts", new GoSlice("[]string", [.. c.Config.UserVolumes]))
            .Add("Names", new GoSlice("[]string", [c.Name]))
            .Add("Namespaces", Namespaces(c, showNamespaces))
            .Add("Networks", new GoSlice("[]string", [.. c.Config.Networks.Keys]))
            .Add("Pid", state.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping ? state.Pid : 0)
            .Add("Pod", c.Config.Pod)
            .Add("PodName", e.PodName)
            .Add("Ports", PortViews.ListPorts(c.Config))
            .Add("Size", size)
            .Add("StartedAt", Unix(state.StartedAt))
            .Add("State", ContainerFilters.StateName(c))
            .Add("Status", forJson ? Status(c, now) : HealthStatus(c));
    }

    /// <summary>ListContainerNamespaces: the running process's namespace inode numbers, only with <c>--ns</c>.</summary>
    private static GoStruct Namespaces(Container c, bool show)
    {
        var pid = show && c.IsRunning ? c.State.Pid : 0;
        string Ns(string kind) => pid > 0 ? NamespaceInode(pid, kind) : "";
        return new GoStruct(
            "entities.ListContainerNamespaces",
            new("MNT", "Mnt", Ns("mnt"), OmitEmpty: true),
            new("Cgroup", "Cgroup", Ns("cgroup"), OmitEmpty: true),
            new("IPC", "Ipc", Ns("ipc"), OmitEmpty: true),
            new("NET", "Net", Ns("net"), OmitEmpty: true),
            new("PIDNS", "Pidns", Ns("pid"), OmitEmpty: true),
            new("UTS", "Uts", Ns("uts"), OmitEmpty: true),
            new("User", "User", Ns("user"), OmitEmpty: true));
    }

    /// <summary>The inode of /proc/PID/ns/KIND's target ("mnt:[4026532173]" → "4026532173").</summary>
    private static string NamespaceInode(int pid, string kind)
    {
        try
        {
            var target = new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget ?? "";
            var open = target.IndexOf('[', StringComparison.Ordinal);
            return open >= 0 && target.EndsWith(']') ? target[(open + 1)..^1] : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}

/// <summary>psReporter as templates see it: the struct plus <c>.Label "key"</c>, a method with an argument.</summary>
public sealed class PsReporter(GoStruct inner, Container container) : ITemplateObject, ITemplateMethods, IJsonWritable
{
    public string GoTypeName => inner.GoTypeName;

    public IReadOnlyList<string> FieldNames => inner.FieldNames;

    public bool TryGetField(string name, out object? value) => inner.TryGetField(name, out value);

    public bool TryInvoke(string name, ReadOnlySpan<object?> args, out object? result)
    {
        if (name == "Label" && args.Length == 1 && args[0] is string key)
        {
            result = container.Config.Labels.TryGetValue(key, out var v) ? v : "";
            return true;
        }

        result = null;
        return false;
    }

    public void WriteJson(System.Text.Json.Utf8JsonWriter writer) => inner.WriteJson(writer);
}
