using System.Globalization;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

public static partial class AtCalls
{
    /// <summary>
    /// Opens the regular file <paramref name="relativePath"/> below <paramref name="root"/> for reading, every symlink on
    /// the way (the last one too) resolved as if the root were '/'. Anything but a regular file (a device, a fifo, a
    /// directory) gives EINVAL without being opened for reading, so no driver's open is ever run.
    /// </summary>
    public static Errno OpenRegularFileInRoot(SafeFileHandle root, string relativePath, out SafeFileHandle? handle)
    {
        handle = null;
        var how = new Libc.OpenHow
        {
            Flags = (ulong)(OpenFlags.PathOnly | OpenFlags.CloseOnExec),
            Resolve = OpenFlags.ResolveInRoot | OpenFlags.ResolveNoMagicLinks,
        };
        var utf8 = System.Text.Encoding.UTF8.GetBytes(relativePath + "\0");
        int fd;
        do
        {
            fd = Libc.Openat2(root, utf8, how);
        }
        while (fd < 0 && ErrnoExtensions.Last() == Errno.EAGAIN);

        if (fd < 0)
        {
            return ErrnoExtensions.Last();
        }

        using var path = new SafeFileHandle(fd, ownsHandle: true);
        var errno = DescriptorCalls.Stat(path, out var status);
        if (errno != Errno.None)
        {
            return errno;
        }

        if (status.Kind != UnixFileKind.Regular)
        {
            return Errno.EINVAL;
        }

        // An O_PATH descriptor cannot be read; reopen the very same file through its /proc magic link.
        var reopened = Libc.Open(string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}"), OpenFlags.ReadOnly | OpenFlags.CloseOnExec, 0);
        return Wrap(reopened, out handle);
    }
}
