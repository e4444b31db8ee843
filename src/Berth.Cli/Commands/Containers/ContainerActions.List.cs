using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary><c>ps</c> / <c>container ls|list|ps</c>: podman 4.3's checks, container selection, filters, sorting and output.</summary>
public static partial class ContainerActions
{
    /// <summary>What podman prints before each <c>--watch</c> refresh: clear the screen, cursor home.</summary>
    private const string ClearScreen = "\u001b[2J\u001b[1;1H";

    public static async Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var latest = o.GetBool("latest");
        var last = o.Changed("last") ? o.GetInt("last") : -1;
        var quiet = o.GetBool("quiet");
        var size = o.GetBool("size");
        var ns = o.GetBool("ns");
        var watch = o.Changed("watch") ? o.GetInt("watch") : 0;
        if (last >= 0 && latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "last and latest are mutually exclusive");
        }

        if (quiet && (size || ns))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "quiet conflicts with size and namespace");
        }

        if (size && ns)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "size and namespace options conflict");
        }

        if (watch > 0 && latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "the watch and latest flags cannot be used together");
        }

        var sort = o.Changed("sort") ? o.GetString("sort") ?? "" : null;
        if (sort is not null && !ContainerListOutput.SortChoices.Contains(sort))
        {
            throw UsageException.ForFlag(
                invocation.Command,
                $"invalid argument \"{sort}\" for \"--sort\" flag: \"{sort}\" is not a valid value.  Choose from: \"{string.Join(", ", ContainerListOutput.SortChoices)}\"");
        }

        var filters = ParseFilters(o.GetStrings("filter"));
        var options = new ContainerListOptions
        {
            Format = o.Changed("format") ? o.GetString("format") ?? "" : null,
            Quiet = quiet,
            NoHeading = o.GetBool("noheading"),
            NoTrunc = o.GetBool("no-trunc"),
            Size = size,
            Namespaces = ns,
            Pod = o.GetBool("pod"),
            Sort = sort,
        };
        using var service = Open(invocation);
        var selection = new ListSelection(o.GetBool("all"), latest, last, filters, size);
        if (watch <= 0)
        {
            ContainerListOutput.Write(invocation.Out, invocation.Error, Select(service, selection), options, DateTimeOffset.UtcNow);
            return 0;
        }

        while (true)
        {
            var entries = Select(service, selection);
            invocation.Out.Write(ClearScreen);
            ContainerListOutput.Write(invocation.Out, invocation.Error, entries, options, DateTimeOffset.UtcNow);
            invocation.Out.Flush();
            await Task.Delay(TimeSpan.FromSeconds(watch), cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record ListSelection(bool All, bool Latest, long Last, Dictionary<string, IReadOnlyList<string>> Filters, bool Size);

    /// <summary>
    /// podman 4.3's selection: without --all, --latest, --last or a status filter only running containers; filters;
    /// then the latest one or the last n created.
    /// </summary>
    private static List<ContainerListEntry> Select(ContainerService service, ListSelection s)
    {
        var filters = new Dictionary<string, IReadOnlyList<string>>(s.Filters, StringComparer.Ordinal);
        if (!s.All && !s.Latest && s.Last <= 0 && !filters.ContainsKey("status"))
        {
            filters["status"] = [ContainerStatus.Running];
        }

        IEnumerable<Container> containers = service.ListForListing();
        if (filters.TryGetValue("pod", out var pods))
        {
            // podman's pod=NAME|ID: each value is a pod's name or ID prefix, compared as the pod's ID.
            filters["pod"] = [.. pods.Select(p => service.Store.Pods.GetByName(p)?.Id ?? (service.Store.Pods.FindByIdPrefix(p) is [{ } one] ? one.Id : "\0" + p))];
        }

        if (filters.Count > 0)
        {
            var predicate = ContainerFilters.Build(filters, service.Find);
            containers = containers.Where(predicate);
        }

        var list = containers.ToList();
        if (s.Latest && list.Count > 0)
        {
            list = [list.MaxBy(c => c.Config.Created)!];
        }
        else if (s.Last > 0 && list.Count > s.Last)
        {
            list = [.. list.OrderBy(c => c.Config.Created).Skip(list.Count - (int)s.Last)];
        }

        // Pod names only when a listed container is in a pod (ps of many containers without pods reads no pod record).
        var podNames = list.Any(c => c.Config.Pod.Length > 0)
            ? service.Store.Pods.List().ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal)
            : [];
        string PodName(Container c) => podNames.GetValueOrDefault(c.Config.Pod, "");
        if (!s.Size)
        {
            return [.. list.Select(c => new ContainerListEntry(c, null, PodName(c)))];
        }

        var cache = new Dictionary<string, long>(StringComparer.Ordinal);
        return [.. list.Select(c => new ContainerListEntry(c, service.Size(c, cache), PodName(c)))];
    }

    /// <summary>key=value pairs; a filter without '=' is podman's "invalid filter".</summary>
    private static Dictionary<string, IReadOnlyList<string>> ParseFilters(IReadOnlyList<string> raw)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in raw)
        {
            var eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"invalid filter \"{f}\"");
            }

            var key = f[..eq];
            if (!filters.TryGetValue(key, out var values))
            {
                filters[key] = values = [];
            }

            values.Add(f[(eq + 1)..]);
        }

        return filters.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal);
    }
}
