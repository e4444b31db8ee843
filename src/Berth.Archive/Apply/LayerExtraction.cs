using Berth.Archive.Tar;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>
/// Applies tar entries one by one to a <see cref="TargetTree"/>, as containers/storage's UnpackLayer (vfs whiteouts) or
/// Unpack with the overlay whiteout converter do: an existing entry is replaced unless both are directories (then only
/// the metadata changes); owner (lchown), then mode (setuid/setgid/sticky kept), then times, then extended attributes;
/// directory times last, after everything inside them is written.
/// </summary>
internal sealed partial class LayerExtraction(TargetTree tree, LayerApplyOptions options)
{
    /// <summary>containers/storage never restores SELinux labels from a layer; the host labels the container.</summary>
    private const string SelinuxXattr = "security.selinux";

    /// <summary>Paths (relative, cleaned) this layer wrote: whiteouts and opaque markers only hide lower layers' content.</summary>
    private readonly HashSet<string> _unpacked = new(StringComparer.Ordinal);

    private readonly List<(string Path, UnixTime Access, UnixTime Modification)> _directoryTimes = [];

    public async ValueTask ApplyAsync(TarHeader header, TarStreamReader reader, CancellationToken cancellationToken)
    {
        var path = EntryPath.Clean(header.Name) ?? throw ApplyErrors.Outside(header.Name);

        // AUFS metadata at the root (.wh..wh.plnk, .wh..wh.aufs) is not content; the opaque marker of the root is.
        if (path.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal) && path != Whiteouts.OpaqueMarker)
        {
            return;
        }

        if (path.Length == 0)
        {
            ApplyRoot(header);
            return;
        }

        var parentPath = EntryPath.Parent(path);
        var name = EntryPath.Leaf(path);
        if (name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(header, parentPath, name);
            return;
        }

        var parent = RequireDirectory(parentPath, header);
        var exists = AtCalls.Stat(parent, name, out var existing) == Errno.None;
        var merge = exists && existing.Kind == UnixFileKind.Directory && header.Kind == TarEntryKind.Directory;
        if (exists && !merge)
        {
            // A file over anything, or a directory over a non-directory (a symlink included): replace, never write through.
            tree.RemoveAll(parent, name, header.Name);
        }

        var isSymlink = false;
        switch (header.Kind)
        {
            case TarEntryKind.Directory:
                if (!merge)
                {
                    Check(AtCalls.MakeDirectory(parent, name, 0b111_000_000), header, "create directory");
                }

                break;

            case TarEntryKind.Regular:
                await WriteFileAsync(parent, name, header, reader, cancellationToken).ConfigureAwait(false);
                break;

            case TarEntryKind.SymbolicLink:
                CreateSymlink(parent, name, parentPath, header);
                isSymlink = true;
                break;

            case TarEntryKind.HardLink:
                isSymlink = CreateHardLink(parent, name, header);
                break;

            case TarEntryKind.CharacterDevice:
            case TarEntryKind.BlockDevice:
                if (options.InUserNamespace)
                {
                    // A user namespace cannot make device nodes; containers/storage skips them there too.
                    _unpacked.Add(path);
                    return;
                }

                var kind = header.Kind == TarEntryKind.CharacterDevice ? UnixFileKind.CharacterDevice : UnixFileKind.BlockDevice;
                Check(AtCalls.MakeNode(parent, name, kind, header.Mode, header.DeviceMajor, header.DeviceMinor), header, "create device node");
                break;

            case TarEntryKind.Fifo:
                Check(AtCalls.MakeNode(parent, name, UnixFileKind.Fifo, header.Mode, 0, 0), header, "create fifo");
                break;
        }

