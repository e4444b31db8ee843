using System.Text.RegularExpressions;
using Berth.Oci;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Images;

/// <summary>
/// Image records in SQLite: one row per image (ID = config digest hex) with its layers, names (a name belongs to one
/// image at a time: tagging moves it), digest names and owned blobs. Each change is one transaction.
/// </summary>
public sealed partial class ImageStore
{
    private const string ImageColumns =
        "id, config_digest, manifest_digest, manifest_media_type, top_layer, size, architecture, os, variant, created_ticks, added_ticks, modified_ticks, read_only";

    private readonly StoreDatabase db;

    internal ImageStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>
    /// Stores an image, or, when an image with its ID exists, adds the given names and digests to it (moving names
    /// from other images). Layers must be in the layer store.
    /// </summary>
    public Image Add(NewImage image)
    {
        var id = image.Config.Digest.Encoded;
        foreach (var name in image.Names)
        {
            ValidateName(name);
        }

        return db.Write(s =>
        {
            var now = DateTimeOffset.UtcNow.UtcTicks;
            if (s.Scalar("SELECT COUNT(*) FROM images WHERE id = $id", ("$id", id)) == 0)
            {
                long size = image.Config.Size + image.Manifest.Size;
                foreach (var layer in image.Layers)
                {
                    var rows = s.Query("SELECT uncompressed_size FROM layers WHERE chain_id = $c", r => r.GetInt64(0), ("$c", layer.ToString()));
                    size += rows.Count == 1 ? rows[0] : throw BerthException.NotFound($"layer {layer} of image {id[..12]} is not in the store");
                }

                s.Execute(
                    $"INSERT INTO images ({ImageColumns}) VALUES ($id, $cfg, $man, $mt, $top, $size, $arch, $os, $var, $created, $now, $now, $ro)",
                    ("$id", id),
                    ("$cfg", image.Config.Digest.ToString()),
                    ("$man", image.Manifest.Digest.ToString()),
                    ("$mt", image.Manifest.MediaType),
                    ("$top", image.Layers.Count == 0 ? null : image.Layers[^1].ToString()),
                    ("$size", size),
                    ("$arch", image.Architecture),
                    ("$os", image.Os),
                    ("$var", image.Variant),
                    ("$created", image.Created?.UtcTicks),
                    ("$now", now),
                    ("$ro", image.ReadOnly ? 1 : 0));
                for (var i = 0; i < image.Layers.Count; i++)
                {
                    s.Execute(
                        "INSERT INTO image_layers (image_id, position, chain_id) VALUES ($id, $i, $c)",
                        ("$id", id),
                        ("$i", i),
                        ("$c", image.Layers[i].ToString()));
                }

                foreach (var blob in image.Blobs.Append(image.Config.Digest).Append(image.Manifest.Digest).Distinct())
                {
                    s.Execute("INSERT INTO image_blobs (image_id, digest) VALUES ($id, $d)", ("$id", id), ("$d", blob.ToString()));
                }
            }
            else
            {
                foreach (var blob in image.Blobs.Append(image.Manifest.Digest))
                {
                    s.Execute("INSERT OR IGNORE INTO image_blobs (image_id, digest) VALUES ($id, $d)", ("$id", id), ("$d", blob.ToString()));
                }
            }

            foreach (var name in image.Names)
            {
                PutName(s, id, name, now);
            }

            if (image.Names.Count > 0)
            {
                // containers/image adds names with AddNames, which puts the new names before the old ones.
                var given = image.Names.Distinct().ToList();
                RecordNamesHistory(s, id, given.Concat(CurrentNames(s, id).Where(n => !given.Contains(n))));
            }

            foreach (var digestName in image.Digests)
            {
                s.Execute(
                    "INSERT OR IGNORE INTO image_digest_names (image_id, name, seq) VALUES ($id, $n, (SELECT COALESCE(MAX(seq), 0) + 1 FROM image_digest_names))",
                    ("$id", id),
                    ("$n", digestName));
            }

            s.Execute("UPDATE images SET modified_ticks = $now WHERE id = $id", ("$id", id), ("$now", now));
            return Load(s, [id])[0];
        });
    }

