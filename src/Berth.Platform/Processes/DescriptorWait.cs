using System.Runtime.InteropServices;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.Processes;

/// <summary>
/// Waits on the calling thread for descriptors to become readable (data, end of file or an error to read), with a
/// timeout and a cancellation token: poll(2) on the descriptor and, when the token can be cancelled, on a pipe the
/// token's cancellation writes to. No other thread, timer or event loop is involved. One instance serves any number
/// of waits under the same token (a copy loop makes one); <see cref="Readable(SafeHandle, TimeSpan, CancellationToken)"/>
/// is a single wait.
/// </summary>
public sealed class DescriptorWait : IDisposable
{
    private readonly CancellationToken cancellationToken;
    private readonly SafeFileHandle? wakeRead;
    private readonly SafeFileHandle? wakeWrite;
    private readonly CancellationTokenRegistration registration;

    public unsafe DescriptorWait(CancellationToken cancellationToken)
    {
        this.cancellationToken = cancellationToken;
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        (wakeRead, wakeWrite) = NativeSpawn.Pipe();
        try
        {
            registration = cancellationToken.UnsafeRegister(static state =>
            {
                var write = (SafeHandle)state!;
                byte one = 1;
                _ = Libc.Write((int)write.DangerousGetHandle(), &one, 1);
            }, wakeWrite);
        }
        catch
        {
            wakeRead.Dispose();
            wakeWrite.Dispose();
            throw;
        }
    }

    /// <summary>One wait: see <see cref="Readable(SafeHandle, TimeSpan)"/>.</summary>
    public static bool Readable(SafeHandle fd, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = new DescriptorWait(cancellationToken);
        return wait.Readable(fd, timeout);
    }

    /// <summary>
    /// True once <paramref name="fd"/> is readable (POLLHUP, POLLERR and POLLNVAL count: the read says what happened),
    /// false when <paramref name="timeout"/> passed first (<see cref="Timeout.InfiniteTimeSpan"/>: none). Cancellation
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public unsafe bool Readable(SafeHandle fd, TimeSpan timeout)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
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
        }
    }

    public void Dispose()
    {
        // The registration first: its Dispose waits for a callback already running, so none writes to a closed pipe.
        registration.Dispose();
        wakeRead?.Dispose();
        wakeWrite?.Dispose();
    }
}
