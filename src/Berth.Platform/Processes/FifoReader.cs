using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.Processes;

/// <summary>Reads a FIFO that another process writes once and then closes (runc's exec.fifo).</summary>
public static class FifoReader
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading without blocking in open(2) (a writer that never comes cannot hang
    /// it), then waits until a writer has come, written and closed its end, and returns what it wrote. While nothing
    /// has arrived <paramref name="writerGone"/> is asked every <paramref name="interval"/>; once it says the writer
    /// cannot come any more, what is there is returned. Null when the FIFO does not exist.
    /// </summary>
    public static unsafe byte[]? ReadToEnd(string path, Func<bool> writerGone, TimeSpan interval, CancellationToken cancellationToken)
    {
        var fd = Libc.Open(path, OpenFlags.ReadOnly | OpenFlags.NonBlocking | OpenFlags.CloseOnExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == (int)Errno.ENOENT
                ? null
                : throw new BerthException(ErrorKind.Internal, $"open {path}: {((Errno)errno).Message()}");
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var data = new List<byte>();
        var buffer = stackalloc byte[64];
        var timeout = (int)interval.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            var ready = Libc.Poll(&poll, 1, timeout);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == (int)Errno.EINTR)
                {
                    continue;
                }

                throw new BerthException(ErrorKind.Internal, $"poll {path}: {((Errno)errno).Message()}");
            }

            // Linux reports POLLHUP on a FIFO only once a writer that came after our open has gone again, so an empty
            // FIFO nobody opened yet just times out here.
            if (ready == 0)
            {
                if (writerGone())
                {
                    Drain(fd, buffer, data);
                    return [.. data];
                }

                continue;
            }

            if (!Drain(fd, buffer, data))
            {
                return [.. data];
            }
        }
    }

    /// <summary>Reads what is there; false at end of file (every writer closed its end).</summary>
    private static unsafe bool Drain(int fd, byte* buffer, List<byte> data)
    {
        while (true)
        {
            var n = Libc.Read(fd, buffer, 64);
            if (n > 0)
            {
                data.AddRange(new ReadOnlySpan<byte>(buffer, (int)n));
                continue;
            }

            if (n == 0)
            {
                return false;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == (int)Errno.EINTR)
            {
                continue;
            }

            return errno == (int)Errno.EAGAIN ? true : throw new BerthException(ErrorKind.Internal, $"read: {((Errno)errno).Message()}");
        }
    }
}
