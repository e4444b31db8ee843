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
        switch (header.Kind)
        {
            case TarEntryKind.Regular:
                // Regular files get all their metadata through the open descriptor.
                await WriteFileAsync(parent, name, header, reader, cancellationToken).ConfigureAwait(false);
                _unpacked.Add(path);
                return;

            case TarEntryKind.Directory:
                MakeDirectory(parent, name, header);
                ApplyMetadata(parent, name, path, header, isSymlink: false);
                break;

            case TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice when options.InUserNamespace:
                // A user namespace cannot make device nodes; containers/storage skips them there too.
                break;

            default:
                // Symlinks, hard links, devices, fifos: whatever holds the name is replaced, never written through.
                var errno = Create(parent, name, parentPath, header);
                if (errno == Errno.EEXIST)
                {
                    tree.RemoveAll(parent, name, header.Name);
                    errno = Create(parent, name, parentPath, header);
                }

                Check(errno, header, CreateAction(header));
                var isSymlink = header.Kind == TarEntryKind.SymbolicLink ||
                    (header.Kind == TarEntryKind.HardLink && AtCalls.Stat(parent, name, out var linked) == Errno.None &&
                     linked.Kind == UnixFileKind.SymbolicLink);
                ApplyMetadata(parent, name, path, header, isSymlink);
                break;
        }

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

    private async ValueTask WriteFileAsync(SafeFileHandle parent, string name, TarHeader header, TarStreamReader reader, CancellationToken cancellationToken)
    {
        var errno = AtCalls.CreateFile(parent, name, out var file);
        if (errno == Errno.EEXIST)
        {
            // Whatever holds the name (a symlink included) is replaced, never written through.
            tree.RemoveAll(parent, name, header.Name);
            errno = AtCalls.CreateFile(parent, name, out file);
        }

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

                // Regular-file writes are synchronous on Linux; an async path would only queue the same pwrite.
                Check(DescriptorCalls.Write(file!, chunk.Span, offset), header, "write file");
                offset += chunk.Length;
            }

            if (options.PreserveOwnership)
            {
                Check(DescriptorCalls.ChangeOwner(file!, options.ChownTo?.Uid ?? Id(header.Uid, header), options.ChownTo?.Gid ?? Id(header.Gid, header)), header, "change owner");
            }

            Check(DescriptorCalls.ChangeMode(file!, header.Mode), header, "change mode");
            var (access, modification) = Times(header);
            Check(DescriptorCalls.SetTimes(file!, access, modification), header, "set times");
            if (header.Xattrs is { } xattrs)
            {
                foreach (var (key, value) in xattrs)
                {
                    if (key != SelinuxXattr)
                    {
                        XattrResult(DescriptorCalls.SetExtendedAttribute(file!, key, value), header, key);
                    }
                }
            }
        }
    }

    /// <summary>mkdir, or keep an existing directory (only its metadata changes); anything else holding the name is replaced.</summary>
    private void MakeDirectory(SafeFileHandle parent, string name, TarHeader header)
    {
        var errno = AtCalls.MakeDirectory(parent, name, 0b111_000_000);
        if (errno == Errno.EEXIST)
        {
            if (AtCalls.Stat(parent, name, out var existing) == Errno.None && existing.Kind == UnixFileKind.Directory)
            {
                return;
            }

            tree.RemoveAll(parent, name, header.Name);
            errno = AtCalls.MakeDirectory(parent, name, 0b111_000_000);
        }

        Check(errno, header, "create directory");
    }

    private Errno Create(SafeFileHandle parent, string name, string parentPath, TarHeader header) => header.Kind switch
    {
        TarEntryKind.SymbolicLink => CreateSymlink(parent, name, parentPath, header),
        TarEntryKind.HardLink => CreateHardLink(parent, name, header),
        TarEntryKind.CharacterDevice => AtCalls.MakeNode(parent, name, UnixFileKind.CharacterDevice, header.Mode, header.DeviceMajor, header.DeviceMinor),
        TarEntryKind.BlockDevice => AtCalls.MakeNode(parent, name, UnixFileKind.BlockDevice, header.Mode, header.DeviceMajor, header.DeviceMinor),
        _ => AtCalls.MakeNode(parent, name, UnixFileKind.Fifo, header.Mode, 0, 0),
    };

    private static string CreateAction(TarHeader header) => header.Kind switch
    {
        TarEntryKind.SymbolicLink => "create symbolic link",
        TarEntryKind.HardLink => $"create hard link to {EntryPath.Quote(header.LinkName)}",
        TarEntryKind.Fifo => "create fifo",
        _ => "create device node",
    };

    private static Errno CreateSymlink(SafeFileHandle parent, string name, string parentPath, TarHeader header)
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

        return AtCalls.CreateSymbolicLink(parent, name, header.LinkName);
    }

    /// <summary>Links to an entry already in the target (this layer's or a lower one's), never to anything outside.</summary>
    private Errno CreateHardLink(SafeFileHandle parent, string name, TarHeader header)
    {
        var target = EntryPath.Clean(header.LinkName) ?? throw ApplyErrors.HardLinkOutside(header.Name, header.LinkName);
        if (target.Length == 0)
        {
            throw ApplyErrors.Invalid(header.Name, "is a hard link to the layer's root directory");
        }

        using var targetParent = tree.TryOpen(EntryPath.Parent(target), header.Name) ??
            throw ApplyErrors.Invalid(header.Name, $"is a hard link to {EntryPath.Quote(header.LinkName)}, which is not in the layer");
        var errno = AtCalls.CreateHardLink(targetParent, EntryPath.Leaf(target), parent, name);
        return errno switch
        {
            Errno.ENOENT => throw ApplyErrors.Invalid(header.Name, $"is a hard link to {EntryPath.Quote(header.LinkName)}, which is not in the layer"),
            Errno.EPERM when AtCalls.Stat(targetParent, EntryPath.Leaf(target), out var status) == Errno.None && status.Kind == UnixFileKind.Directory =>
                throw ApplyErrors.Invalid(header.Name, $"is a hard link to the directory {EntryPath.Quote(header.LinkName)}"),
            _ => errno,
        };
    }

    /// <summary>Owner, then mode (after lchown, which clears setuid/setgid), then times, then extended attributes.</summary>
    private void ApplyMetadata(SafeFileHandle parent, string name, string path, TarHeader header, bool isSymlink)
    {
        if (options.PreserveOwnership)
        {
            Check(AtCalls.ChangeOwner(parent, name, options.ChownTo?.Uid ?? Id(header.Uid, header), options.ChownTo?.Gid ?? Id(header.Gid, header)), header, "change owner");
        }

        // Linux has no mode on symlinks (a hard link to a symlink is one too).
        if (!isSymlink)
        {
            Check(AtCalls.ChangeMode(parent, name, header.Mode), header, "change mode");
        }

        var (access, modification) = Times(header);
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
                if (key != SelinuxXattr)
                {
                    XattrResult(AtCalls.SetExtendedAttribute(parent, name, key, value), header, key);
                }
            }
        }
    }

    /// <summary>
    /// As containers/storage: a file system without that attribute namespace (ENOTSUP) is skipped with a warning, and so
    /// is EPERM inside a user namespace (trusted.* needs real root); anything else is an error.
    /// </summary>
    private void XattrResult(Errno errno, TarHeader header, string key)
    {
        if (errno == Errno.None)
        {
            return;
        }

        if (errno == Errno.EOPNOTSUPP || (errno == Errno.EPERM && options.InUserNamespace))
        {
            options.Warning?.Invoke($"layer entry {EntryPath.Quote(header.Name)}: extended attribute {key} not set: {errno.Message()}");
            return;
        }

        throw ApplyErrors.Io(header.Name, $"set extended attribute {key}", errno);
    }

    /// <summary>The access time is never before the modification time (containers/storage).</summary>
    private static (UnixTime Access, UnixTime Modification) Times(TarHeader header)
    {
        var modification = header.ModificationTime;
        return (header.AccessTime is { } a && Compare(a, modification) > 0 ? a : modification, modification);
    }

    private static uint Id(long id, TarHeader header) =>
        id is >= 0 and < uint.MaxValue ? (uint)id : throw ApplyErrors.Invalid(header.Name, $"has owner {header.Uid}:{header.Gid}, which is not a valid ID");

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
