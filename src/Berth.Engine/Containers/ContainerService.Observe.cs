using System.Text.Json;
using Berth.Oci;
using Berth.Platform.Host;
using Berth.Runtime.Stats;
using Berth.Runtime.Top;

namespace Berth.Engine.Containers;

/// <summary>A published port as podman's types.PortMapping: <see cref="Range"/> consecutive ports from each side.</summary>
/// <param name="Protocol">"tcp", "udp", "sctp", or several joined by commas.</param>
public sealed record PublishedPort(string HostIp, ushort ContainerPort, ushort HostPort, ushort Range, string Protocol);

/// <summary>What <c>logs</c>, <c>top</c>, <c>stats</c> and <c>port</c> read from a container.</summary>
public sealed partial class ContainerService
{
    /// <summary>
    /// The k8s-file log of the container. The none and passthrough drivers keep nothing to read (podman's error);
    /// conmon sends journald logs to the journal, which Berth does not read.
    /// </summary>
    public string LogFile(Container c)
    {
        if (c.Config.LogDriver is "none" or "passthrough")
        {
            throw new BerthException(ErrorKind.InvalidState,
                $"this container is using the '{c.Config.LogDriver}' log driver, cannot read logs: this container is not logging output");
        }

        if (c.Config.LogDriver == "journald")
        {
            throw new BerthException(ErrorKind.Unavailable,
                "this container is using the 'journald' log driver, which berth cannot read: use --log-driver k8s-file");
        }

        return c.Config.LogPath.Length > 0 ? c.Config.LogPath : Paths.DefaultLogPath(c.Id);
    }

    /// <summary>
    /// For <c>logs --follow</c>: true once the container's process is gone (exit noticed from conmon's exit file, or
    /// the container removed). podman follows only while the container runs.
    /// </summary>
    public ValueTask<bool> HasStoppedAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = Store.Containers.Get(id);
        return ValueTask.FromResult(record is null || !IsRunningOrPaused(Sync(Container.From(record))));
    }

    public static bool IsRunningOrPaused(Container c) => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused;

    /// <summary>
    /// podman top through psgo: the processes in the container's PID namespace with the given descriptors (psgo's
    /// default columns when none). The container must be running.
    /// </summary>
    /// <exception cref="UnknownDescriptorException">A descriptor is not psgo's (podman would run ps(1) in the container).</exception>
    public TopTable Top(Container c, IReadOnlyList<string> descriptors)
    {
        if (c.State.Status != ContainerStatus.Running || c.State.Pid <= 0)
        {
            throw new BerthException(ErrorKind.InvalidState, "top can only be used on running containers");
        }

        return ProcessTable.Build(ContainerProcesses.ListPids(c.State.Pid), descriptors);
    }

    /// <summary>
    /// One stats sample (podman's GetContainerStats): zeros for a container that is neither running nor paused, else
    /// its cgroup's numbers with the CPU % since <paramref name="previous"/> (or since its start).
    /// </summary>
    public ContainerStatsReport Stats(Container c, ContainerStatsReport? previous)
    {
        var running = IsRunningOrPaused(c);
        var spec = running ? ReadSpec(c.Id) : null;
        var subject = new StatsSubject(c.Id, c.Name, running && spec is not null, c.State.StartedAt, spec?.Linux?.Resources?.Memory?.Limit);
        if (!subject.Running)
        {
            return StatsCalculator.Calculate(subject, null, previous, 0, 0);
        }

        var cgroupsPath = spec!.Linux?.CgroupsPath
            ?? throw new BerthException(ErrorKind.Internal, $"container {c.Id} has no cgroup path in its runtime spec");
        CgroupStats current;
        try
        {
            current = CgroupStatsReader.Read(cgroupsPath, c.State.Pid);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            // Gone between the state check and the read: it stopped, like a stopped container it has no numbers.
            return StatsCalculator.Calculate(subject with { Running = false }, null, previous, 0, 0);
        }

        var now = (ulong)((DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
        return StatsCalculator.Calculate(subject, current, previous, HostMemory(), now);
    }

    /// <summary>
    /// The ports the container publishes on the host: its config's mappings, host ports decided at create. The port
    /// command asks only for running containers (podman's ContainerPort).
    /// </summary>
    public IReadOnlyList<PublishedPort> PublishedPorts(Container c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return [.. c.Config.PortMappings.Select(p => new PublishedPort(p.HostIp, p.ContainerPort, p.HostPort, p.Range, p.Protocol))];
    }

    private RuntimeSpec? ReadSpec(string id)
    {
        try
        {
            using var file = File.OpenRead(Path.Combine(Paths.Bundle(id), "config.json"));
            return JsonSerializer.Deserialize(file, RuntimeJsonContext.Default.RuntimeSpec);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static ulong HostMemory()
    {
        var total = ProcFiles.ParseMemInfo(File.ReadAllText("/proc/meminfo")).GetValueOrDefault("MemTotal");
        return total > 0 ? (ulong)total : ulong.MaxValue;
    }
}
