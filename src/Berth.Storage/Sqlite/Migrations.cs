using System.Globalization;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The schema, as an ordered list of migrations. <c>schema_version</c> records each one applied; opening a store applies
/// the missing ones in one transaction. Never edit a migration that has shipped: add the next one.
/// </summary>
internal static class Migrations
{
    /// <summary>Migration N (1-based) is <c>Steps[N-1]</c>.</summary>
    internal static readonly string[] Steps =
    [
        """
        CREATE TABLE store_meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE layers (
            chain_id          TEXT PRIMARY KEY,
            parent_chain_id   TEXT REFERENCES layers(chain_id),
            diff_id           TEXT NOT NULL,
            driver            TEXT NOT NULL,
            link_id           TEXT UNIQUE,
            uncompressed_size INTEGER NOT NULL,
            created_ticks     INTEGER NOT NULL
        );
        CREATE INDEX layers_parent ON layers(parent_chain_id);
        CREATE TABLE container_layers (
            id              TEXT PRIMARY KEY,
            parent_chain_id TEXT REFERENCES layers(chain_id),
            driver          TEXT NOT NULL,
            created_ticks   INTEGER NOT NULL
        );
        CREATE INDEX container_layers_parent ON container_layers(parent_chain_id);
        CREATE TABLE images (
            id                  TEXT PRIMARY KEY,
            config_digest       TEXT NOT NULL,
            manifest_digest     TEXT NOT NULL,
            manifest_media_type TEXT NOT NULL,
            top_layer           TEXT REFERENCES layers(chain_id),
            size                INTEGER NOT NULL,
            architecture        TEXT,
            os                  TEXT,
            variant             TEXT,
            created_ticks       INTEGER,
            added_ticks         INTEGER NOT NULL,
            modified_ticks      INTEGER NOT NULL,
            read_only           INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE image_layers (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            chain_id TEXT NOT NULL REFERENCES layers(chain_id),
            PRIMARY KEY (image_id, position)
        );
        CREATE INDEX image_layers_chain ON image_layers(chain_id);
        CREATE TABLE image_names (
            name     TEXT PRIMARY KEY,
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            seq      INTEGER NOT NULL
        );
        CREATE INDEX image_names_image ON image_names(image_id);
        CREATE TABLE image_digest_names (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            name     TEXT NOT NULL,
            seq      INTEGER NOT NULL,
            PRIMARY KEY (image_id, name)
        );
        CREATE TABLE image_blobs (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            digest   TEXT NOT NULL,
            PRIMARY KEY (image_id, digest)
        );
        CREATE INDEX image_blobs_digest ON image_blobs(digest);
        """,
        // 2: names an image ever had (containers/storage's NamesHistory, newest = highest seq), and read-only image
        // mounts of layers with their reference counts (podman image mount/unmount).
        """
        CREATE TABLE image_names_history (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            name     TEXT NOT NULL,
            seq      INTEGER NOT NULL,
            PRIMARY KEY (image_id, name)
        );
        INSERT INTO image_names_history (image_id, name, seq) SELECT image_id, name, seq FROM image_names;
        CREATE TABLE layer_mounts (
            chain_id    TEXT PRIMARY KEY REFERENCES layers(chain_id),
            mount_point TEXT NOT NULL,
            count       INTEGER NOT NULL
        );
        """,
        // 3: containers (libpod's state: an immutable config and a mutable state, both JSON the engine owns; the
        // state column is the state's name for queries), and counted mounts of container root file systems.
        """
        CREATE TABLE containers (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,
            image_id      TEXT,
            created_ticks INTEGER NOT NULL,
            config        TEXT NOT NULL,
            state         TEXT NOT NULL,
            state_json    TEXT NOT NULL,
            version       INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX containers_image ON containers(image_id);
        CREATE TABLE container_mounts (
            id          TEXT PRIMARY KEY,
            mount_point TEXT NOT NULL,
            count       INTEGER NOT NULL
        );
        """,
        // 4: named volumes (libpod's volume config and state in one row; labels and options are JSON objects; the data
        // directory is mount_point; mount_count counts the users of a volume's own mount).
        """
        CREATE TABLE volumes (
            name          TEXT PRIMARY KEY,
            driver        TEXT NOT NULL,
            mount_point   TEXT NOT NULL,
            created_ticks INTEGER NOT NULL,
            labels        TEXT NOT NULL,
            options       TEXT NOT NULL,
            anonymous     INTEGER NOT NULL,
            uid           INTEGER,
            gid           INTEGER,
            uid_chowned   INTEGER,
            gid_chowned   INTEGER,
            needs_copy_up INTEGER NOT NULL,
            needs_chown   INTEGER NOT NULL,
            mount_count   INTEGER NOT NULL DEFAULT 0
        );
        """,
        // 5: pods (libpod's PodConfig as a JSON document the engine owns; names are unique like containers').
        """
        CREATE TABLE pods (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,
            created_ticks INTEGER NOT NULL,
            config        TEXT NOT NULL
        );
        """,
        // 6: builds. Working containers of builds and of the buildah commands (buildah's builder JSON as config; their
        // root file systems are container layers keyed by the same ID); the layer cache (a step's key -> the image it
        // made); and image parents (the image a build step started from: intermediate images are unnamed parents).
        """
        CREATE TABLE builders (
            id            TEXT PRIMARY KEY,
            name          TEXT NOT NULL UNIQUE,
            created_ticks INTEGER NOT NULL,
            config        TEXT NOT NULL
        );
        CREATE TABLE build_cache (
            key           TEXT PRIMARY KEY,
            image_id      TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            created_ticks INTEGER NOT NULL
        );
        CREATE INDEX build_cache_image ON build_cache(image_id);
        CREATE TABLE image_parents (
            image_id  TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
            parent_id TEXT NOT NULL
        );
        CREATE INDEX image_parents_parent ON image_parents(parent_id);
        """,
        // 7: manifest lists. A list is an image row (a random ID; config_digest and manifest_digest both name the index
        // blob, manifest_media_type is the index's, no layers), so names, images and rmi treat it as podman does; this
        // table records where each instance was added from (the reference push copies it from).
        """
        CREATE TABLE manifest_list_instances (
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            digest   TEXT NOT NULL,
            source   TEXT NOT NULL,
            PRIMARY KEY (image_id, digest)
        );
        """,
    ];

    public static int LatestVersion => Steps.Length;

    public static void Apply(StoreDatabase db) => Apply(db, Steps);

    /// <summary>Applies <paramref name="steps"/> (another database's own migration list).</summary>
    public static void Apply(StoreDatabase db, string[] steps)
    {
        db.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_ticks INTEGER NOT NULL)");
        db.Write(s =>
        {
            var current = (int)s.Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (current > steps.Length)
            {
                throw new BerthException(
                    ErrorKind.InvalidState,
                    $"the storage database has schema version {current.ToString(CultureInfo.InvariantCulture)}, newer than this berth knows ({steps.Length.ToString(CultureInfo.InvariantCulture)}): use a newer berth");
            }

            for (var version = current + 1; version <= steps.Length; version++)
            {
                s.Execute(steps[version - 1]);
                s.Execute(
                    "INSERT INTO schema_version (version, applied_ticks) VALUES ($v, $t)",
                    ("$v", version),
                    ("$t", DateTimeOffset.UtcNow.UtcTicks));
            }
        });
    }
}
