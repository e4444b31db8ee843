namespace Berth.Storage.Layers;

/// <summary>How the populate callback of <see cref="LayerStore.CreateAsync"/> must record deletions in the directory it fills.</summary>
public enum LayerWhiteoutFormat
{
    /// <summary>
    /// The directory already holds the parent's complete tree (vfs): apply a deletion by removing the path, an opaque
    /// directory by emptying it.
    /// </summary>
    Delete,

    /// <summary>
    /// The directory starts empty and holds only this layer's changes (overlay): a deleted path is a character device
    /// 0:0 of that name, an opaque directory carries the xattr <c>trusted.overlay.opaque=y</c>.
    /// </summary>
    OverlayFs,
}
