using Berth.Archive.Tar;
using Berth.Platform;
using Berth.Platform.FileSystem;

namespace Berth.Archive;

internal sealed partial class LayerExtraction
{
    private static readonly byte[] OpaqueValue = "y"u8.ToArray();

    /// <summary><c>.wh.name</c> and <c>.wh..wh..opq</c> entries, per <see cref="LayerApplyOptions.Whiteouts"/>.</summary>
    private void ApplyWhiteout(TarHeader header, string parentPath, string name)
    {
        if (name == Whiteouts.OpaqueMarker)
        {
            ApplyOpaque(header, parentPath);
            return;
        }

        var hidden = name[Whiteouts.Prefix.Length..];
        if (hidden is "" or "." or ".." || hidden.Contains('\0', StringComparison.Ordinal))
        {
            throw ApplyErrors.Invalid(header.Name, "is a whiteout of an invalid name");
        }

        // The image spec: a whiteout hides lower layers only, never what this same layer adds (in any order).
        if (_unpacked.Contains(EntryPath.Join(parentPath, hidden)))
        {
            return;
        }

        if (options.Whiteouts == WhiteoutFormat.Vfs)
        {
            // Nothing to delete when the directory is not there; unlike containers/storage, do not create it empty.
            var directory = tree.Directory(parentPath, header.Name, create: false);
            if (directory is not null)
            {
                tree.RemoveAll(directory, hidden, header.Name);
            }

            return;
        }

        var parent = tree.Directory(parentPath, header.Name);
        if (parent is null)
        {
            // "rm -rf /foo" may give /.wh.foo then /foo/.wh.bar: foo is already a whiteout device (containers/storage
            // ignores ENOTDIR the same way).
            return;
        }

        if (AtCalls.Stat(parent, hidden, out _) == Errno.None)
        {
            tree.RemoveAll(parent, hidden, header.Name);
        }

        Check(AtCalls.MakeNode(parent, hidden, UnixFileKind.CharacterDevice, 0, 0, 0), header, "create whiteout device");
        if (options.PreserveOwnership)
        {
            Check(AtCalls.ChangeOwner(parent, hidden, (uint)Math.Clamp(header.Uid, 0, uint.MaxValue - 1), (uint)Math.Clamp(header.Gid, 0, uint.MaxValue - 1)),
                header, "change owner of whiteout device");
        }

        Check(AtCalls.SetTimes(parent, hidden, header.ModificationTime, header.ModificationTime), header, "set times of whiteout device");
    }

    private void ApplyOpaque(TarHeader header, string directoryPath)
    {
        var shown = EntryPath.Quote(directoryPath.Length == 0 ? "/" : directoryPath);
        if (options.Whiteouts == WhiteoutFormat.Overlay)
        {
            var errno = AtCalls.SetExtendedAttribute(RequireDirectory(directoryPath, header), ".", Whiteouts.OverlayOpaqueXattr, OpaqueValue);
            Check(errno, header, $"set {Whiteouts.OverlayOpaqueXattr} on {shown}");
            return;
        }

        // containers/storage walks the directory without following it: when a symlink (or any non-directory) holds the
        // name, there is nothing to clear.
        if (directoryPath.Length > 0)
        {
            using var parent = tree.TryOpen(EntryPath.Parent(directoryPath), header.Name);
            if (parent is not null && AtCalls.Stat(parent, EntryPath.Leaf(directoryPath), out var status) == Errno.None &&
                status.Kind != UnixFileKind.Directory)
            {
                return;
            }
        }

        var open = AtCalls.OpenSubdirectory(RequireDirectory(directoryPath, header), ".", out var readable);
        Check(open, header, $"open {shown}");
        using (readable)
        {
            tree.RemoveAllExcept(readable!, directoryPath, _unpacked, header.Name);
        }
    }
}
