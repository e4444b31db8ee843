using Berth.Engine.Images;
using Berth.Platform.Locking;
using Berth.Runtime;
using Berth.Runtime.Conmon;
using Berth.Storage;
using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

/// <summary>
/// The containers: lookup, listing, and the lifecycle (create, init, start, stop, kill, pause, cleanup, remove) on
/// conmon + the OCI runtime. Daemonless: every method reads the state from the store, notices exits conmon recorded
/// (its exit files) and writes the state back; changes to one container are serialised by a lock file under the run
/// root. One instance per command; dispose it to close the store.
/// </summary>
public sealed partial class ContainerService : IDisposable
{
    private readonly BerthEngine engine;
    private readonly ImageService images;
    private ConmonRuntime? runtime;

    public ContainerService(BerthEngine engine)
    {
        this.engine = engine;
        images = new ImageService(engine);
        Paths = new ContainerPaths(engine.Settings);
    }

    public BerthEngine Engine => engine;

    public ImageService Images => images;

    public Store Store => images.Store;

    public ContainerPaths Paths { get; }

    /// <summary>conmon and the OCI runtime, resolved on first use.</summary>
    public ConmonRuntime Runtime => runtime ??= CreateRuntime();

    public HelperBinary RuntimeBinary => OciRuntimeLocator.Resolve(
        engine.Settings.RequestedRuntime, engine.Settings.ConfiguredRuntime, engine.Settings.Runtimes, Platform.Host.HostFacts.CgroupVersion);

    public void Dispose()
    {
        DisposeEarlyConmons();
        leases?.Dispose();
        volumes?.Dispose();
        images.Dispose();
    }

    /// <summary>The container a user means by a name, a full ID or an unambiguous ID prefix.</summary>
    public Container Find(string nameOrId) =>
        TryFind(nameOrId) ?? throw NotFound(nameOrId);

    public Container? TryFind(string nameOrId)
    {
        var record = FindRecord(nameOrId);
        return record is null ? null : Sync(Container.From(record));
    }

    /// <summary>The most recently created container (<c>--latest</c>).</summary>
    public Container Latest()
    {
        var records = Store.Containers.List();
        return records.Count == 0
            ? throw new BerthException(ErrorKind.NotFound, "no containers to act on: no such container")
            : Sync(Container.From(records[^1]));
    }

    /// <summary>Every container, oldest first, with exits noticed.</summary>
    public IReadOnlyList<Container> List()
    {
        return [.. Store.Containers.List().Select(r => Sync(Container.From(r)))];
    }

    /// <summary>
    /// Every container, oldest first, with exits noticed, for listings: each configuration holds only what
    /// <see cref="ContainerListConfig"/> reads (ps parses no full configuration).
    /// </summary>
    public IReadOnlyList<Container> ListForListing() =>
        [.. Store.Containers.List().Select(r => Sync(new Container(
            r,
            ContainerListConfig.Read(r.Config),
            System.Text.Json.JsonSerializer.Deserialize(r.StateJson, ContainerJsonContext.Default.ContainerState) ?? new ContainerState())))];

    public static BerthException NotFound(string nameOrId) =>
        new(ErrorKind.NotFound, $"no container with name or ID \"{nameOrId}\" found: no such container");

    private ContainerRecord? FindRecord(string nameOrId)
    {
        var containers = Store.Containers;
        if (containers.GetByName(nameOrId) is { } byName)
        {
            return byName;
        }

        if (nameOrId.Length == 0 || nameOrId.Length > 64 || !nameOrId.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return null;
        }

        if (nameOrId.Length == 64)
        {
            return containers.Get(nameOrId);
        }

        var matches = containers.FindByIdPrefix(nameOrId);
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new BerthException(ErrorKind.Conflict, $"more than one result for container \"{nameOrId}\": container already exists"),
        };
    }

    /// <summary>Takes the container's lock: every change of its runtime state happens under it.</summary>
    internal Task<FileLock> LockAsync(string id, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Paths.LocksDir);
        return FileLock.AcquireAsync(Paths.LockFile(id), LockMode.Exclusive, cancellationToken);
    }

    /// <summary>Re-reads a container after waiting for its lock.</summary>
    internal Container Reload(string id) =>
        Store.Containers.Get(id) is { } record ? Sync(Container.From(record)) : throw NotFound(id);

    /// <summary>
    /// Re-reads a container after waiting for its lock: <paramref name="known"/> itself while its record is still the
    /// stored one (every change bumps the version) and its config and state are the record's own, else the stored one
    /// parsed.
    /// </summary>
    internal Container Reload(Container known) => Refresh(known) ?? throw NotFound(known.Id);

    /// <summary><see cref="Reload(Container)"/>, or null when the container is gone.</summary>
    internal Container? Refresh(Container known) =>
        Store.Containers.Get(known.Id) is not { } record ? null
        : Sync(record.Version == known.Record.Version && known.MatchesRecord ? known with { Record = record } : Container.From(record));

    private ConmonRuntime CreateRuntime()
    {
        var conmon = OciRuntimeLocator.ResolveConmon(engine.Settings.RequestedConmon, engine.Settings.ConmonCandidates);
        return new ConmonRuntime(conmon, RuntimeBinary, Paths.RuntimeRoot);
    }
}
