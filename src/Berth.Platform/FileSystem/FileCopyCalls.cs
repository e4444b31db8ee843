using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// Copies the bytes of one open regular file into another inside the kernel: copy_file_range(2) (reflinks or server-side
/// copies where the file system can), else sendfile(2), else a read/write loop through one pooled buffer. Both
/// descriptors must be fresh (positioned at offset 0): each step continues where the one before stopped.
/// </summary>
public static class FileCopyCalls
{
    private const int BufferSize = 256 * 1024;

    /// <summary>
    /// Copies until the input's end; returns the errno of the failing call. <paramref name="copied"/> is the number of
    /// bytes written.
    /// </summary>
    public static Errno CopyToEnd(SafeFileHandle input, SafeFileHandle output, out long copied)
    {
        copied = 0;
        var errno = CopyRange(input, output, ref copied);
        if (errno is Errno.EXDEV or Errno.EINVAL or Errno.ENOSYS or Errno.EOPNOTSUPP or Errno.EBADF)
        {
            errno = SendFile(input, output, ref copied);
        }

        if (errno is Errno.EINVAL or Errno.ENOSYS)
        {
            errno = ReadWrite(input, output, ref copied);
        }

        return errno;
    }

    private static Errno CopyRange(SafeFileHandle input, SafeFileHandle output, ref long copied)
    {
        while (true)
        {
            var n = Libc.CopyFileRange(input, 0, output, 0, 1 << 30, 0);
            if (n > 0)
            {
                copied += n;
                continue;
            }

            if (n == 0)
            {
                return Errno.None;
            }

            var errno = ErrnoExtensions.Last();
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    private static Errno SendFile(SafeFileHandle input, SafeFileHandle output, ref long copied)
    {
        while (true)
        {
            var n = Libc.Sendfile(output, input, 0, 1 << 30);
            if (n > 0)
            {
                copied += n;
                continue;
            }

            if (n == 0)
            {
                return Errno.None;
            }

            var errno = ErrnoExtensions.Last();
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    private static Errno ReadWrite(SafeFileHandle input, SafeFileHandle output, ref long copied)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var errno = DescriptorCalls.Read(input, buffer, copied, out var got);
                if (errno != Errno.None || got == 0)
                {
                    return errno;
                }

                errno = DescriptorCalls.Write(output, buffer.AsSpan(0, got), copied);
                if (errno != Errno.None)
                {
                    return errno;
                }

                copied += got;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
