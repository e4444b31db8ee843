using System.Threading.Channels;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Runtime.Logs;

namespace Berth.Cli.Commands;

/// <summary><c>logs</c>: podman 4.3's cmd/podman/containers/logs.go over the k8s-file reader.</summary>
public static partial class ContainerActions
{
    public static async Task<int> LogsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var latest = o.Changed("latest") && o.GetBool("latest");
        if (invocation.Arguments.Count == 0 && !latest)
        {
            throw new UsageException("specify at least one container name or ID to log");
        }

        if (invocation.Arguments.Count > 0 && latest)
        {
            throw new UsageException("--latest and containers cannot be used together");
        }

        var options = new LogOptions
        {
            Since = o.Changed("since") ? ParseLogTime(o.GetString("since") ?? "", since: true) : null,
            Until = o.Changed("until") ? ParseLogTime(o.GetString("until") ?? "", since: false) : null,
            Tail = o.Changed("tail") ? o.GetInt("tail") : -1,
            Follow = o.Changed("follow") && o.GetBool("follow"),
        };

        using var service = Open(invocation);
        var containers = latest
            ? [service.Latest()]
            : invocation.Arguments.Select(service.Find).ToList();
        var format = new LogFormatOptions
        {
            Multi = containers.Count > 1,
            UseNames = o.Changed("names") && o.GetBool("names"),
            Timestamps = o.Changed("timestamps") && o.GetBool("timestamps"),
        };

        return await WriteLogsAsync(invocation, service, containers, options, format, interleave: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Prints the entries of <paramref name="containers"/> (also for <c>pod logs</c>): one after the other, or merged by
    /// time when <paramref name="interleave"/>; while following several, lines are printed as they come (podman's goroutines).
    /// </summary>
    internal static async Task<int> WriteLogsAsync(Invocation invocation, ContainerService service, IReadOnlyList<Container> containers, LogOptions options, LogFormatOptions format, bool interleave, CancellationToken cancellationToken)
    {
        var sources = containers.Select(c => (Container: c, Path: service.LogFile(c))).ToList();
        await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        await using var output = new LogOutput(StandardStreams.Output(), StandardStreams.Error(), autoFlush: options.Follow);
        if (!options.Follow && interleave && sources.Count > 1)
        {
            var merged = new List<(LogEntry Entry, byte[] Bytes)>();
            foreach (var (c, path) in sources)
            {
                await foreach (var entry in Read(service, c, path, options, cancellationToken).ConfigureAwait(false))
                {
                    merged.Add((entry, LogFormatter.Format(entry, format, c.Id, c.Name)));
                }
            }

            // OrderBy is stable: lines of one container with the same time keep their order.
            foreach (var (entry, bytes) in merged.OrderBy(m => m.Entry.Time))
            {
                await output.WriteAsync(entry, bytes, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        if (!options.Follow || sources.Count == 1)
        {
            foreach (var (c, path) in sources)
            {
                await foreach (var entry in Read(service, c, path, options, cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteAsync(entry, LogFormatter.Format(entry, format, c.Id, c.Name), cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        }

        // Following several containers: each is read on its own and lines are printed as they come (podman's goroutines).
        var lines = Channel.CreateUnbounded<(LogEntry Entry, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true });
        var readers = sources.Select(s => Task.Run(async () =>
        {
            await foreach (var entry in Read(service, s.Container, s.Path, options, cancellationToken).ConfigureAwait(false))
            {
                await lines.Writer.WriteAsync((entry, LogFormatter.Format(entry, format, s.Container.Id, s.Container.Name)), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken)).ToArray();
        _ = Task.WhenAll(readers).ContinueWith(t => lines.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var (entry, bytes) in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await output.WriteAsync(entry, bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    /// <summary>One container's entries; following only while it runs (a stopped container's log is read to its end).</summary>
    private static IAsyncEnumerable<LogEntry> Read(ContainerService service, Container c, string path, LogOptions options, CancellationToken cancellationToken)
    {
        var follow = options.Follow && ContainerService.IsRunningOrPaused(c);
        return LogReader.ReadAsync(path, options with { Follow = follow }, follow ? ct => service.HasStoppedAsync(c.Id, ct) : null, cancellationToken);
    }

    internal static LogTimestamp ParseLogTime(string value, bool since)
    {
        try
        {
            return LogTimeInput.Parse(value, since);
        }
        catch (BerthException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"parsing --{(since ? "since" : "until")} \"{value}\": {e.Message}", e);
        }
    }
}
