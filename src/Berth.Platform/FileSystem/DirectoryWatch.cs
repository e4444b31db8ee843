using Berth.Platform.Interop;
using Berth.Platform.Processes;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

/// <summary>
/// Names appearing in one directory (created, or renamed into it), through an inotify descriptor waited on with
/// poll(2) (<see cref="DescriptorWait"/>). Lighter than <see cref="FileSystemWatcher"/>, which starts a thread and its
/// own event loop per watcher: this costs one descriptor and blocks only the thread that waits. The events say only
/// that something changed; callers look for what they wait for themselves.
/// </summary>
public sealed class DirectoryWatch : IDisposable
{
    private readonly SafeFileHandle inotify;

    private DirectoryWatch(SafeFileHandle inotify) => this.inotify = inotify;

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

        return new DirectoryWatch(handle);
    }

    /// <summary>
    /// Blocks until a name appears in the directory (true) or <paramref name="timeout"/> passes (false). The events that
    /// came are consumed.
    /// </summary>
    public bool Wait(TimeSpan timeout) => Wait(timeout, CancellationToken.None);

    /// <summary><see cref="Wait(TimeSpan)"/>, ended by <paramref name="cancellationToken"/> (<see cref="OperationCanceledException"/>).</summary>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = new DescriptorWait(cancellationToken);
        return Wait(wait, timeout);
    }

    /// <summary><see cref="Wait(TimeSpan)"/> with a wait that serves a loop of them (its token ends them).</summary>
    public unsafe bool Wait(DescriptorWait wait, TimeSpan timeout)
    {
        if (!wait.Readable(inotify, timeout))
        {
            return false;
        }

        var buffer = stackalloc byte[4096];
        while (Libc.Read((int)inotify.DangerousGetHandle(), buffer, 4096) > 0)
        {
            // drained: each read takes whole events
        }

        return true;
    }

    public void Dispose() => inotify.Dispose();
}