    /// <summary>The image with this full ID (64 hex digits, with or without <c>sha256:</c>), or null.</summary>
    public Image? Get(string id) => db.Read(s => Load(s, [StripAlgorithm(id)]).FirstOrDefault());

    /// <summary>The image that has this name (a full reference), or null.</summary>
    public Image? GetByName(string name) => db.Read(s =>
    {
        var ids = s.Query("SELECT image_id FROM image_names WHERE name = $n", r => r.GetString(0), ("$n", name));
        return ids.Count == 0 ? null : Load(s, ids).FirstOrDefault();
    });

    /// <summary>
    /// The one image whose ID starts with <paramref name="prefix"/> (hex, optionally after <c>sha256:</c>), or null; when
    /// several do, a <see cref="ErrorKind.Conflict"/> says so (as containers/storage's truncated-ID index does).
    /// </summary>
    public Image? FindByIdPrefix(string prefix)
    {
        var hex = StripAlgorithm(prefix).ToLowerInvariant();
        if (hex.Length == 0 || !HexGrammar().IsMatch(hex))
        {
            return null;
        }

        return db.Read(s =>
        {
            var ids = s.Query(
                "SELECT id FROM images WHERE id >= $lo AND id < $hi ORDER BY id LIMIT 2",
                r => r.GetString(0),
                ("$lo", hex),
                ("$hi", hex + "g"));
            return ids.Count switch
            {
                0 => null,
                1 => Load(s, ids)[0],
                _ => throw new BerthException(ErrorKind.Conflict, $"multiple images found with prefix {hex}: give more of the image ID"),
            };
        });
    }

    /// <summary>Looks an image up the way containers/storage does: by name, then by full ID, then by unique ID prefix.</summary>
    public Image? Lookup(string nameOrId) => GetByName(nameOrId) ?? Get(nameOrId) ?? FindByIdPrefix(nameOrId);

    /// <summary>Every image, oldest first.</summary>
    public IReadOnlyList<Image> List() => db.Read(LoadAll);

    public int Count() => db.Read(s => (int)s.Scalar("SELECT COUNT(*) FROM images"));

    /// <summary>Gives the image <paramref name="name"/>, taking it from whichever image had it.</summary>
    public Image Tag(string id, string name)
    {
        ValidateName(name);
        var full = StripAlgorithm(id);
        return db.Write(s =>
        {
            RequireWritable(s, full);
            var now = DateTimeOffset.UtcNow.UtcTicks;
            PutName(s, full, name, now);
            RecordNamesHistory(s, full, CurrentNames(s, full));
            s.Execute("UPDATE images SET modified_ticks = $now WHERE id = $id", ("$id", full), ("$now", now));
            return Load(s, [full])[0];
        });
    }

    /// <summary>Takes <paramref name="name"/> off the image; <see cref="ErrorKind.NotFound"/> if it does not have it.</summary>
    public Image Untag(string id, string name)
    {
        var full = StripAlgorithm(id);
        return db.Write(s =>
        {
            RequireWritable(s, full);
            var removed = s.Execute("DELETE FROM image_names WHERE name = $n AND image_id = $id", ("$n", name), ("$id", full));
            if (removed == 0)
            {
                throw BerthException.NotFound($"tag {name} not found on image {full[..Math.Min(12, full.Length)]}");
            }

            RecordNamesHistory(s, full, CurrentNames(s, full));

            s.Execute("UPDATE images SET modified_ticks = $now WHERE id = $id", ("$id", full), ("$now", DateTimeOffset.UtcNow.UtcTicks));
            return Load(s, [full])[0];
        });
    }

