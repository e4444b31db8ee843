using Berth.Platform;

namespace Berth.Storage.Layers;

/// <summary>
/// Copies a directory tree exactly, as the vfs driver needs for each new layer: regular files (reflinked by the kernel
/// when the file system can, else copied with copy_file_range), directories, symlinks, device nodes, fifos and sockets,
/// with owners, permission bits (setuid/setgid/sticky included), extended attributes, nanosecond times, and hard links
/// kept as hard links.
/// </summary>
internal static class TreeCopier
{
    public static void Copy(string source, string destination, CancellationToken cancellationToken)
    {
        var links = new Dictionary<(uint, uint, ulong), string>();
        var root = UnixFileSystem.Stat(source);
        if (root.Kind != UnixFileKind.Directory)
        {
            throw new IOException($"{source} is not a directory");
        }

        Directory.CreateDirectory(destination);
        CopyChildren(source, destination, links, cancellationToken);
        CopyMetadata(source, destination, root);
    }

    private static void CopyChildren(string source, string destination, Dictionary<(uint, uint, ulong), string> links, CancellationToken cancellationToken)
    {
        foreach (var from in Directory.EnumerateFileSystemEntries(source, "*", Staging.Tree.AllEntries))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var to = Path.Combine(destination, Path.GetFileName(from));
            var status = UnixFileSystem.Stat(from);
            switch (status.Kind)
            {
                case UnixFileKind.Directory:
                    Directory.CreateDirectory(to);
                    CopyChildren(from, to, links, cancellationToken);
                    break;
                case UnixFileKind.Regular when status.LinkCount > 1 && links.TryGetValue(status.FileId, out var first):
                    UnixFileSystem.CreateHardLink(first, to);
                    continue; // the first copy carries the metadata
                case UnixFileKind.Regular:
                    File.Copy(from, to);
                    if (status.LinkCount > 1)
                    {
                        links[status.FileId] = to;
                    }

                    break;
                case UnixFileKind.SymbolicLink:
                    File.CreateSymbolicLink(to, new FileInfo(from).LinkTarget ?? throw new IOException($"readlink {from} failed"));
                    break;
                default:
                    UnixFileSystem.CreateNode(to, status.Kind, status.Permissions, status.RDevMajor, status.RDevMinor);
                    break;
            }

            CopyMetadata(from, to, status);
        }
    }

    private static void CopyMetadata(string from, string to, UnixFileStatus status)
    {
        // chown first: it clears setuid/setgid and security.capability, which chmod and the xattrs then restore.
        UnixFileSystem.ChangeOwner(to, status.Uid, status.Gid);
        if (status.Kind != UnixFileKind.SymbolicLink)
        {
            File.SetUnixFileMode(to, (UnixFileMode)status.Permissions);
        }

        foreach (var name in UnixFileSystem.ListExtendedAttributes(from))
        {
            var value = UnixFileSystem.GetExtendedAttribute(from, name);
            if (value is null)
            {
                continue;
            }

            try
            {
                UnixFileSystem.SetExtendedAttribute(to, name, value);
            }
            catch (IOException) when (name.StartsWith("security.selinux", StringComparison.Ordinal))
            {
                // A label the destination's policy refuses; the container gets its own label anyway.
            }
        }

        UnixFileSystem.SetTimes(to, status.AccessTime, status.ModificationTime);
    }
}
