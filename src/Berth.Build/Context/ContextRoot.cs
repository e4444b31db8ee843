using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Context;

/// <summary>
/// The context directory as a root handle: every lookup goes through openat2 RESOLVE_IN_ROOT, so symlinks (absolute
/// ones and <c>..</c>) resolve inside the context as they do in podman's chrooted copier, and nothing outside it is
/// ever opened. Paths are relative to the context ('/'-separated; "" is the context itself).
/// </summary>
internal sealed class ContextRoot : IDisposable
{
    private readonly SafeFileHandle _root;
    private readonly string _realPath;

    private ContextRoot(SafeFileHandle root, string realPath)
    {
        _root = root;
        _realPath = realPath;
    }

    public static ContextRoot Open(string directory)
    {
        var errno = AtCalls.OpenDirectory(directory, out var handle);
        if (errno != Errno.None)
        {
            throw new BerthException(errno == Errno.ENOENT ? ErrorKind.NotFound : ErrorKind.InvalidArgument,
                $"context must be a directory: {GoFilePath.Quote(directory)}");
        }

        return new ContextRoot(handle!, AtCalls.PathOf(handle!));
    }

    public SafeFileHandle Handle => _root;

    /// <summary>lstat of <paramref name="path"/> (the last component not followed), or null when it does not exist.</summary>
    public UnixFileStatus? Lstat(string path) => StatInRoot(path, followLast: false)?.Status;

    /// <summary>
    /// <paramref name="path"/> with every symlink resolved inside the root (the last one too when
    /// <paramref name="followLast"/>), and what is there; null when it does not exist.
    /// </summary>
    public (string RealPath, UnixFileStatus Status)? StatInRoot(string path, bool followLast)
    {
        var errno = AtCalls.OpenPathInRoot(_root, path, followLast, out var handle);
        if (errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP)
        {
            return null;
        }

        Check(errno, path);
        using (handle)
        {
            Check(DescriptorCalls.Stat(handle!, out var status), path);
            return (Relative(AtCalls.PathOf(handle!), path), status);
        }
    }

    /// <summary>The target text of the symlink <paramref name="path"/>.</summary>
    public string ReadLink(string path)
    {
        Check(AtCalls.OpenPathInRoot(_root, path, followLast: false, out var handle), path);
        using (handle)
        {
            Check(AtCalls.ReadLink(handle!, "", out var target), path);
            return target;
        }
    }

    /// <summary>The names in directory <paramref name="path"/> (symlinks followed inside the root) in ordinal order,
    /// or null when it is not a directory, as filepath.Glob ignores such errors.</summary>
    public List<string>? ListDirectory(string path)
    {
        using var directory = OpenReadableDirectory(path);
        if (directory is null)
        {
            return null;
        }

        var names = new List<string>();
        Check(AtCalls.ReadDirectory(directory, names), path);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Opens directory <paramref name="path"/> (resolved inside the root) for reading; null when it is not one.</summary>
    public SafeFileHandle? OpenReadableDirectory(string path)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, path, out var pathHandle);
        if (errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP)
        {
            return null;
        }

        Check(errno, path);
        using (pathHandle)
        {
            Check(AtCalls.OpenDirectory(AtCalls.MagicLink(pathHandle!), out var readable), path);
            return readable;
        }
    }

    public void Dispose() => _root.Dispose();

    private string Relative(string real, string path)
    {
        if (real == _realPath)
        {
            return "";
        }

        var prefix = _realPath == "/" ? "/" : _realPath + "/";
        if (!real.StartsWith(prefix, StringComparison.Ordinal))
        {
            // RESOLVE_IN_ROOT makes this impossible; refuse rather than hand out a path outside the context.
            throw new BerthException(ErrorKind.Internal, $"{GoFilePath.Quote(path)} resolved to {GoFilePath.Quote(real)}, outside the build context {GoFilePath.Quote(_realPath)}");
        }

        return real[prefix.Length..];
    }

    internal static void Check(Errno errno, string path)
    {
        if (errno != Errno.None)
        {
            throw new BerthException(errno is Errno.ENOENT or Errno.ENOTDIR ? ErrorKind.NotFound : ErrorKind.Internal,
                $"{GoFilePath.Quote(path)}: {errno.Message()}");
        }
    }
}
