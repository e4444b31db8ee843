using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>How <c>ps</c> prints: podman 4.3's cmd/podman/containers/ps.go output paths.</summary>
public sealed record ContainerListOptions
{
    /// <summary>The user's <c>--format</c>; null when not given.</summary>
    public string? Format { get; init; }
    public bool Quiet { get; init; }
    public bool NoHeading { get; init; }
    public bool NoTrunc { get; init; }
    public bool Size { get; init; }
    public bool Namespaces { get; init; }

    /// <summary><c>--pod</c>: the POD ID and PODNAME columns.</summary>
    public bool Pod { get; init; }

    /// <summary>command, created, id, image, names, runningfor, size, status; null = as listed (oldest first).</summary>
    public string? Sort { get; init; }
}

public static class ContainerListOutput
{
    /// <summary>The choices podman's <c>--sort</c> flag validates against.</summary>
    public static readonly string[] SortChoices = ["command", "created", "id", "image", "names", "runningfor", "size", "status"];

    public static void Write(TextWriter output, TextWriter error, IEnumerable<ContainerListEntry> entries, ContainerListOptions options, DateTimeOffset now)
    {
        var list = Sort(entries, options.Sort, now);
        var format = options.Format;
        if (format is not null && ReportFormatter.IsJson(format))
        {
            var json = GoJson.Serialize(list.Select(e => (object?)ContainerViews.Json(e, now, options.Namespaces)).ToList(), escapeHtml: true, indent: "  ");
            // podman encodes ps JSON with json-iterator, which writes an empty struct whose fields are all omitempty as
            // "{", an indented empty line and "}" (the namespaces without --ns).
            output.Write(json.Replace("\"Namespaces\": {}", "\"Namespaces\": {\n      \n    }", StringComparison.Ordinal));
            output.Write('\n');
            return;
        }

        if (options.Quiet && format is null)
        {
            foreach (var e in list)
            {
                output.Write(options.NoTrunc ? e.Container.Id : e.Container.ShortId);
                output.Write('\n');
            }

            return;
        }

        var origin = ReportOrigin.Podman;
        var noHeading = options.NoHeading;
        if (format is null)
        {
            format = DefaultFormat(options);
        }
        else
        {
            noHeading = noHeading || !ReportFormatter.HasTable(format);
            origin = ReportOrigin.User;
        }

        // ps.go lets .Namespaces.X reach the reporter's X methods.
        format = format.Replace(".Namespaces.", ".", StringComparison.Ordinal);
        var formatter = ReportFormatter.Create(output, "ps", format, new ReportOptions
        {
            Origin = origin,
            NoHeading = noHeading,
            HeaderOverrides = ContainerViews.HeaderOverrides,
        });
        try
        {
            formatter.WriteHeader(ContainerViews.ListFields);
            formatter.Execute(new GoSlice(
                "[]containers.psReporter",
                list.Select(e => (object?)ContainerViews.Row(e, options.NoTrunc, now, options.Namespaces, error)).ToList()));
        }
        finally
        {
            formatter.Flush();
        }
    }

    /// <summary>podman's default columns (ID IMAGE COMMAND CREATED STATUS PORTS NAMES [POD ID PODNAME] [SIZE]; with --ns the namespaces).</summary>
    public static string DefaultFormat(ContainerListOptions options)
    {
        var row = options.Namespaces
            ? "{{.ID}}\t{{.Names}}\t{{.Pid}}\t{{.Namespaces.Cgroup}}\t{{.Namespaces.IPC}}\t{{.Namespaces.MNT}}\t{{.Namespaces.NET}}\t{{.Namespaces.PIDNS}}\t{{.Namespaces.User}}\t{{.Namespaces.UTS}}"
            : "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedHuman}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
                + (options.Pod ? "\t{{.Pod}}\t{{.PodName}}" : "") + (options.Size ? "\t{{.Size}}" : "");
        return "{{range .}}" + row + "\n{{end -}}";
    }

    /// <summary>podman's SortPsOutput: created and runningfor put the newest first; the others ascend.</summary>
    public static List<ContainerListEntry> Sort(IEnumerable<ContainerListEntry> entries, string? sort, DateTimeOffset now)
    {
        var list = entries.ToList();
        return sort switch
        {
            null or "" => list,
            "command" => [.. list.OrderBy(e => string.Join(' ', ContainerViews.Command(e.Container)), StringComparer.Ordinal)],
            "created" => [.. list.OrderByDescending(e => e.Container.Config.Created)],
            "id" => [.. list.OrderBy(e => e.Container.Id, StringComparer.Ordinal)],
            "image" => [.. list.OrderBy(e => e.Container.Config.ImageName, StringComparer.Ordinal)],
            "names" => [.. list.OrderBy(e => e.Container.Name, StringComparer.Ordinal)],
            "runningfor" => [.. list.OrderByDescending(e => e.Container.State.StartedAt)],
            "size" => [.. list.OrderBy(e => e.Size?.RootFsSize ?? 0).ThenBy(e => e.Size?.RwSize ?? 0)],
            "status" => [.. list.OrderBy(e => ContainerViews.Status(e.Container, now), StringComparer.Ordinal)],
            _ => throw new BerthException(ErrorKind.InvalidArgument, $"invalid option for --sort, options are: command, created, id, image, names, runningfor, size, or status"),
        };
    }
}
