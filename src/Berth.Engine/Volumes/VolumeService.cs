using Berth.Engine.Containers;
using Berth.Runtime.Naming;
using Berth.Storage.Volumes;

namespace Berth.Engine.Volumes;

/// <summary>The outcome for one volume of <c>volume rm</c> or <c>volume prune</c>.</summary>
public sealed record VolumeRemoveReport(string Name, BerthException? Error);

/// <summary>
/// Named volumes, as libpod's volume runtime: create (podman's name and option rules; the row and directories made in
/// one transaction), lookup by name or unambiguous prefix, listing with filters, copy-up/chown state, counted mounts of
/// volumes with mount options, removal (with the containers using the volume when forced) and prune, export and import
/// (<see cref="VolumeService"/>.Archive). A volume is in use when a container's configuration lists it in
/// <see cref="ContainerConfig.NamedVolumes"/>, whatever the container's state. One instance per command; dispose it to
/// close the store.
/// </summary>
public sealed partial class VolumeService(BerthEngine engine) : IDisposable
{
    private ContainerService? containers;

    public BerthEngine Engine => engine;

    private ContainerService Containers => containers ??= new ContainerService(engine);

    private VolumeStore Store => Containers.Store.Volumes;

    public void Dispose() => containers?.Dispose();

    /// <summary>
    /// <c>volume create</c>: checks as podman does, in its order (the o= values, the name, the driver timeout, an
    /// existing name, the driver, the local driver's options, quota), then stores the volume. With
    /// <paramref name="ignoreExisting"/> an existing volume of that name is returned unchanged.
    /// </summary>
    public Volume Create(VolumeCreateRequest request, bool ignoreExisting = false)
    {
        var parsed = VolumeOptions.Parse(request.Options);
        var name = request.Name;
        if (name.Length > 0 && !ContainerNames.IsValid(name))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        var driver = request.Driver.Length == 0 ? VolumeOptions.LocalDriver : request.Driver;
        if (parsed.HasTimeout && driver == VolumeOptions.LocalDriver)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "running volume create option: Volume driver timeout can only be used with non-local volume drivers: invalid argument");
        }

        while (name.Length == 0)
        {
            var generated = ContainerIds.New();
            name = Store.Get(generated) is null ? generated : "";
        }

        if (Store.Get(name) is { } existing)
        {
            return ignoreExisting ? Volume.From(existing) : throw VolumeStore.AlreadyExists(name);
        }

        if (driver != VolumeOptions.LocalDriver)
        {
            // podman 4.3.1 also knows the "image" driver (a volume backed by an image's content); Berth has local only.
            throw new BerthException(
                ErrorKind.NotFound,
                $"volume {name} uses volume plugin {driver} but it could not be retrieved: no volume plugin with name {driver} available: required plugin missing");
        }

        VolumeOptions.ValidateLocal(parsed);
        var record = Store.Create(
            new NewVolume
            {
                Name = name,
                Driver = driver,
                VolumePath = engine.Settings.VolumePath,
                Created = DateTimeOffset.UtcNow,
                Labels = new SortedDictionary<string, string>(request.Labels.ToDictionary(), StringComparer.Ordinal),
                Options = parsed.Options,
                Anonymous = request.Anonymous,
                Uid = parsed.Uid,
                Gid = parsed.Gid,
                NeedsChown = parsed.Uid is null && parsed.Gid is null,
            },
            ignoreExisting);
        return Volume.From(record);
    }

    /// <summary>podman's lookup: the exact name, else the one volume whose name starts with it (more than one is an error).</summary>
    public Volume? TryGet(string nameOrPrefix)
    {
        if (nameOrPrefix.Length == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "name or ID cannot be empty");
        }

        if (Store.Get(nameOrPrefix) is { } exact)
        {
            return Volume.From(exact);
        }

        var matches = Store.FindByPrefix(nameOrPrefix);
        return matches.Count switch
        {
            0 => null,
            1 => Volume.From(matches[0]),
            _ => throw new BerthException(ErrorKind.Conflict, $"more than one result for volume name \"{nameOrPrefix}\": volume already exists"),
        };
    }

    /// <summary>The volume, or <see cref="NotFound"/>.</summary>
    public Volume Get(string nameOrPrefix) => TryGet(nameOrPrefix) ?? throw NotFound(nameOrPrefix);

    /// <summary><c>volume exists</c>: the exact name only (podman's HasVolume takes no prefix).</summary>
    public bool Exists(string name)
    {
        if (name.Length == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "name or ID cannot be empty");
        }

        return Store.Get(name) is not null;
    }

    /// <summary>Every volume, by name.</summary>
    public IReadOnlyList<Volume> List() => [.. Store.List().Select(Volume.From)];

    /// <summary><c>volume ls --filter</c>: the volumes any filter matches (all without filters), by name.</summary>
    public IReadOnlyList<Volume> List(IReadOnlyList<string> filters)
    {
        Dictionary<string, List<string>>? users = null;
        var match = VolumeFilters.Build(filters, v => !(users ??= Users()).ContainsKey(v.Name));
        var all = List();
        return match is null ? all : [.. all.Where(match)];
    }

    /// <summary>After the content at the mount point was copied into the volume: NeedsCopyUp off for good.</summary>
    public void MarkCopiedUp(string name) =>
        _ = Store.UpdateState(name, v => v with { NeedsCopyUp = false }) ?? throw NotFound(name);

    /// <summary>After the data directory was chowned for a container: NeedsChown off, the owner recorded.</summary>
    public void MarkChowned(string name, int uid, int gid) =>
        _ = Store.UpdateState(name, v => v with { NeedsChown = false, UidChowned = uid, GidChowned = gid }) ?? throw NotFound(name);

    /// <summary>
    /// A counted mount: a volume with mount options (type/device/o) gets its file system mounted on the data directory
    /// by its first user. Returns the path to bind into containers (the data directory). As in podman, volumes without
    /// mount options are not counted.
    /// </summary>
    public string Mount(string name)
    {
        var volume = Get(name);
        if (!volume.NeedsMount)
        {
            return volume.Mountpoint;
        }

        try
        {
            return Store.Mount(volume.Name, VolumeOptions.MountFor(volume.Options, volume.Mountpoint));
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorKind.Internal, $"mounting volume {volume.Name}: {e.Message}", e);
        }
    }

    /// <summary>One user less; the last one unmounts. Never below zero; does nothing for volumes without mount options.</summary>
    public void Unmount(string name)
    {
        var volume = Get(name);
        if (!volume.NeedsMount)
        {
            return;
        }

        try
        {
            Store.Unmount(volume.Name);
        }
        catch (IOException e)
        {
            throw new BerthException(ErrorKind.Internal, $"unmounting volume {volume.Name}: {e.Message}", e);
        }
    }

    /// <summary>
    /// <c>volume rm</c> of one volume: in use without <paramref name="force"/> is podman's "being used" error (exit 2);
    /// with it the containers using the volume are removed first (stopped within <paramref name="timeout"/> seconds when
    /// running). Then the volume is unmounted if mounted, and its row and directory are removed.
    /// </summary>
    public async Task RemoveAsync(string name, bool force, uint? timeout, CancellationToken cancellationToken)
    {
        var volume = Get(name);
        var users = UsersOf(volume.Name);
        if (users.Count > 0)
        {
            if (!force)
            {
                throw InUse(volume.Name, users.Select(c => c.Id));
            }

            foreach (var c in users)
            {
                try
                {
                    await Containers.RemoveAsync(c, new RemoveOptions { Force = true, Timeout = timeout }, cancellationToken).ConfigureAwait(false);
                }
                catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
                {
                    // Removed meanwhile: nothing to do.
                }
                catch (BerthException e)
                {
                    throw new BerthException(e.Kind, $"removing container {c.Id} that depends on volume {volume.Name}: {e.Message}", e);
                }
            }
        }

        RemoveRecord(volume.Name);
    }

    /// <summary>The volumes <c>volume prune</c> removes with these filters: the unused ones any filter matches.</summary>
    public IReadOnlyList<Volume> PruneCandidates(IReadOnlyList<string> filters)
    {
        var users = Users();
        var match = VolumeFilters.Build(filters, v => !users.ContainsKey(v.Name));
        return [.. List().Where(v => !users.ContainsKey(v.Name) && (match is null || match(v)))];
    }

    /// <summary><c>volume prune</c>: removes every unused volume any filter matches (all unused ones without filters).</summary>
    public IReadOnlyList<VolumeRemoveReport> Prune(IReadOnlyList<string> filters)
    {
        var reports = new List<VolumeRemoveReport>();
        foreach (var volume in PruneCandidates(filters))
        {
            try
            {
                RemoveRecord(volume.Name);
                reports.Add(new VolumeRemoveReport(volume.Name, null));
            }
            catch (BerthException e)
            {
                reports.Add(new VolumeRemoveReport(volume.Name, e));
            }
        }

        return reports;
    }

    /// <summary>The containers whose configuration lists the volume, by ID.</summary>
    public IReadOnlyList<Container> UsersOf(string name) =>
        [.. Containers.List().Where(c => c.Config.NamedVolumes.Any(m => m.Name == name)).OrderBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>podman's error for a name no volume has (podman's volume rm exits 1 with it).</summary>
    public static BerthException NotFound(string name) =>
        new(ErrorKind.NotFound, $"no volume with name \"{name}\" found: no such volume");

    /// <summary>podman's error for removing a volume containers use (exit 2).</summary>
    public static BerthException InUse(string name, IEnumerable<string> containerIds) =>
        new(ErrorKind.Conflict, $"volume {name} is being used by the following container(s): {string.Join(", ", containerIds)}: volume is being used")
        {
            ExitCode = 2,
        };

    private void RemoveRecord(string name)
    {
        try
        {
            Store.Remove(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.Internal, $"cleaning up volume storage for \"{name}\": {e.Message}", e);
        }
    }

    /// <summary>Volume name → the IDs of the containers using it.</summary>
    private Dictionary<string, List<string>> Users()
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var c in Containers.List())
        {
            foreach (var m in c.Config.NamedVolumes)
            {
                if (!users.TryGetValue(m.Name, out var ids))
                {
                    users[m.Name] = ids = [];
                }

                ids.Add(c.Id);
            }
        }

        return users;
    }
}
