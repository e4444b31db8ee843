using Berth.Storage.Sqlite;

namespace Berth.Storage.Containers;

/// <summary>
/// Container records in SQLite (podman keeps them in libpod's database): names are unique, every change is one
/// transaction, and <see cref="Update"/> is a read-modify-write inside one, so two processes changing the same container
/// take turns instead of losing a change.
/// </summary>
public sealed class ContainerStore
{
    private const string Columns = "id, name, image_id, created_ticks, config, state, state_json, version";
    private readonly StoreDatabase db;

    internal ContainerStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>
    /// Adds a container; <see cref="ErrorKind.AlreadyExists"/> (data: the holder's ID) when the name or ID is taken.
    /// Durable once the store closes or <see cref="Store.SyncOwedWrites"/> is called (<see cref="StoreDatabase.WriteSyncedLater{T}"/>):
    /// <c>run</c> syncs it while the runtime creates the container.
    /// </summary>
    public ContainerRecord Add(NewContainer container) => db.WriteSyncedLater(s =>
    {
        var holder = s.Query("SELECT id FROM containers WHERE name = $n OR id = $id", r => r.GetString(0), ("$n", container.Name), ("$id", container.Id));
        if (holder.Count > 0)
        {
            throw new ContainerNameInUseException(container.Name, holder[0]);
        }

        s.Execute(
            $"INSERT INTO containers ({Columns}) VALUES ($id, $n, $img, $t, $cfg, $st, $sj, 1)",
            ("$id", container.Id),
            ("$n", container.Name),
            ("$img", container.ImageId),
            ("$t", container.Created.UtcTicks),
            ("$cfg", container.Config),
            ("$st", container.State),
            ("$sj", container.StateJson));
        return new ContainerRecord(container.Id, container.Name, container.ImageId, container.Created, container.Config, container.State, container.StateJson, 1);
    });

    public ContainerRecord? Get(string id) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM containers WHERE id = $id", Read, ("$id", id))).FirstOrDefault();

    public ContainerRecord? GetByName(string name) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM containers WHERE name = $n", Read, ("$n", name))).FirstOrDefault();

    /// <summary>Containers whose ID starts with <paramref name="prefix"/> (lower-case hex).</summary>
    public IReadOnlyList<ContainerRecord> FindByIdPrefix(string prefix) =>
        db.Read(s => s.Query(
            $"SELECT {Columns} FROM containers WHERE id >= $p AND id < $q ORDER BY id",
            Read,
            ("$p", prefix),
            ("$q", prefix + "\uffff")));

    /// <summary>Every container, oldest first.</summary>
    public IReadOnlyList<ContainerRecord> List() =>
        db.Read(s => s.Query($"SELECT {Columns} FROM containers ORDER BY created_ticks, id", Read));

    /// <summary>IDs of the containers made from image <paramref name="imageId"/>.</summary>
    public IReadOnlyList<string> UsingImage(string imageId) =>
        db.Read(s => s.Query("SELECT id FROM containers WHERE image_id = $i ORDER BY created_ticks", r => r.GetString(0), ("$i", imageId)));

    /// <summary>
    /// Reads the container and stores what <paramref name="change"/> makes of it, in one write transaction. A null change
    /// leaves it as it is. Returns the record as stored afterwards, or null when the container does not exist. The state
    /// is runtime state (void after a reboot, see the boot ID in it), so the commit is not synced
    /// (<see cref="StoreDatabase.WriteVolatile{T}"/>).
    /// </summary>
    public ContainerRecord? Update(string id, Func<ContainerRecord, ContainerStateChange?> change) => db.WriteVolatile(s =>
    {
        var current = s.Query($"SELECT {Columns} FROM containers WHERE id = $id", Read, ("$id", id)).FirstOrDefault();
        if (current is null)
        {
            return null;
        }

        if (change(current) is not { } next)
        {
            return current;
        }

        s.Execute(
            "UPDATE containers SET state = $st, state_json = $sj, version = version + 1 WHERE id = $id",
            ("$id", id),
            ("$st", next.State),
            ("$sj", next.StateJson));
        return current with { State = next.State, StateJson = next.StateJson, Version = current.Version + 1 };
    });

    /// <summary>
    /// Replaces the configuration (podman changes it for <c>network connect</c>/<c>disconnect</c> only), in one transaction
    /// with <paramref name="stateJson"/>'s state when given.
    /// </summary>
    public void UpdateConfig(string id, string config, string? state = null, string? stateJson = null) => db.Write(s =>
    {
        var changed = state is null
            ? s.Execute("UPDATE containers SET config = $cfg, version = version + 1 WHERE id = $id", ("$id", id), ("$cfg", config))
            : s.Execute("UPDATE containers SET config = $cfg, state = $st, state_json = $sj, version = version + 1 WHERE id = $id", ("$id", id), ("$cfg", config), ("$st", state), ("$sj", stateJson));
        if (changed == 0)
        {
            throw BerthException.NotFound($"no container with ID {id} found in the database");
        }
    });

    /// <summary>Gives the container another name; <see cref="ContainerNameInUseException"/> when it is taken.</summary>
    public void Rename(string id, string newName) => db.Write(s =>
    {
        var holder = s.Query("SELECT id FROM containers WHERE name = $n", r => r.GetString(0), ("$n", newName));
        if (holder.Count > 0 && holder[0] != id)
        {
            throw new ContainerNameInUseException(newName, holder[0]);
        }

        if (s.Execute("UPDATE containers SET name = $n, version = version + 1 WHERE id = $id", ("$id", id), ("$n", newName)) == 0)
        {
            throw BerthException.NotFound($"no container with ID {id} found in the database");
        }
    });

    /// <summary>Deletes the record; false when it was already gone.</summary>
    public bool Remove(string id) => db.Write(s => s.Execute("DELETE FROM containers WHERE id = $id", ("$id", id)) > 0);

    private static ContainerRecord Read(Sqlite.StoreDatabase.Row r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetInt64(7));
}

/// <summary>A container name (or ID) is already taken; <see cref="HolderId"/> is the container that has it.</summary>
public sealed class ContainerNameInUseException(string name, string holderId)
    : BerthException(ErrorKind.AlreadyExists, $"the container name \"{name}\" is already in use by {holderId}. You have to remove that container to be able to reuse that name: that name is already in use")
{
    public string Name { get; } = name;

    public string HolderId { get; } = holderId;
}
