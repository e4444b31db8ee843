using Berth.Archive;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Copy;

internal sealed partial class TargetWriter
{
    /// <summary>The kernel's limit on symlinks followed while resolving one path.</summary>
    private const int MaxSymlinkHops = 40;

    /// <summary>Removes <paramref name="path"/> (a whiteout): a file, a symlink (not its target) or a whole tree; nothing when missing.</summary>
    public void Remove(string path)
    {
        if (path.Length == 0)
        {
            return;
        }

        using var parent = TryOpen(EntryPath.Parent(path));
        if (parent is not null)
        {
            RemoveAll(parent, EntryPath.Leaf(path), path);
        }
    }

    /// <summary>
    /// Empties the directory <paramref name="path"/> (an opaque-directory marker) of everything not in
    /// <paramref name="keep"/> (paths this copy wrote), descending into kept directories.
    /// </summary>
    public void RemoveAllExcept(string path, HashSet<string> keep)
    {
        using var directory = TryOpen(path);
        if (directory is null)
        {
            return;
        }

        RemoveAllExcept(directory, path, keep);
    }

    /// <summary>Opens an existing directory (resolved inside this one) without making anything; null when missing or not a directory.</summary>
    private SafeFileHandle? TryOpen(string path)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, path, out var handle);
        return errno switch
        {
            Errno.None => handle,
            Errno.ENOENT or Errno.ENOTDIR => null,
            _ => throw OpenError(path, errno),
        };
    }

    private SafeFileHandle OpenOrCreate(string path, int hops = 0)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, path, out var handle);
        if (errno == Errno.None)
        {
            return handle!;
        }

        if (errno != Errno.ENOENT)
        {
            throw errno == Errno.ENOTDIR ? CopyErrors.NotDirectory(Display(path)) : OpenError(path, errno);
        }

        var parentPath = EntryPath.Parent(path);
        var leaf = EntryPath.Leaf(path);
        var parent = parentPath.Length == 0 ? _root : OpenOrCreate(parentPath, hops);
        string? dangling = null;
        try
        {
            errno = AtCalls.MakeDirectory(parent, leaf, DefaultDirectoryMode);
            if (errno == Errno.None)
            {
                // mkdirat obeys the umask; buildah's missing directories are 0755 exactly, owned by the --chown owner.
                Check(AtCalls.ChangeMode(parent, leaf, DefaultDirectoryMode), path, "change mode");
                Check(AtCalls.ChangeOwner(parent, leaf, _defaultOwner.Uid, _defaultOwner.Gid), path, "change owner");
                Entries++;
            }
            else if (errno != Errno.EEXIST)
            {
                Check(errno, path, "create directory");
            }
            else if (AtCalls.ReadLink(parent, leaf, out var target) == Errno.None)
            {
                dangling = target;
            }
        }
        finally
        {
            if (!ReferenceEquals(parent, _root))
            {
                parent.Dispose();
            }
        }

        errno = AtCalls.OpenDirectoryInRoot(_root, path, out handle);
        if (errno == Errno.None)
        {
            return handle!;
        }

        if (errno == Errno.ENOENT && dangling is not null && _throughDanglingLinks && hops < MaxSymlinkHops)
        {
            // A dangling symlink holds the name: as buildah (which evaluates the link inside its chroot, then makes
            // the directories), make its target, resolved inside this directory, and go through the link.
            var target = EntryPath.Clean(dangling.StartsWith('/') ? dangling : "/" + EntryPath.Join(EntryPath.Parent(path), dangling)) ??
                throw CopyErrors.NotDirectory(Display(path));
            OpenOrCreate(target, hops + 1).Dispose();
            return OpenOrCreate(path, hops + 1);
        }

        throw errno is Errno.ENOENT or Errno.ENOTDIR ? CopyErrors.NotDirectory(Display(path)) : OpenError(path, errno);
    }

    private void RemoveAll(SafeFileHandle directory, string name, string path)
    {
        // Whatever was cached may be what goes away.
        _cachedPath = null;
        var errno = AtCalls.Unlink(directory, name);
        if (errno is Errno.None or Errno.ENOENT)
        {
            return;
        }

        if (errno != Errno.EISDIR)
        {
            Check(errno, path, "remove the entry in the way");
        }

        errno = AtCalls.OpenSubdirectory(directory, name, out var sub);
        if (errno == Errno.ENOENT)
        {
            return;
        }

        Check(errno, path, "open the directory in the way");
        using (sub)
        {
            var names = new List<string>();
            Check(AtCalls.ReadDirectory(sub!, names), path, "read the directory in the way");
            foreach (var child in names)
            {
                RemoveAll(sub!, child, EntryPath.Join(path, child));
            }
        }

        errno = AtCalls.RemoveDirectory(directory, name);
        if (errno is not (Errno.None or Errno.ENOENT))
        {
            Check(errno, path, "remove the directory in the way");
        }
    }

    private void RemoveAllExcept(SafeFileHandle directory, string path, HashSet<string> keep)
    {
        // An O_PATH handle cannot be listed: reopen the very same directory for reading.
        Check(AtCalls.OpenDirectory(AtCalls.MagicLink(directory), out var readable), path, "open directory");
        using (readable)
        {
            var names = new List<string>();
            Check(AtCalls.ReadDirectory(readable!, names), path, "read directory");
            foreach (var name in names)
            {
                var child = EntryPath.Join(path, name);
                if (!keep.Contains(child))
                {
                    RemoveAll(readable!, name, child);
                }
                else if (AtCalls.Stat(readable!, name, out var status) == Errno.None && status.Kind == UnixFileKind.Directory &&
                         AtCalls.OpenSubdirectory(readable!, name, out var sub) == Errno.None)
                {
                    using (sub)
                    {
                        RemoveAllExcept(sub!, child, keep);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Sets the kept extended attributes, on <paramref name="file"/> or on <paramref name="name"/> in
    /// <paramref name="directory"/>. A file system without them (ENOTSUP), or EPERM in a user namespace, is a warning.
    /// </summary>
    private void SetXattrs(SafeFileHandle? directory, string? name, SafeFileHandle? file, string path, EntryMetadata metadata)
    {
        if (metadata.Xattrs is not { Count: > 0 } xattrs)
        {
            return;
        }

        foreach (var (key, value) in xattrs)
        {
            if (!EntryMetadata.IsKeptXattr(key))
            {
                continue;
            }

            var errno = file is not null
                ? DescriptorCalls.SetExtendedAttribute(file, key, value)
                : AtCalls.SetExtendedAttribute(directory!, name!, key, value);
            if (errno == Errno.None)
            {
                continue;
            }

            if (errno == Errno.EOPNOTSUPP || (errno == Errno.EPERM && _options.InUserNamespace))
            {
                _options.Warning?.Invoke($"{EntryPath.Quote(Display(path))}: extended attribute {key} not set: {errno.Message()}");
                continue;
            }

            Check(errno, path, $"set extended attribute {key}");
        }
    }

    private BerthException OpenError(string path, Errno errno) => errno == Errno.ELOOP
        ? BerthException.InvalidArgument($"cannot copy to {EntryPath.Quote(Display(path))}: too many levels of symbolic links")
        : CopyErrors.Io(Display(path), "open directory", errno);

    private void Check(Errno errno, string path, string action)
    {
        if (errno != Errno.None)
        {
            throw CopyErrors.Io(Display(path), action, errno);
        }
    }
}
