using System.Globalization;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

public static partial class AtCalls
{
    /// <summary>
    /// openat2(2) O_PATH of any kind of entry below <paramref name="root"/>, every symlink on the way resolved as if the
    /// root were '/' (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); the last component is followed too unless
    /// <paramref name="followLast"/> is false. The result is always at or below the root.
    /// </summary>
    public static Errno OpenPathInRoot(SafeFileHandle root, string relativePath, bool followLast, out SafeFileHandle? handle)
    {
        var flags = OpenFlags.PathOnly | OpenFlags.CloseOnExec | (followLast ? 0 : OpenFlags.NoFollow);
        var how = new Libc.OpenHow { Flags = (ulong)flags, Resolve = OpenFlags.ResolveInRoot | OpenFlags.ResolveNoMagicLinks };
        var utf8 = System.Text.Encoding.UTF8.GetBytes((relativePath.Length == 0 ? "." : relativePath) + "\0");
        int fd;
        do
        {
            fd = Libc.Openat2(root, utf8, how);
        }
        while (fd < 0 && ErrnoExtensions.Last() == Errno.EAGAIN);

        return Wrap(fd, out handle);
    }

    /// <summary>The path the kernel knows for an open handle (the target of its <c>/proc/self/fd</c> link).</summary>
    public static string PathOf(SafeFileHandle handle) =>
        new FileInfo(MagicLink(handle)).LinkTarget ?? throw new IOException("the kernel gave no path for an open file");

    /// <summary><c>/proc/self/fd/N</c>: opening it opens the very object the handle refers to (for reopening O_PATH handles).</summary>
    public static string MagicLink(SafeFileHandle handle) =>
        string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{handle.DangerousGetHandle()}");
}
