using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>
/// The directory a layer is applied to, reached only through handles: a directory inside it is opened with openat2
/// RESOLVE_IN_ROOT (symlinks resolved as if the target were '/'), and entries are then made with *at() calls on one
/// name in that handle, never following a symlink in that last component. Nothing done here can touch a file outside
/// the target, whatever symlinks earlier entries or lower layers left behind.
/// </summary>
internal sealed class TargetTree : IDisposable
{
    private readonly SafeFileHandle _root;
    private string? _cachedPath;
    private SafeFileHandle? _cached;

    private TargetTree(SafeFileHandle root) => _root = root;

    public SafeFileHandle Root => _root;

    public static TargetTree Open(string directory)
    {
        var errno = AtCalls.OpenDirectory(directory, out var handle);
        return errno switch
        {
            Errno.None => new TargetTree(handle!),
            Errno.ENOENT or Errno.ENOTDIR => throw BerthException.NotFound($"layer target directory {EntryPath.Quote(directory)} does not exist"),
            _ => throw new BerthException(ErrorKind.Internal, $"cannot open layer target directory {EntryPath.Quote(directory)}: {errno.Message()}"),
        };
    }

    /// <summary>
    /// The directory <paramref name="path"/> (cleaned, relative to the root). Missing directories are created with mode
    /// 0755, as containers/storage creates an entry's missing parents, when <paramref name="create"/>. Null when the
    /// path is missing (and not to be created) or blocked by a non-directory or a dangling symlink. The handle stays
    /// valid until the next call of this method.
    /// </summary>
    public SafeFileHandle? Directory(string path, string entry, bool create = true)
    {
        if (path.Length == 0)
        {
            return _root;
        }

        if (_cached is not null && _cachedPath == path)
        {
            return _cached;
        }

        var handle = create ? OpenOrCreate(path, entry) : TryOpen(path, entry);
        _cached?.Dispose();
        _cached = handle;
        _cachedPath = handle is null ? null : path;
        return handle;
    }

    /// <summary>After anything is removed, a cached directory may be gone: resolve again next time.</summary>
    public void Forget() => _cachedPath = null;

    /// <summary>Opens an existing directory without creating anything; null when it is missing or not a directory. The caller disposes it.</summary>
    public SafeFileHandle? TryOpen(string path, string entry)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, path, out var handle);
        return errno switch
        {
            Errno.None => handle,
            Errno.ENOENT or Errno.ENOTDIR => null,
            _ => throw OpenError(entry, path, errno),
        };
    }

    /// <summary>Removes <paramref name="name"/> in <paramref name="directory"/>: a file, a symlink (not its target), or a whole tree.</summary>
    public void RemoveAll(SafeFileHandle directory, string name, string entry)
    {
        Forget();
        var errno = AtCalls.Unlink(directory, name);
        if (errno is Errno.None or Errno.ENOENT)
        {
            return;
        }

        if (errno != Errno.EISDIR)
        {
            throw ApplyErrors.Io(entry, $"remove {EntryPath.Quote(name)}", errno);
        }

        errno = AtCalls.OpenSubdirectory(directory, name, out var sub);
        if (errno == Errno.ENOENT)
        {
            return;
        }

        if (errno != Errno.None)
        {
            throw ApplyErrors.Io(entry, $"open {EntryPath.Quote(name)} to remove it", errno);
        }

        using (sub)
        {
            var names = new List<string>();
            errno = AtCalls.ReadDirectory(sub!, names);
            if (errno != Errno.None)
            {
                throw ApplyErrors.Io(entry, $"read directory {EntryPath.Quote(name)}", errno);
            }

            foreach (var child in names)
            {
                RemoveAll(sub!, child, entry);
            }
        }

        errno = AtCalls.RemoveDirectory(directory, name);
        if (errno is not (Errno.None or Errno.ENOENT))
        {
            throw ApplyErrors.Io(entry, $"remove directory {EntryPath.Quote(name)}", errno);
        }
    }

    /// <summary>
    /// Removes from the directory <paramref name="path"/> (open as <paramref name="directory"/>, readable) everything
    /// not in <paramref name="keep"/> (relative paths written by the layer being applied), descending into kept
    /// directories so lower content below them goes too: an opaque directory shows only its own layer.
    /// </summary>
    public void RemoveAllExcept(SafeFileHandle directory, string path, HashSet<string> keep, string entry)
    {
        Forget();
        var names = new List<string>();
        var errno = AtCalls.ReadDirectory(directory, names);
        if (errno != Errno.None)
        {
            throw ApplyErrors.Io(entry, $"read directory {EntryPath.Quote(path)}", errno);
        }

        foreach (var name in names)
        {
            var child = EntryPath.Join(path, name);
            if (!keep.Contains(child))
            {
                RemoveAll(directory, name, entry);
                continue;
            }

            if (AtCalls.Stat(directory, name, out var status) == Errno.None && status.Kind == UnixFileKind.Directory &&
                AtCalls.OpenSubdirectory(directory, name, out var sub) == Errno.None)
            {
                using (sub)
                {
                    RemoveAllExcept(sub!, child, keep, entry);
                }
            }
        }
    }

    public void Dispose()
    {
        _cached?.Dispose();
        _root.Dispose();
    }

    private SafeFileHandle? OpenOrCreate(string path, string entry)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, path, out var handle);
        if (errno == Errno.None)
        {
            return handle!;
        }

        if (errno == Errno.ENOTDIR)
        {
            return null;
        }

        if (errno != Errno.ENOENT)
        {
            throw OpenError(entry, path, errno);
        }

        var parentPath = EntryPath.Parent(path);
        var leaf = EntryPath.Leaf(path);
        var parent = parentPath.Length == 0 ? _root : OpenOrCreate(parentPath, entry);
        if (parent is null)
        {
            return null;
        }

        try
        {
            errno = AtCalls.MakeDirectory(parent, leaf, 0b111_101_101);
            if (errno == Errno.None)
            {
                // mkdirat obeys the umask; the parents containers/storage makes are 0755 exactly.
                errno = AtCalls.ChangeMode(parent, leaf, 0b111_101_101);
            }

            if (errno is not (Errno.None or Errno.EEXIST))
            {
                throw ApplyErrors.Io(entry, $"create directory {EntryPath.Quote(path)}", errno);
            }
        }
        finally
        {
            if (!ReferenceEquals(parent, _root))
            {
                parent.Dispose();
            }
        }

        // Still missing after mkdir said EEXIST: a dangling symlink holds the name.
        errno = AtCalls.OpenDirectoryInRoot(_root, path, out handle);
        return errno switch
        {
            Errno.None => handle,
            Errno.ENOENT or Errno.ENOTDIR => null,
            _ => throw OpenError(entry, path, errno),
        };
    }

    /// <summary>ELOOP (a symlink loop or chain beyond the kernel's 40) is the layer's doing, not the host's.</summary>
    private static BerthException OpenError(string entry, string path, Errno errno) => errno == Errno.ELOOP
        ? ApplyErrors.Invalid(entry, $"reaches {EntryPath.Quote(path)} through too many symbolic links")
        : ApplyErrors.Io(entry, $"open directory {EntryPath.Quote(path)}", errno);
}
