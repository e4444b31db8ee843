using System.Security.Cryptography;
using Berth.Oci;
using Berth.Storage.Sqlite;

namespace Berth.Storage.Images;

/// <summary>
/// Manifest lists as images (podman keeps a list in its image store under its names, so <c>images</c> shows it and
/// <c>rmi</c> removes it): an image row with a random ID, the index blob as both config and manifest, no layers; the
/// size is the index's. Where each instance came from is kept in <c>manifest_list_instances</c> (migration 7).
/// </summary>
public sealed partial class ImageStore
{
    /// <summary>
    /// Stores a new list under <paramref name="name"/> with the index blob (already in the content store) and where its
    /// instances come from. The name must be free: a name another image has is <see cref="ErrorKind.AlreadyExists"/>
    /// with containers/storage's message.
    /// </summary>
    public Image AddManifestList(string name, Descriptor index, IReadOnlyDictionary<Digest, string> sources)
    {
        ValidateName(name);
        RequireIndex(index);
        return db.Write(s =>
        {
            var holder = s.Query("SELECT image_id FROM image_names WHERE name = $n", r => r.GetString(0), ("$n", name));
            if (holder.Count > 0)
            {
                throw new BerthException(ErrorKind.AlreadyExists,
                    $"image name \"{name}\" is already associated with image \"{holder[0]}\": that name is already in use");
            }

            string id;
            do
            {
                id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            }
            while (s.Scalar("SELECT COUNT(*) FROM images WHERE id = $id", ("$id", id)) != 0);

            var now = DateTimeOffset.UtcNow.UtcTicks;
            s.Execute(
                $"INSERT INTO images ({ImageColumns}) VALUES ($id, $d, $d, $mt, NULL, $size, NULL, NULL, NULL, $now, $now, $now, 0)",
                ("$id", id),
                ("$d", index.Digest.ToString()),
                ("$mt", index.MediaType),
                ("$size", index.Size),
                ("$now", now));
            s.Execute("INSERT INTO image_blobs (image_id, digest) VALUES ($id, $d)", ("$id", id), ("$d", index.Digest.ToString()));
            PutName(s, id, name, now);
            RecordNamesHistory(s, id, [name]);
            PutSources(s, id, sources);
            return Load(s, [id])[0];
        });
    }

    /// <summary>
    /// Replaces a list's index (a new blob, already in the content store) and its instances' sources in one
    /// transaction. The old index blob is no longer owned by the list (<see cref="UnownedBlobs"/> tells whether anyone
    /// else owns it).
    /// </summary>
    public Image UpdateManifestList(string id, Descriptor index, IReadOnlyDictionary<Digest, string> sources)
    {
        RequireIndex(index);
        var full = StripAlgorithm(id);
        return db.Write(s =>
        {
            RequireWritable(s, full);
            var types = s.Query("SELECT manifest_media_type FROM images WHERE id = $id", r => r.GetString(0), ("$id", full));
            if (!MediaTypes.IsIndex(types[0]))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"image {full[..12]} is not a manifest list");
            }

            s.Execute(
                "UPDATE images SET config_digest = $d, manifest_digest = $d, manifest_media_type = $mt, size = $size, modified_ticks = $now WHERE id = $id",
                ("$id", full),
                ("$d", index.Digest.ToString()),
                ("$mt", index.MediaType),
                ("$size", index.Size),
                ("$now", DateTimeOffset.UtcNow.UtcTicks));
            s.Execute("DELETE FROM image_blobs WHERE image_id = $id", ("$id", full));
            s.Execute("INSERT INTO image_blobs (image_id, digest) VALUES ($id, $d)", ("$id", full), ("$d", index.Digest.ToString()));
            s.Execute("DELETE FROM manifest_list_instances WHERE image_id = $id", ("$id", full));
            PutSources(s, full, sources);
            return Load(s, [full])[0];
        });
    }

    /// <summary>Where each instance of a list was added from (a transport reference), by instance digest.</summary>
    public IReadOnlyDictionary<Digest, string> ManifestListSources(string id) => db.Read(s => s.Query(
            "SELECT digest, source FROM manifest_list_instances WHERE image_id = $id",
            r => (Digest.Parse(r.GetString(0)), r.GetString(1)),
            ("$id", StripAlgorithm(id)))
        .ToDictionary(p => p.Item1, p => p.Item2));

    private static void PutSources(StoreDatabase.Session s, string id, IReadOnlyDictionary<Digest, string> sources)
    {
        foreach (var (digest, source) in sources)
        {
            s.Execute(
                "INSERT INTO manifest_list_instances (image_id, digest, source) VALUES ($id, $d, $s)",
                ("$id", id),
                ("$d", digest.ToString()),
                ("$s", source));
        }
    }

    private static void RequireIndex(Descriptor index)
    {
        if (!MediaTypes.IsIndex(index.MediaType))
        {
            throw new ArgumentException($"a manifest list's blob must be an index, not {index.MediaType}", nameof(index));
        }
    }
}
