using Berth.Runtime.Conmon;
using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Brings a container's state up to date without taking its lock (podman's syncContainer): an exit conmon recorded
    /// makes a running container stopped (its cleanup comes later, from conmon's exit command or the next command that
    /// changes it); a runtime state from another boot, or a run root that was emptied, makes it exited. Cheap: a stat
    /// or two per active container, no runtime call.
    /// </summary>
    internal Container Sync(Container c)
    {
        if (!c.IsActive)
        {
            return c;
        }

        ContainerState next;
        if (c.State.BootId != HostRuntimeFacts.Current.BootId || !Directory.Exists(Paths.Bundle(c.Id)))
        {
            next = c.State with
            {
                Status = ContainerStatus.Exited,
                Pid = 0,
                ConmonPid = 0,
                Mountpoint = "",
                FinishedAt = c.State.FinishedAt == default ? DateTimeOffset.UtcNow : c.State.FinishedAt,
            };
        }
        else if (ExitFile.TryRead(Paths.ExitDir, c.Id) is { } code)
        {
            // The exit file's time is the kernel's coarse clock (a few ms behind): a process that ends at once could
            // seem to finish before the StartedAt taken after runc start returned.
            var finished = new DateTimeOffset(File.GetLastWriteTimeUtc(Paths.ExitFile(c.Id)), TimeSpan.Zero);
            next = c.State with
            {
                Status = ContainerStatus.Stopped,
                ExitCode = code,
                Pid = 0,
                FinishedAt = finished < c.State.StartedAt ? c.State.StartedAt : finished,
                OomKilled = File.Exists(Path.Combine(Paths.Bundle(c.Id), "oom")),
            };
        }
        else
        {
            return c;
        }

        return Save(c, next);
    }

    /// <summary>Stores a new state if nobody changed the container meanwhile; returns the container as stored.</summary>
    internal Container Save(Container c, ContainerState next)
    {
        var version = c.Record.Version;
        var change = Container.Change(next);
        var stored = Store.Containers.Update(c.Id, r => r.Version == version ? change : null);
        return stored is null ? c with { State = next } : AsWritten(c, stored, change, next);
    }

    /// <summary>Stores a new state unconditionally (the caller holds the container's lock).</summary>
    internal Container SaveLocked(Container c, ContainerState next)
    {
        var change = Container.Change(next);
        var stored = Store.Containers.Update(c.Id, _ => change) ?? throw NotFound(c.Id);
        return AsWritten(c, stored, change, next);
    }

    /// <summary>
    /// The container as stored: when the record holds this very state and the configuration <paramref name="c"/> was
    /// read with (and its Config object is still that one), both objects are reused instead of parsed back from their
    /// JSON; otherwise (somebody else's change won, or the config was replaced in memory) the record is parsed.
    /// </summary>
    private static Container AsWritten(Container c, ContainerRecord stored, ContainerStateChange change, ContainerState next) =>
        ReferenceEquals(stored.StateJson, change.StateJson) && c.ConfigMatchesRecord
        && string.Equals(stored.Config, c.Record.Config, StringComparison.Ordinal)
            ? Container.Stored(stored, c.Config, next)
            : Container.From(stored);
}
