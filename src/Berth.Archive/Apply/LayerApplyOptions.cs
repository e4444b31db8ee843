namespace Berth.Archive;

/// <summary>How whiteouts in a layer are turned into files (image-spec layer.md "Whiteouts").</summary>
public enum WhiteoutFormat
{
    /// <summary>
    /// The target already holds the lower layers' content (vfs driver, flattening): <c>.wh.name</c> deletes <c>name</c>,
    /// <c>.wh..wh..opq</c> deletes what lower layers put in its directory. Neither marker is written.
    /// </summary>
    Vfs,

    /// <summary>
    /// The target is an empty overlay upper ("diff") directory: <c>.wh.name</c> becomes the 0/0 character device
    /// <c>name</c>, and <c>.wh..wh..opq</c> sets <c>trusted.overlay.opaque=y</c> on its directory.
    /// </summary>
    Overlay,
}

/// <summary>Options of <see cref="LayerApplier.ApplyAsync"/>.</summary>
public sealed record LayerApplyOptions
{
    public static LayerApplyOptions Default { get; } = new();

    public WhiteoutFormat Whiteouts { get; init; } = WhiteoutFormat.Vfs;

    /// <summary>Set each entry's owner from the layer (lchown). Off when the caller cannot (rootless without ID maps):
    /// files then belong to the calling user.</summary>
    public bool PreserveOwnership { get; init; } = true;

    /// <summary>With <see cref="PreserveOwnership"/>: every entry gets this owner instead of the tar's (podman cp's chown to the container's user).</summary>
    public (uint Uid, uint Gid)? ChownTo { get; init; }

    /// <summary>
    /// Running in a user namespace (rootless), as containers/storage's InUserNS: device nodes are skipped (they cannot be
    /// created there) and EPERM on setting an extended attribute is ignored, not an error.
    /// </summary>
    public bool InUserNamespace { get; init; }

    /// <summary>Told about things skipped without failing (an extended attribute the file system refuses).</summary>
    public Action<string>? Warning { get; init; }
}

/// <summary>
/// What applying a layer gave: <paramref name="DiffId"/> is the sha256 of the uncompressed tar (the image config's
/// rootfs.diff_ids entry), <paramref name="UncompressedSize"/> its length in bytes, <paramref name="Entries"/> the number
/// of tar entries applied (whiteouts included).
/// </summary>
public sealed record LayerApplyResult(Oci.Digest DiffId, long UncompressedSize, long Entries);
