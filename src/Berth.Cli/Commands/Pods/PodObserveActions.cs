using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Pods;
using Berth.Platform;
using Berth.Runtime.Logs;
using Berth.Runtime.Stats;

namespace Berth.Cli.Commands;

/// <summary><c>pod logs</c>, <c>pod top</c>, <c>pod stats</c>: the container commands' readers over a pod's members.</summary>
public static class PodObserveActions
{
    public static async Task<int> LogsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var latest = o.GetBool("latest");
        if (invocation.Arguments.Count == 0 && !latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "specify at least one pod name or ID to log");
        }

        if (invocation.Arguments.Count > 0 && latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--latest and pods cannot be used together");
        }

        if (invocation.Arguments.Count > 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "requires exactly 1 arg");
        }

        var options = new LogOptions
        {
            Since = o.Changed("since") ? ContainerActions.ParseLogTime(o.GetString("since") ?? "", since: true) : null,
            Until = o.Changed("until") ? ContainerActions.ParseLogTime(o.GetString("until") ?? "", since: false) : null,
            Tail = o.Changed("tail") ? o.GetInt("tail") : -1,
            Follow = o.GetBool("follow"),
        };

        var service = new PodService(ContainerActions.Open(invocation));
        using var containers = service.Containers;
        var pod = latest ? service.Latest() : service.Find(invocation.Arguments[0]);
        var members = service.LogMembers(pod, latest ? pod.Name : invocation.Arguments[0], o.Changed("container") ? o.GetString("container") ?? "" : null);
        var format = new LogFormatOptions
        {
            Multi = members.Count > 1,
            UseNames = o.GetBool("names"),
            Timestamps = o.GetBool("timestamps"),
        };
        return await ContainerActions.WriteLogsAsync(invocation, containers, members, options, format, interleave: true, cancellationToken).ConfigureAwait(false);
    }

    public static Task<int> TopAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var latest = invocation.Options.GetBool("latest");
        var args = invocation.Arguments;
        if (args.Count == 0 && !latest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "you must provide the name or id of a running pod");
        }

        var service = new PodService(ContainerActions.Open(invocation));
        using var containers = service.Containers;
        Pod pod;
        try
        {
            pod = latest ? service.Latest() : service.Find(args[0]);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "unable to look up requested container: " + e.Message, e);
        }

        if (service.Top(pod, latest ? args : [.. args.Skip(1)]) is { } table)
        {
            TopOutput.Write(invocation.Out, table);
        }

        return Task.FromResult(0);
    }

    public static async Task<int> StatsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.GetBool("all");
        var latest = o.GetBool("latest");
        if ((all ? 1 : 0) + (latest ? 1 : 0) + (invocation.Arguments.Count > 0 ? 1 : 0) > 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--all, --latest and arguments cannot be used together");
        }

        var format = o.Changed("format") ? o.GetString("format") ?? "" : null;
        var stream = !o.GetBool("no-stream");
        var clear = !o.GetBool("no-reset") && Terminal.IsTerminal(1);
        var service = new PodService(ContainerActions.Open(invocation));
        using var containers = service.Containers;
        var previous = new Dictionary<string, ContainerStatsReport>(StringComparer.Ordinal);
        while (true)
        {
            var rows = Sample(service, invocation.Arguments, latest, previous);
            if (clear)
            {
                invocation.Out.Write(StatsOutput.ClearScreen);
            }

            PodStatsOutput.Write(invocation.Out, rows, format);
            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!stream)
            {
                return 0;
            }

            try
            {
                // podman samples pods every second (pod stats has no --interval).
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    /// <summary>One round: every member of the named pods (every pod when none is named, the newest with --latest), ordered by container ID.</summary>
    private static List<PodStatsRow> Sample(PodService service, IReadOnlyList<string> names, bool latest, Dictionary<string, ContainerStatsReport> previous)
    {
        IReadOnlyList<Pod> pods;
        try
        {
            pods = latest ? [service.Latest()] : names.Count > 0 ? [.. names.Select(service.Find)] : service.List();
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "unable to get list of pods: " + e.Message, e);
        }

        var rows = new List<PodStatsRow>();
        foreach (var pod in pods)
        {
            foreach (var c in pod.Containers.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                var report = service.Containers.Stats(c, previous.GetValueOrDefault(c.Id));
                previous[c.Id] = report;
                rows.Add(new PodStatsRow(pod.Id, report));
            }
        }

        return rows;
    }
}