    /// <summary>
    /// Removes the image record and returns the chain IDs of its layers that nothing refers to any more, top first: the
    /// caller removes them from the layer store in that order. The image's blobs become garbage for the content store
    /// unless another image owns them too (<see cref="UnownedBlobs"/>).
    /// </summary>
    public IReadOnlyList<Digest> Remove(string id)
    {
        var full = StripAlgorithm(id);
        return db.Write(s =>
        {
            RequireWritable(s, full);
            var layers = s.Query(
                "SELECT chain_id FROM image_layers WHERE image_id = $id ORDER BY position DESC",
                r => r.GetString(0),
                ("$id", full));
            s.Execute("DELETE FROM images WHERE id = $id", ("$id", full));
            var removable = new List<Digest>();
            var removableSet = new HashSet<string>();
            foreach (var chain in layers.Distinct())
            {
                var images = s.Scalar("SELECT COUNT(*) FROM image_layers WHERE chain_id = $c", ("$c", chain));
                var containers = s.Scalar("SELECT COUNT(*) FROM container_layers WHERE parent_chain_id = $c", ("$c", chain));
                var children = s.Query("SELECT chain_id FROM layers WHERE parent_chain_id = $c", r => r.GetString(0), ("$c", chain));
                if (images == 0 && containers == 0 && children.All(removableSet.Contains))
                {
                    removable.Add(Digest.Parse(chain));
                    removableSet.Add(chain);
                }
                else
                {
                    break; // everything below is kept alive by this layer
                }
            }

            return removable;
        });
    }

    /// <summary>Of <paramref name="candidates"/>, the blobs no image owns.</summary>
    public IReadOnlySet<Digest> UnownedBlobs(IEnumerable<Digest> candidates) => db.Read(s =>
    {
        var owned = s.Query("SELECT DISTINCT digest FROM image_blobs", r => r.GetString(0)).ToHashSet();
        return candidates.Where(c => !owned.Contains(c.ToString())).ToHashSet();
    });

    private static void PutName(StoreDatabase.Session s, string id, string name, long now)
    {
        var previous = s.Query("SELECT image_id FROM image_names WHERE name = $n", r => r.GetString(0), ("$n", name));
        if (previous.Count == 1 && previous[0] == id)
        {
            return;
        }

        if (previous.Count == 1)
        {
            RequireWritable(s, previous[0]);
            s.Execute("DELETE FROM image_names WHERE name = $n", ("$n", name));
            s.Execute("UPDATE images SET modified_ticks = $now WHERE id = $id", ("$id", previous[0]), ("$now", now));
        }

        s.Execute(
            "INSERT INTO image_names (name, image_id, seq) VALUES ($n, $id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM image_names))",
            ("$n", name),
            ("$id", id));
    }

    /// <summary>
    /// containers/storage's <c>addNameToHistory</c> after every change of an image's names: each name, in the order
    /// the name list has after the change, moves to the front of the history, so the last one ends up first. libimage
    /// tags and untags with SetNames (old names first, as <see cref="CurrentNames"/> gives them); containers/image adds
    /// pulled names with AddNames (new names first). Names the image no longer has (untagged, or moved to another image)
    /// stay behind them. podman 4.3 shows <c>demo:latest, demo:1.0</c> after <c>tag demo:1.0 demo:latest</c>.
    /// </summary>
    private static void RecordNamesHistory(StoreDatabase.Session s, string id, IEnumerable<string> names)
    {
        foreach (var name in names.ToList())
        {
            s.Execute(
                """
                INSERT INTO image_names_history (image_id, name, seq)
                VALUES ($id, $n, (SELECT COALESCE(MAX(seq), 0) + 1 FROM image_names_history))
                ON CONFLICT (image_id, name) DO UPDATE SET seq = excluded.seq
                """,
                ("$id", id),
                ("$n", name));
        }
    }

    private static List<string> CurrentNames(StoreDatabase.Session s, string id) =>
        s.Query("SELECT name FROM image_names WHERE image_id = $id ORDER BY seq", r => r.GetString(0), ("$id", id));

    private static void RequireWritable(StoreDatabase.Session s, string id)
    {
        var flags = s.Query("SELECT read_only FROM images WHERE id = $id", r => r.GetInt64(0), ("$id", id));
        if (flags.Count == 0)
        {
            throw BerthException.NotFound($"image {id[..Math.Min(12, id.Length)]} is not in the store");
        }

        if (flags[0] != 0)
        {
            throw new BerthException(ErrorKind.InvalidState, $"image {id[..12]} is in a read-only image store and cannot be changed");
        }
    }

