using Berth.Oci;

namespace Berth.Storage;

/// <summary>
/// Where everything lives under the graph root. Every directory is created 0700; everything is on one file system, so
/// a rename from <c>tmp/</c> into place is atomic.
/// <code>
/// &lt;graphroot&gt;/
///   blobs/sha256/&lt;hex&gt;              content store: verified blobs as fetched (compressed layers, manifests,
///   blobs/sha512/&lt;hex&gt;              configs, indexes), named by digest, an OCI image layout's blobs/ directory
///   layers/overlay/&lt;chain-hex&gt;/diff    a layer's own changes in overlay format (whiteouts = 0:0 char devices,
///   layers/overlay/&lt;chain-hex&gt;/link    opaque dirs = trusted.overlay.opaque=y); link = the short name in l/
///   layers/overlay/l/&lt;short&gt;          symlink to ../&lt;chain-hex&gt;/diff, keeps lowerdir= under a page
///   layers/overlay/empty/             an empty lower for containers without an image
///   layers/vfs/&lt;chain-hex&gt;/diff        the layer's complete tree (parent's tree + its changes)
///   layers/&lt;driver&gt;/&lt;chain-hex&gt;/merged  the layer's read-only tree while mounted (image mount)
///   containers/&lt;driver&gt;/&lt;id&gt;/         container (read-write) layers: overlay diff/ work/ merged/; vfs diff/
///   db/berth.db                       SQLite (WAL): layers, images, names, schema version, driver
///   tmp/&lt;kind&gt;.&lt;pid&gt;.&lt;start&gt;.&lt;rand&gt;  staging: work in progress, named after its owner process
///   locks/store.lock                  held shared by every open store, exclusive for garbage collection
///   locks/layer-&lt;chain-hex&gt;.lock     held while a layer is created (exclusive) or used as a parent (shared)
///   locks/container-&lt;id&gt;.lock        held while a container layer is created or removed
/// </code>
/// </summary>
public sealed class StoreLayout
{
    public StoreLayout(string graphRoot)
    {
        GraphRoot = Path.GetFullPath(graphRoot);
    }

    public string GraphRoot { get; }

    public string BlobsDirectory => Path.Combine(GraphRoot, "blobs");

    public string LayersDirectory => Path.Combine(GraphRoot, "layers");

    public string ContainersDirectory => Path.Combine(GraphRoot, "containers");

    public string DatabaseDirectory => Path.Combine(GraphRoot, "db");

    public string DatabaseFile => Path.Combine(DatabaseDirectory, "berth.db");

    public string StagingDirectory => Path.Combine(GraphRoot, "tmp");

    public string LocksDirectory => Path.Combine(GraphRoot, "locks");

    public string StoreLockFile => Path.Combine(LocksDirectory, "store.lock");

    public string BlobDirectory(string algorithm) => Path.Combine(BlobsDirectory, algorithm);

    public string BlobPath(Digest digest) => Path.Combine(BlobsDirectory, digest.Algorithm, digest.Encoded);

    public string DriverDirectory(string driver) => Path.Combine(LayersDirectory, driver);

    public string LayerDirectory(string driver, Digest chainId) => Path.Combine(LayersDirectory, driver, chainId.Encoded);

    public string ContainerDriverDirectory(string driver) => Path.Combine(ContainersDirectory, driver);

    public string ContainerLayerDirectory(string driver, string id) => Path.Combine(ContainersDirectory, driver, id);

    public string LayerLockFile(Digest chainId) => Path.Combine(LocksDirectory, $"layer-{chainId.Encoded}.lock");

    public string ContainerLockFile(string id) => Path.Combine(LocksDirectory, $"container-{id}.lock");

    internal static readonly UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700.</summary>
    internal static void EnsureDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }
}