        ApplyMetadata(parent, name, path, header, isSymlink);
        _unpacked.Add(path);
    }

    /// <summary>Sets directory times, now that nothing more is written inside them.</summary>
    public void Finish()
    {
        foreach (var (path, access, modification) in _directoryTimes)
        {
            if (path.Length == 0)
            {
                Check(AtCalls.SetTimes(tree.Root, ".", access, modification), "/", "set times");
                continue;
            }

            using var parent = tree.TryOpen(EntryPath.Parent(path), path);
            var name = EntryPath.Leaf(path);
            if (parent is not null && AtCalls.Stat(parent, name, out var status) == Errno.None && status.Kind == UnixFileKind.Directory)
            {
                Check(AtCalls.SetTimes(parent, name, access, modification), path, "set times");
            }
        }
    }

    /// <summary>The entry's directory, created when missing; a non-directory in the way refuses the layer.</summary>
    private SafeFileHandle RequireDirectory(string path, TarHeader header) =>
        tree.Directory(path, header.Name) ??
        throw ApplyErrors.Invalid(header.Name, $"needs {EntryPath.Quote(path)} to be a directory, but a non-directory or a dangling symbolic link is in the way");

    private void ApplyRoot(TarHeader header)
    {
        if (header.Kind != TarEntryKind.Directory)
        {
            throw ApplyErrors.Invalid(header.Name, "would replace the layer's root directory with a non-directory");
        }

        ApplyMetadata(tree.Root, ".", "", header, isSymlink: false);
    }

    private static async ValueTask WriteFileAsync(SafeFileHandle parent, string name, TarHeader header, TarStreamReader reader, CancellationToken cancellationToken)
    {
        var errno = AtCalls.CreateFile(parent, name, out var file);
        Check(errno, header, "create file");
        using (file)
        {
            long offset = 0;
            while (true)
            {
                var chunk = await reader.ReadDataAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.IsEmpty)
                {
                    break;
                }

                // Regular-file writes are synchronous on Linux; .NET's async path would only queue the same pwrite.
                RandomAccess.Write(file!, chunk.Span, offset);
                offset += chunk.Length;
            }
        }
    }

    private static void CreateSymlink(SafeFileHandle parent, string name, string parentPath, TarHeader header)
    {
        // As containers/storage: a relative target must stay inside the layer when read from the link's directory.
        // (Absolute targets are resolved inside the root by everything here, and by the container.)
        if (!header.LinkName.StartsWith('/') && EntryPath.Clean(parentPath, header.LinkName) is null)
        {
            throw ApplyErrors.SymlinkOutside(header.Name, header.LinkName);
        }

        if (header.LinkName.Contains('\0', StringComparison.Ordinal))
        {
            throw ApplyErrors.Invalid(header.Name, "has a symbolic link target holding a NUL character");
        }

        Check(AtCalls.CreateSymbolicLink(parent, name, header.LinkName), header, "create symbolic link");
    }

    /// <summary>Links to an entry already in the target (this layer's or a lower one's); true when that entry is a symlink.</summary>
    private bool CreateHardLink(SafeFileHandle parent, string name, TarHeader header)
    {
        var target = EntryPath.Clean(header.LinkName) ?? throw ApplyErrors.HardLinkOutside(header.Name, header.LinkName);
        if (target.Length == 0)
        {
            throw ApplyErrors.Invalid(header.Name, "is a hard link to the layer's root directory");
        }

        using var targetParent = tree.TryOpen(EntryPath.Parent(target), header.Name) ??
            throw ApplyErrors.Invalid(header.Name, $"is a hard link to {EntryPath.Quote(header.LinkName)}, which is not in the layer");
        var targetName = EntryPath.Leaf(target);
        var errno = AtCalls.CreateHardLink(targetParent, targetName, parent, name);
        if (errno == Errno.ENOENT)
        {
            throw ApplyErrors.Invalid(header.Name, $"is a hard link to {EntryPath.Quote(header.LinkName)}, which is not in the layer");
        }

        Check(errno, header, $"create hard link to {EntryPath.Quote(header.LinkName)}");
        return AtCalls.Stat(parent, name, out var status) == Errno.None && status.Kind == UnixFileKind.SymbolicLink;
    }

    private void ApplyMetadata(SafeFileHandle parent, string name, string path, TarHeader header, bool isSymlink)
    {
        if (options.PreserveOwnership)
        {
            if (header.Uid is < 0 or > uint.MaxValue - 1 || header.Gid is < 0 or > uint.MaxValue - 1)
            {
                throw ApplyErrors.Invalid(header.Name, $"has owner {header.Uid}:{header.Gid}, which is not a valid ID");
            }

            Check(AtCalls.ChangeOwner(parent, name, (uint)header.Uid, (uint)header.Gid), header, "change owner");
        }

        // Linux has no mode on symlinks; after lchown, because chown clears setuid and setgid.
        if (!isSymlink)
        {
            Check(AtCalls.ChangeMode(parent, name, header.Mode), header, "change mode");
        }

        // The access time is never before the modification time (containers/storage).
        var modification = header.ModificationTime;
        var access = header.AccessTime is { } a && Compare(a, modification) > 0 ? a : modification;
        if (header.Kind == TarEntryKind.Directory)
        {
            _directoryTimes.Add((path, access, modification));
        }
        else if (!(header.Kind == TarEntryKind.HardLink && isSymlink))
        {
            Check(AtCalls.SetTimes(parent, name, access, modification), header, "set times");
        }

        if (header.Xattrs is { } xattrs)
        {
            foreach (var (key, value) in xattrs)
            {
                SetXattr(parent, name, header, key, value);
            }
        }
    }

    private void SetXattr(SafeFileHandle parent, string name, TarHeader header, string key, byte[] value)
    {
        if (key == SelinuxXattr)
        {
            return;
        }

        var errno = AtCalls.SetExtendedAttribute(parent, name, key, value);
        if (errno == Errno.None)
        {
            return;
        }

        // As containers/storage: a file system without that namespace (ENOTSUP) is skipped with a warning, and so is
        // EPERM inside a user namespace (trusted.* needs real root); anything else is an error.
        if (errno == Errno.EOPNOTSUPP || (errno == Errno.EPERM && options.InUserNamespace))
        {
            options.Warning?.Invoke($"layer entry {EntryPath.Quote(header.Name)}: extended attribute {key} not set: {errno.Message()}");
            return;
        }

        throw ApplyErrors.Io(header.Name, $"set extended attribute {key}", errno);
    }

    private static int Compare(UnixTime a, UnixTime b) =>
        a.Seconds != b.Seconds ? a.Seconds.CompareTo(b.Seconds) : a.Nanoseconds.CompareTo(b.Nanoseconds);

    private static void Check(Errno errno, TarHeader header, string action) => Check(errno, header.Name, action);

    private static void Check(Errno errno, string entry, string action)
    {
        if (errno != Errno.None)
        {
            throw ApplyErrors.Io(entry, action, errno);
        }
    }
}
