using System.Text;
using System.Text.Json;
using Berth.Platform;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Volumes;

/// <summary>
/// Named volumes (libpod keeps them in its database, the data under <c>&lt;volume path&gt;/&lt;name&gt;/_data</c>): one
/// row per volume in the store's database and its directory. Every change is one write transaction (BEGIN IMMEDIATE),
/// so concurrent processes take turns: two creates of one name make one volume, mount counts never lose an update.
/// <para>
/// Crash safety: create makes the directories inside the transaction that inserts the row, so a crash leaves no row
/// (and maybe a directory, which the next create of that name removes) or a complete volume. Removal deletes the row
/// first and the directory after; a directory left by a crash there is removed the same way.
/// </para>
/// </summary>
public sealed partial class VolumeStore
{
    private const string Columns = "name, driver, mount_point, created_ticks, labels, options, anonymous, uid, gid, uid_chowned, gid_chowned, needs_copy_up, needs_chown, mount_count";
    private const UnixFileMode VolumeDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode DataDirectoryMode = VolumeDirectoryMode
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly StoreDatabase db;

    internal VolumeStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>
    /// Creates the volume: the row and its directories (<c>&lt;name&gt;</c> 0700, <c>_data</c> 0755, both owned by the
    /// requested UID/GID when one is given, as podman makes them). An existing volume of that name is returned with
    /// <paramref name="ignoreExisting"/>, else <see cref="ErrorKind.AlreadyExists"/> with podman's message. A directory
    /// of that name without a row (left by a crash) is removed first.
    /// </summary>
    public VolumeRecord Create(NewVolume volume, bool ignoreExisting = false)
    {
        CheckName(volume.Name);
        var directory = Path.Combine(Path.GetFullPath(volume.VolumePath), volume.Name);
        var data = Path.Combine(directory, "_data");
        return db.Write(s =>
        {
            if (Read(s, volume.Name) is { } existing)
            {
                return ignoreExisting ? existing : throw AlreadyExists(volume.Name);
            }

            var record = new VolumeRecord
            {
                Name = volume.Name,
                Driver = volume.Driver,
                MountPoint = data,
                Created = volume.Created,
                Labels = volume.Labels,
                Options = volume.Options,
                Anonymous = volume.Anonymous,
                Uid = volume.Uid,
                Gid = volume.Gid,
                NeedsCopyUp = true,
                NeedsChown = volume.NeedsChown,
            };
            MakeDirectories(volume, directory, data);
            try
            {
                FaultInjection.At("volume.directories-made");
                s.Execute(
                    $"INSERT INTO volumes ({Columns}) VALUES ($n, $d, $m, $t, $l, $o, $a, $u, $g, NULL, NULL, 1, $nc, 0)",
                    ("$n", record.Name),
                    ("$d", record.Driver),
                    ("$m", record.MountPoint),
                    ("$t", record.Created.UtcTicks),
                    ("$l", WriteMap(record.Labels)),
                    ("$o", WriteMap(record.Options)),
                    ("$a", record.Anonymous ? 1 : 0),
                    ("$u", record.Uid),
                    ("$g", record.Gid),
                    ("$nc", record.NeedsChown ? 1 : 0));
            }
            catch
            {
                RemoveDirectory(directory);
                throw;
            }

            return record;
        });
    }

    public VolumeRecord? Get(string name) => db.Read(s => Read(s, name));

    /// <summary>Every volume, by name (byte order, as podman's database lists them).</summary>
    public IReadOnlyList<VolumeRecord> List() =>
        WithLiveCounts(db.Read(s => s.Query($"SELECT {Columns} FROM volumes ORDER BY name", ReadRow)));

    /// <summary>The volumes whose names start with <paramref name="prefix"/>, by name.</summary>
    public IReadOnlyList<VolumeRecord> FindByPrefix(string prefix) =>
        WithLiveCounts(db.Read(s => s.Query(
            $"SELECT {Columns} FROM volumes WHERE substr(name, 1, length($p)) = $p ORDER BY name",
            ReadRow,
            ("$p", prefix))));

    /// <summary>
    /// Stores what <paramref name="change"/> makes of the volume's state (NeedsCopyUp, NeedsChown, UidChowned,
    /// GidChowned), read and written in one transaction. Returns the stored record, or null when there is no such volume.
    /// </summary>
    public VolumeRecord? UpdateState(string name, Func<VolumeRecord, VolumeRecord> change) => db.Write(s =>
    {
        if (Read(s, name) is not { } current)
        {
            return null;
        }

        var next = change(current);
        s.Execute(
            "UPDATE volumes SET needs_copy_up = $cu, needs_chown = $nc, uid_chowned = $u, gid_chowned = $g WHERE name = $n",
            ("$n", name),
            ("$cu", next.NeedsCopyUp ? 1 : 0),
            ("$nc", next.NeedsChown ? 1 : 0),
            ("$u", next.UidChowned),
            ("$g", next.GidChowned));
        return current with { NeedsCopyUp = next.NeedsCopyUp, NeedsChown = next.NeedsChown, UidChowned = next.UidChowned, GidChowned = next.GidChowned };
    });

