using Berth.Storage.Sqlite;

namespace Berth.Storage.Pods;

/// <summary>One pod as stored: identity and the configuration JSON the engine owns.</summary>
public sealed record PodRecord(string Id, string Name, DateTimeOffset Created, string Config);

/// <summary>
/// Pod records in SQLite (podman keeps them in libpod's database): names and IDs are unique, every change is one
/// transaction. The pod's containers are container records whose configuration names the pod.
/// </summary>
public sealed class PodStore
{
    private const string Columns = "id, name, created_ticks, config";
    private readonly StoreDatabase db;

    internal PodStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>Adds a pod; podman's "name is in use" error (kind AlreadyExists) when the name or ID is taken.</summary>
    public PodRecord Add(PodRecord pod) => db.Write(s =>
    {
        if (s.Query("SELECT id FROM pods WHERE name = $n OR id = $id", r => r.GetString(0), ("$n", pod.Name), ("$id", pod.Id)).Count > 0)
        {
            throw NameInUse(pod.Name);
        }

        s.Execute(
            $"INSERT INTO pods ({Columns}) VALUES ($id, $n, $t, $cfg)",
            ("$id", pod.Id),
            ("$n", pod.Name),
            ("$t", pod.Created.UtcTicks),
            ("$cfg", pod.Config));
        return pod;
    });

    public PodRecord? Get(string id) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM pods WHERE id = $id", Read, ("$id", id))).FirstOrDefault();

    public PodRecord? GetByName(string name) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM pods WHERE name = $n", Read, ("$n", name))).FirstOrDefault();

    /// <summary>Pods whose ID starts with <paramref name="prefix"/> (lower-case hex).</summary>
    public IReadOnlyList<PodRecord> FindByIdPrefix(string prefix) =>
        db.Read(s => s.Query(
            $"SELECT {Columns} FROM pods WHERE id >= $p AND id < $q ORDER BY id",
            Read,
            ("$p", prefix),
            ("$q", prefix + "\uffff")));

    /// <summary>Every pod, oldest first.</summary>
    public IReadOnlyList<PodRecord> List() =>
        db.Read(s => s.Query($"SELECT {Columns} FROM pods ORDER BY created_ticks, id", Read));

    /// <summary>Replaces the configuration (the infra container's ID is set once it exists); false when the pod is gone.</summary>
    public bool UpdateConfig(string id, string config) =>
        db.Write(s => s.Execute("UPDATE pods SET config = $cfg WHERE id = $id", ("$id", id), ("$cfg", config)) > 0);

    /// <summary>Deletes the record; false when it was already gone.</summary>
    public bool Remove(string id) => db.Write(s => s.Execute("DELETE FROM pods WHERE id = $id", ("$id", id)) > 0);

    /// <summary>podman's error for a pod name that is taken.</summary>
    public static BerthException NameInUse(string name) =>
        new(ErrorKind.AlreadyExists, $"adding pod to state: name \"{name}\" is in use: pod already exists");

    private static PodRecord Read(Sqlite.StoreDatabase.Row r) => new(
        r.GetString(0),
        r.GetString(1),
        new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero),
        r.GetString(3));
}
