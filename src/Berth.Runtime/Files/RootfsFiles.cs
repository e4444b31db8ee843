using System.Text;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Files;

/// <summary>
/// Reads small text files of a container's root filesystem, which is hostile: every path is resolved inside the root
/// (openat2 RESOLVE_IN_ROOT), so <c>/etc/passwd -> /host/etc/shadow</c> or <c>../../</c> lands inside the rootfs, and
/// anything but a regular file (a fifo, a device) is refused without being opened.
/// </summary>
public static class RootfsFiles
{
    /// <summary>The largest file read (a passwd file of a million users is still far below it).</summary>
    public const long MaxSize = 64L * 1024 * 1024;

    /// <summary>The file's text, or null when it (or a directory on the way) does not exist.</summary>
    /// <param name="rootfs">The mounted root filesystem on the host.</param>
    /// <param name="path">The path inside the container, e.g. <c>/etc/passwd</c>.</param>
    public static string? ReadText(string rootfs, string path)
    {
        var errno = AtCalls.OpenDirectory(rootfs, out var root);
        if (errno != Errno.None)
        {
            throw new BerthException(ErrorKind.Internal, $"opening container root {rootfs}: {errno.Message()}");
        }

        using (root)
        {
            return ReadText(root!, path);
        }
    }

    /// <summary>As <see cref="ReadText(string, string)"/> with an open handle of the root directory.</summary>
    public static string? ReadText(SafeFileHandle root, string path)
    {
        var relative = path.TrimStart('/');
        var errno = AtCalls.OpenRegularFileInRoot(root, relative, out var file);
        switch (errno)
        {
            case Errno.None:
                break;
            case Errno.ENOENT or Errno.ENOTDIR:
                return null;
            case Errno.EINVAL:
                throw BerthException.InvalidArgument($"{path} in the container is not a regular file");
            default:
                throw new BerthException(ErrorKind.Internal, $"opening {path} in the container: {errno.Message()}");
        }

        using (file)
        {
            using var stream = new FileStream(file!, FileAccess.Read, bufferSize: 0);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxSize)
                {
                    throw BerthException.InvalidArgument($"{path} in the container is larger than {MaxSize} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}