    /// <summary>
    /// Removes the volume: unmounts what is mounted on or under its data directory, deletes the row, then the volume's
    /// directory. False when it was already gone. <paramref name="check"/> runs inside the transaction first and may
    /// refuse by throwing (the caller's last look at the volume).
    /// </summary>
    public bool Remove(string name, Action<VolumeRecord>? check = null)
    {
        var removed = db.Write(s =>
        {
            if (Read(s, name) is not { } current)
            {
                return null;
            }

            check?.Invoke(current);
            foreach (var point in KernelMounts.MountPointsUnder(current.MountPoint))
            {
                KernelMounts.Unmount(point, detach: true);
            }

            s.Execute("DELETE FROM volumes WHERE name = $n", ("$n", name));
            return current;
        });
        if (removed is null)
        {
            return false;
        }

        RemoveDirectory(Path.GetDirectoryName(removed.MountPoint)!);
        return true;
    }

    /// <summary>podman's error for a name that is taken.</summary>
    public static BerthException AlreadyExists(string name) =>
        new(ErrorKind.AlreadyExists, $"volume with name {name} already exists: volume already exists");

    /// <summary>Refuses names that would not be one directory below the volume path (the engine checks podman's rules first).</summary>
    private static void CheckName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid volume name \"{name}\"");
        }
    }

    private static void MakeDirectories(NewVolume volume, string directory, string data)
    {
        try
        {
            if (!Directory.Exists(volume.VolumePath))
            {
                Directory.CreateDirectory(volume.VolumePath, VolumeDirectoryMode);
            }

            if (Directory.Exists(directory) || File.Exists(directory))
            {
                RemoveDirectory(directory);
            }

            Directory.CreateDirectory(directory, VolumeDirectoryMode);
            File.SetUnixFileMode(directory, VolumeDirectoryMode);
            Directory.CreateDirectory(data, DataDirectoryMode);
            File.SetUnixFileMode(data, DataDirectoryMode);
            if (volume.Uid is not null || volume.Gid is not null)
            {
                var (uid, gid) = ((uint)(volume.Uid ?? 0), (uint)(volume.Gid ?? 0));
                UnixFileSystem.ChangeOwner(directory, uid, gid);
                UnixFileSystem.ChangeOwner(data, uid, gid);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveDirectory(directory);
            throw new BerthException(ErrorKind.Internal, $"creating volume directory \"{directory}\": {e.Message}", e);
        }
    }

    /// <summary>Removes a volume's directory without following links or crossing into a mount left on it.</summary>
    private static void RemoveDirectory(string directory)
    {
        try
        {
            if (File.Exists(directory) || (File.GetAttributes(directory) & FileAttributes.ReparsePoint) != 0)
            {
                File.Delete(directory);
                return;
            }
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (var point in KernelMounts.MountPointsUnder(directory))
        {
            KernelMounts.Unmount(point, detach: true);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static VolumeRecord? Read(StoreDatabase.Session s, string name) =>
        s.Query($"SELECT {Columns} FROM volumes WHERE name = $n", ReadRow, ("$n", name)).FirstOrDefault();

    private static VolumeRecord ReadRow(Sqlite.StoreDatabase.Row r) => new()
    {
        Name = r.GetString(0),
        Driver = r.GetString(1),
        MountPoint = r.GetString(2),
        Created = new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
        Labels = ReadMap(r.GetString(4)),
        Options = ReadMap(r.GetString(5)),
        Anonymous = r.GetInt64(6) != 0,
        Uid = r.IsDBNull(7) ? null : (int)r.GetInt64(7),
        Gid = r.IsDBNull(8) ? null : (int)r.GetInt64(8),
        UidChowned = r.IsDBNull(9) ? null : (int)r.GetInt64(9),
        GidChowned = r.IsDBNull(10) ? null : (int)r.GetInt64(10),
        NeedsCopyUp = r.GetInt64(11) != 0,
        NeedsChown = r.GetInt64(12) != 0,
        MountCount = (uint)r.GetInt64(13),
    };

    /// <summary>A string map as a JSON object, keys in ordinal order.</summary>
    private static string WriteMap(IReadOnlyDictionary<string, string> map)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Dictionary<string, string> ReadMap(string json)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            map[property.Name] = property.Value.GetString() ?? "";
        }

        return map;
    }
}
