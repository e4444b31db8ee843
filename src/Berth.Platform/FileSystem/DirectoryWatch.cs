using Berth.Platform.Interop;
using Berth.Platform.Processes;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// Names appearing in one directory (created, or renamed into it), through an inotify descriptor waited on with
/// poll(2). Lighter than <see cref="FileSystemWatcher"/>, which starts a thread and its own event loop per watcher:
/// this costs two descriptors and blocks only the thread that waits. The events say only that something changed;
/// callers look for what they wait for themselves.
/// </summary>
public sealed class DirectoryWatch : IDisposable
{
    private readonly SafeFileHandle inotify;
    private readonly SafeFileHandle wakeRead;
    private readonly SafeFileHandle wakeWrite;

    private DirectoryWatch(SafeFileHandle inotify, SafeFileHandle wakeRead, SafeFileHandle wakeWrite)
    {
        this.inotify = inotify;
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
    }

    /// <summary>A watch on <paramref name="directory"/>; null when inotify cannot be had (then callers poll the directory).</summary>
    public static DirectoryWatch? TryCreate(string directory)
    {
        var fd = Libc.InotifyInit1(Libc.IN_CLOEXEC | Libc.IN_NONBLOCK);
        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Libc.InotifyAddWatch(fd, directory, Libc.IN_CREATE | Libc.IN_MOVED_TO) < 0)
        {
            handle.Dispose();
            return null;
        }

        try
        {
            var (read, write) = NativeSpawn.Pipe();
            return new DirectoryWatch(handle, read, write);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Blocks until a name appears in the directory (true), <paramref name="timeout"/> passes or <see cref="Interrupt"/>
    /// is called (false). The events that came are consumed.
    /// </summary>
    public unsafe bool Wait(TimeSpan timeout)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = (int)inotify.DangerousGetHandle(), Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = (int)wakeRead.DangerousGetHandle(), Events = Libc.POLLIN };
        var ready = Libc.Poll(fds, 2, (int)Math.Ceiling(timeout.TotalMilliseconds));
        if (ready <= 0 || (fds[0].Revents & Libc.POLLIN) == 0)
        {
            return false;
        }

        var buffer = stackalloc byte[4096];
        while (Libc.Read(fds[0].Fd, buffer, 4096) > 0)
        {
            // drained: each read takes whole events
        }

        return true;
    }

    /// <summary>Ends the current and every later <see cref="Wait"/> at once (for cancellation).</summary>
    public unsafe void Interrupt()
    {
        byte one = 1;
        _ = Libc.Write((int)wakeWrite.DangerousGetHandle(), &one, 1);
    }

    public void Dispose()
    {
        inotify.Dispose();
        wakeRead.Dispose();
        wakeWrite.Dispose();
    }
}
