using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>
/// How layers are laid out on disk and mounted: the narrow part that differs between overlay and vfs. The
/// <see cref="LayerStore"/> owns locking, staging, commit and metadata; a driver only prepares directories and describes
/// mounts. Every directory a driver is given is on the graph root's file system.
/// <para>
/// Lifecycle of a layer: <see cref="PrepareAsync"/> fills a fresh staging directory (the parent is committed and
/// locked shared meanwhile); the store lets the populate callback fill <c>&lt;staging&gt;/diff</c> in
/// <see cref="WhiteoutFormat"/>; the store renames the staging directory into place. Committed layers are never
/// modified.
/// </para>
/// </summary>
public interface ILayerDriver
{
    /// <summary>The driver's name, as <c>--storage-driver</c> and <c>podman info</c> spell it.</summary>
    string Name { get; }

    /// <summary>The format the populate callback writes deletions in.</summary>
    LayerWhiteoutFormat WhiteoutFormat { get; }

    /// <summary>
    /// Creates <c>&lt;staging&gt;/diff</c> (and whatever else the driver needs) for a new layer on top of
    /// <paramref name="parentDiff"/> (null for a base layer). For a container layer, <paramref name="writable"/> is true.
    /// </summary>
    Task PrepareAsync(string staging, string? parentDiff, bool writable, CancellationToken cancellationToken);

    /// <summary>
    /// The mounts that show a root file system made of <paramref name="lowerDiffs"/> (top first, at least one unless
    /// <paramref name="upper"/> is given) and, for a container, the writable <paramref name="upper"/> layer directory.
    /// </summary>
    IReadOnlyList<Mount> Mounts(IReadOnlyList<LowerLayer> lowerDiffs, UpperLayer? upper);

    /// <summary>
    /// Called inside the commit of an image layer, after its directory is in place: gives it a short name if the driver
    /// uses them (overlay's <c>l/</c>), else returns null.
    /// </summary>
    string? CreateLink(string layerDirectory);

    /// <summary>Removes a short name made by <see cref="CreateLink"/>.</summary>
    void RemoveLink(string link);

    /// <summary>Every short name on disk and the layer directory name it points at (for crash cleanup).</summary>
    IReadOnlyList<(string Link, string? Target)> ListLinks();
}

/// <summary>A committed layer as a lower: its diff directory and its short link (overlay) if it has one.</summary>
public sealed record LowerLayer(string Diff, string? Link);

/// <summary>
/// A container's writable layer directory: <c>diff</c> (upper), <c>work</c>. <paramref name="Volatile"/>: its writes need
/// not reach the disk (overlay's <c>volatile</c> option: no syncs, so unmounting does not wait for the disk either), for
/// a container that is removed when it exits, as podman does for <c>--rm</c>.
/// </summary>
public sealed record UpperLayer(string Directory, bool Volatile = false);