    private static List<Image> Load(StoreDatabase.Session s, IReadOnlyList<string> ids)
    {
        var images = new List<Image>(ids.Count);
        foreach (var id in ids)
        {
            var rows = s.Query($"SELECT {ImageColumns} FROM images WHERE id = $id", ReadRow, ("$id", id));
            if (rows.Count == 0)
            {
                continue;
            }

            var row = rows[0];
            images.Add(row with
            {
                Layers = s.Query("SELECT chain_id FROM image_layers WHERE image_id = $id ORDER BY position", r => Digest.Parse(r.GetString(0)), ("$id", id)),
                Names = s.Query("SELECT name FROM image_names WHERE image_id = $id ORDER BY seq", r => r.GetString(0), ("$id", id)),
                Digests = s.Query("SELECT name FROM image_digest_names WHERE image_id = $id ORDER BY seq", r => r.GetString(0), ("$id", id)),
                NamesHistory = s.Query("SELECT name FROM image_names_history WHERE image_id = $id ORDER BY seq DESC", r => r.GetString(0), ("$id", id)),
                Blobs = s.Query("SELECT digest FROM image_blobs WHERE image_id = $id ORDER BY digest", r => Digest.Parse(r.GetString(0)), ("$id", id)),
            });
        }

        return images;
    }

    /// <summary>Every image with one query per table (not six per image): what <c>images</c> lists.</summary>
    private static List<Image> LoadAll(StoreDatabase.Session s)
    {
        Dictionary<string, List<T>> ByImage<T>(string sql, Func<Sqlite.StoreDatabase.Row, T> value)
        {
            var map = new Dictionary<string, List<T>>(StringComparer.Ordinal);
            foreach (var (id, item) in s.Query(sql, r => (r.GetString(0), value(r))))
            {
                if (!map.TryGetValue(id, out var list))
                {
                    map[id] = list = [];
                }

                list.Add(item);
            }

            return map;
        }

        var layers = ByImage("SELECT image_id, chain_id FROM image_layers ORDER BY image_id, position", r => Digest.Parse(r.GetString(1)));
        var names = ByImage("SELECT image_id, name FROM image_names ORDER BY image_id, seq", r => r.GetString(1));
        var digests = ByImage("SELECT image_id, name FROM image_digest_names ORDER BY image_id, seq", r => r.GetString(1));
        var history = ByImage("SELECT image_id, name FROM image_names_history ORDER BY image_id, seq DESC", r => r.GetString(1));
        var blobs = ByImage("SELECT image_id, digest FROM image_blobs ORDER BY image_id, digest", r => Digest.Parse(r.GetString(1)));
        return s.Query($"SELECT {ImageColumns} FROM images ORDER BY added_ticks, id", ReadRow)
            .Select(row => row with
            {
                Layers = layers.GetValueOrDefault(row.Id) ?? [],
                Names = names.GetValueOrDefault(row.Id) ?? [],
                Digests = digests.GetValueOrDefault(row.Id) ?? [],
                NamesHistory = history.GetValueOrDefault(row.Id) ?? [],
                Blobs = blobs.GetValueOrDefault(row.Id) ?? [],
            }).ToList();
    }

    private static Image ReadRow(Sqlite.StoreDatabase.Row r) => new()
    {
        Id = r.GetString(0),
        ConfigDigest = Digest.Parse(r.GetString(1)),
        ManifestDigest = Digest.Parse(r.GetString(2)),
        ManifestMediaType = r.GetString(3),
        TopLayer = r.IsDBNull(4) ? null : Digest.Parse(r.GetString(4)),
        Size = r.GetInt64(5),
        Architecture = r.IsDBNull(6) ? null : r.GetString(6),
        Os = r.IsDBNull(7) ? null : r.GetString(7),
        Variant = r.IsDBNull(8) ? null : r.GetString(8),
        Created = r.IsDBNull(9) ? null : new DateTimeOffset(r.GetInt64(9), TimeSpan.Zero),
        Added = new DateTimeOffset(r.GetInt64(10), TimeSpan.Zero),
        Modified = new DateTimeOffset(r.GetInt64(11), TimeSpan.Zero),
        ReadOnly = r.GetInt64(12) != 0,
        Layers = [],
        Names = [],
        Digests = [],
        Blobs = [],
    };

    private static string StripAlgorithm(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw BerthException.InvalidArgument($"invalid image name \"{name}\"");
        }
    }

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex HexGrammar();
}
