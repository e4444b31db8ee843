namespace Berth.Archive;

/// <summary>Whiteout names of the image spec (AUFS style in tars) and overlayfs' on-disk markers.</summary>
internal static class Whiteouts
{
    /// <summary>A file named <c>.wh.name</c> deletes <c>name</c> of lower layers.</summary>
    public const string Prefix = ".wh.";

    /// <summary>AUFS metadata at the layer root (<c>.wh..wh.plnk</c>, <c>.wh..wh.aufs</c>): never extracted.</summary>
    public const string MetaPrefix = ".wh..wh.";

    /// <summary>In a directory, hides everything lower layers have in it.</summary>
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>overlayfs marks an opaque directory with this extended attribute set to "y".</summary>
    public const string OverlayOpaqueXattr = "trusted.overlay.opaque";

    /// <summary>The same for overlay mounted with userxattr (rootless).</summary>
    public const string UserOverlayOpaqueXattr = "user.overlay.opaque";
}
