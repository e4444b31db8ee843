using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Platform;
using Berth.Runtime.Stats;

namespace Berth.Cli.Commands;

/// <summary><c>stats</c>: podman 4.3's cmd/podman/containers/stats.go and the ABI's ContainerStats loop.</summary>
public static partial class ContainerActions
{
    public static async Task<int> StatsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var all = o.Changed("all") && o.GetBool("all");
        var latest = o.Changed("latest") && o.GetBool("latest");
        if ((all ? 1 : 0) + (latest ? 1 : 0) + (invocation.Arguments.Count > 0 ? 1 : 0) > 1)
        {
            throw new UsageException("--all, --latest and containers cannot be used together");
        }

        var interval = o.Changed("interval") ? o.GetInt("interval") : 5;
        if (interval < 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "invalid interval, must be a positive number greater zero");
        }

        var format = o.Changed("format") ? o.GetString("format") ?? "" : null;
        var noTrunc = o.Changed("no-trunc") && o.GetBool("no-trunc");
        var stream = !(o.Changed("no-stream") && o.GetBool("no-stream"));
        // goterm writes its escape codes only to a terminal; --no-reset leaves the screen alone anyway.
        var clear = !(o.Changed("no-reset") && o.GetBool("no-reset")) && Terminal.IsTerminal(1);

        using var service = Open(invocation);
        var previous = new Dictionary<string, ContainerStatsReport>(StringComparer.Ordinal);
        while (true)
        {
            var reports = Sample(service, invocation.Arguments, latest, previous);
            if (clear)
            {
                invocation.Out.Write(StatsOutput.ClearScreen);
            }

            StatsOutput.Write(invocation.Out, reports, format, noTrunc);
            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!stream)
            {
                return 0;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(interval), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }
    }

    /// <summary>
    /// One round: the named containers in order (a missing one fails the command), the latest, or every container by
    /// ID (podman 4.3 lists all of them, not only running ones, whatever --all says; ones removed meanwhile are skipped).
    /// </summary>
    private static List<ContainerStatsReport> Sample(ContainerService service, IReadOnlyList<string> names, bool latest, Dictionary<string, ContainerStatsReport> previous)
    {
        List<Container> containers;
        try
        {
            containers = latest ? [service.Latest()]
                : names.Count > 0 ? names.Select(n => service.TryFind(n) ?? throw LookupFailed(n)).ToList()
                : [.. service.List().OrderBy(c => c.Id, StringComparer.Ordinal)];
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, "unable to get list of containers: " + e.Message, e);
        }

        var reports = new List<ContainerStatsReport>(containers.Count);
        foreach (var c in containers)
        {
            var report = service.Stats(c, previous.GetValueOrDefault(c.Id));
            previous[c.Id] = report;
            reports.Add(report);
        }

        return reports;
    }

    private static BerthException LookupFailed(string name) =>
        new(ErrorKind.NotFound, $"unable to look up container {name}: {ContainerService.NotFound(name).Message}");
}
