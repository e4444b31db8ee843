using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;

namespace Berth.Platform.Processes;

/// <summary>
/// Waits on the calling thread for a descriptor to become readable (data, end of file or an error to read), with a
/// timeout and a cancellation token: poll(2) on the descriptor and, when the token can be cancelled, on a pipe the
/// token's cancellation writes to. No other thread, timer or event loop is involved.
/// </summary>
public static class DescriptorWait
{
    /// <summary>
    /// True once <paramref name="fd"/> is readable, false when <paramref name="timeout"/> passed first
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: none). Cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static unsafe bool Readable(SafeHandle fd, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        Microsoft.Win32.SafeHandles.SafeFileHandle? wakeRead = null, wakeWrite = null;
        CancellationTokenRegistration registration = default;
        if (cancellationToken.CanBeCanceled)
        {
            (wakeRead, wakeWrite) = NativeSpawn.Pipe();
            registration = cancellationToken.UnsafeRegister(static state =>
            {
                var write = (SafeHandle)state!;
                byte one = 1;
                _ = Libc.Write((int)write.DangerousGetHandle(), &one, 1);
            }, wakeWrite);
        }

        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { Fd = (int)fd.DangerousGetHandle(), Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = wakeRead is null ? -1 : (int)wakeRead.DangerousGetHandle(), Events = Libc.POLLIN };
            while (true)
            {
                var left = deadline == long.MaxValue ? -1 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
                var ready = Libc.Poll(fds, 2, left);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == (int)Errno.EINTR)
                    {
                        continue;
                    }

                    throw new IOException($"poll: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (ready == 0)
                {
                    return false;
                }

                if (fds[0].Revents != 0)
                {
                    return true;
                }
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }

            registration.Dispose();
            wakeRead?.Dispose();
            wakeWrite?.Dispose();
        }
    }
}
