using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// The *at() system calls on directory handles, for code that must not be redirected by symlinks it does not trust
/// (layer extraction). A <c>name</c> is always one path component (no '/') relative to a directory handle and is never
/// followed when it is a symlink; only <see cref="OpenDirectoryInRoot"/> takes a multi-component path, and it resolves
/// that path as if the root handle were '/' (openat2 RESOLVE_IN_ROOT). Calls return the errno instead of throwing,
/// because callers decide on ENOENT, EEXIST, ENOTDIR and the like. Handles are <see cref="SafeFileHandle"/>s.
/// </summary>
public static partial class AtCalls
{
    /// <summary>open(2) of a directory by an ordinary path, readable (for <see cref="ReadDirectory"/>).</summary>
    public static Errno OpenDirectory(string path, out SafeFileHandle? handle)
    {
        var fd = Libc.Open(path, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
        return Wrap(fd, out handle);
    }

    /// <summary>
    /// openat2(2) of a directory with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: symlinks met on the way (absolute ones and
    /// <c>..</c> included) are resolved as if <paramref name="root"/> were the file system root, so the result is always
    /// at or below it. <paramref name="relativePath"/> "" or "." opens the root itself. The handle is O_PATH: good as the
    /// directory of the other calls, not for reading.
    /// </summary>
    public static Errno OpenDirectoryInRoot(SafeFileHandle root, string relativePath, out SafeFileHandle? handle)
    {
        var how = new Libc.OpenHow
        {
            Flags = (ulong)(OpenFlags.PathOnly | OpenFlags.Directory | OpenFlags.CloseOnExec),
            Resolve = OpenFlags.ResolveInRoot | OpenFlags.ResolveNoMagicLinks,
        };
        var path = relativePath.Length == 0 ? "." : relativePath;
        var utf8 = new byte[System.Text.Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        var length = System.Text.Encoding.UTF8.GetBytes(path, utf8);
        utf8[length] = 0;
        while (true)
        {
            var fd = Libc.Openat2(root, utf8.AsSpan(0, length + 1), how);
            var errno = Wrap(fd, out handle);
            // EAGAIN: a concurrent rename somewhere in the tree; the kernel asks to retry.
            if (errno != Errno.EAGAIN)
            {
                return errno;
            }
        }
    }

    /// <summary>Opens the subdirectory <paramref name="name"/> of <paramref name="directory"/> for reading, refusing a symlink (ELOOP/ENOTDIR).</summary>
    public static Errno OpenSubdirectory(SafeFileHandle directory, string name, out SafeFileHandle? handle)
    {
        var fd = Libc.Openat(directory, name, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec, 0);
        return Wrap(fd, out handle);
    }

    /// <summary>Creates a new regular file (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600) for writing.</summary>
    public static Errno CreateFile(SafeFileHandle directory, string name, out SafeFileHandle? handle)
    {
        var flags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoFollow | OpenFlags.CloseOnExec;
        return Wrap(Libc.Openat(directory, name, flags, 0b110_000_000), out handle);
    }

    /// <summary>Opens an existing file for reading without following a symlink (O_NOFOLLOW, O_NONBLOCK so a fifo cannot hang).</summary>
    public static Errno OpenFile(SafeFileHandle directory, string name, out SafeFileHandle? handle)
    {
        var flags = OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.CloseOnExec;
        return Wrap(Libc.Openat(directory, name, flags, 0), out handle);
    }

    private static Errno Wrap(int fd, out SafeFileHandle? handle)
    {
        if (fd < 0)
        {
            handle = null;
            return ErrnoExtensions.Last();
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return Errno.None;
    }
}
