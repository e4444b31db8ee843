using Berth.Storage.Sqlite;

namespace Berth.Storage.Builds;

/// <summary>One working container of a build or of the buildah commands: identity and the builder JSON the build
/// layer owns. Its root file system is the container layer with the same ID.</summary>
public sealed record BuilderRecord(string Id, string Name, DateTimeOffset Created, string Config);

/// <summary>
/// Working containers ("builders") in SQLite, as buildah keeps them beside containers/storage's containers: names and
/// IDs are unique among builders and the caller checks podman's containers too, since they share one name space.
/// </summary>
public sealed class BuilderStore
{
    private const string Columns = "id, name, created_ticks, config";
    private readonly StoreDatabase db;

    internal BuilderStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>Adds a builder; kind AlreadyExists when the name is taken by a builder or a container.</summary>
    public BuilderRecord Add(BuilderRecord builder) => db.Write(s =>
    {
        if (s.Query("SELECT id FROM builders WHERE name = $n OR id = $id", r => r.GetString(0), ("$n", builder.Name), ("$id", builder.Id)).Count > 0
            || s.Query("SELECT id FROM containers WHERE name = $n", r => r.GetString(0), ("$n", builder.Name)).Count > 0)
        {
            throw new BerthException(ErrorKind.AlreadyExists, $"the container name \"{builder.Name}\" is already in use: choose another name or remove that container");
        }

        s.Execute(
            $"INSERT INTO builders ({Columns}) VALUES ($id, $n, $t, $cfg)",
            ("$id", builder.Id),
            ("$n", builder.Name),
            ("$t", builder.Created.UtcTicks),
            ("$cfg", builder.Config));
        return builder;
    });

    public BuilderRecord? Get(string id) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM builders WHERE id = $id", Read, ("$id", id))).FirstOrDefault();

    public BuilderRecord? GetByName(string name) =>
        db.Read(s => s.Query($"SELECT {Columns} FROM builders WHERE name = $n", Read, ("$n", name))).FirstOrDefault();

    /// <summary>Builders whose ID starts with <paramref name="prefix"/> (lower-case hex).</summary>
    public IReadOnlyList<BuilderRecord> FindByIdPrefix(string prefix) =>
        db.Read(s => s.Query(
            $"SELECT {Columns} FROM builders WHERE id >= $p AND id < $q ORDER BY id",
            Read,
            ("$p", prefix),
            ("$q", prefix + "\uffff")));

    /// <summary>Every builder, oldest first.</summary>
    public IReadOnlyList<BuilderRecord> List() =>
        db.Read(s => s.Query($"SELECT {Columns} FROM builders ORDER BY created_ticks, id", Read));

    /// <summary>Names of every builder (for generating a free name).</summary>
    public bool NameExists(string name) => db.Read(s =>
        s.Scalar("SELECT COUNT(*) FROM builders WHERE name = $n", ("$n", name)) + s.Scalar("SELECT COUNT(*) FROM containers WHERE name = $n", ("$n", name)) > 0);

    /// <summary>Replaces the configuration; false when the builder is gone.</summary>
    public bool UpdateConfig(string id, string config) =>
        db.Write(s => s.Execute("UPDATE builders SET config = $cfg WHERE id = $id", ("$id", id), ("$cfg", config)) > 0);

    /// <summary>Deletes the record; false when it was already gone.</summary>
    public bool Remove(string id) => db.Write(s => s.Execute("DELETE FROM builders WHERE id = $id", ("$id", id)) > 0);

    private static BuilderRecord Read(Sqlite.StoreDatabase.Row r) => new(
        r.GetString(0),
        r.GetString(1),
        new DateTimeOffset(r.GetInt64(2), TimeSpan.Zero),
        r.GetString(3));
}
