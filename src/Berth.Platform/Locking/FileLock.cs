using System.Runtime.InteropServices;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.Locking;

/// <summary>
/// A cross-process advisory lock on a file (flock(2)). The lock belongs to the open file description, so two
/// <see cref="FileLock"/>s on one path exclude each other even inside one process. The lock file is created when missing
/// and left in place; a holder may delete it (<see cref="DeleteFile"/>): every acquirer checks after locking that the path
/// still names the file it locked, and starts over when it does not, so a deleted lock file never lets two holders in.
/// Disposing releases the lock.
/// </summary>
public sealed class FileLock : IDisposable
{
    private const int EWOULDBLOCK = 11;
    private const int EINTR = 4;
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromMilliseconds(20);

    private SafeFileHandle? handle;

    private FileLock(string path, SafeFileHandle handle, LockMode mode)
    {
        Path = path;
        this.handle = handle;
        Mode = mode;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The mode currently held.</summary>
    public LockMode Mode { get; private set; }

    /// <summary>Takes the lock, blocking the calling thread until it is free.</summary>
    public static FileLock Acquire(string path, LockMode mode)
    {
        while (true)
        {
            var h = Open(path);
            if (!Lock(h, mode, wait: true))
            {
                h.Dispose();
                throw UnixFileSystem.Error("flock", path);
            }

            if (StillNamed(path, h))
            {
                return new FileLock(path, h, mode);
            }

            h.Dispose();
        }
    }

    /// <summary>Takes the lock if it is free now, else returns null.</summary>
    public static FileLock? TryAcquire(string path, LockMode mode)
    {
        while (true)
        {
            var h = Open(path);
            if (!Lock(h, mode, wait: false))
            {
                h.Dispose();
                return null;
            }

            if (StillNamed(path, h))
            {
                return new FileLock(path, h, mode);
            }

            h.Dispose();
        }
    }

    /// <summary>Waits for the lock without blocking a thread (polls with a growing delay up to 20 ms).</summary>
    public static async Task<FileLock> AcquireAsync(string path, LockMode mode, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var taken = TryAcquire(path, mode);
            if (taken is not null)
            {
                return taken;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 > MaxPollDelay ? MaxPollDelay : delay * 2;
        }
    }

    /// <summary>
    /// Converts the held lock to <paramref name="mode"/> without waiting for other holders. Linux converts by dropping
    /// the old lock first, so a refused conversion would leave nothing held: in that case the original mode is taken
    /// again (waiting for it if need be) and false is returned. Either way, another process may have held the lock for a
    /// moment in between, so re-check what it protects after a conversion.
    /// </summary>
    public bool TryChangeMode(LockMode mode)
    {
        var h = handle ?? throw new ObjectDisposedException(nameof(FileLock));
        if (mode == Mode)
        {
            return true;
        }

        if (Lock(h, mode, wait: false))
        {
            Mode = mode;
            return true;
        }

        Lock(h, Mode, wait: true);
        return false;
    }

    /// <summary>Removes the lock file while holding the lock; waiters notice and start over on a fresh file.</summary>
    public void DeleteFile()
    {
        ObjectDisposedException.ThrowIf(handle is null, this);
        File.Delete(Path);
    }

    public void Dispose()
    {
        // Closing the last descriptor of the open file description releases the flock.
        Interlocked.Exchange(ref handle, null)?.Dispose();
    }

    private static SafeFileHandle Open(string path) =>
        UnixFileSystem.OpenRaw(path, UnixFileSystem.O_RDWR | UnixFileSystem.O_CREAT | UnixFileSystem.O_CLOEXEC | UnixFileSystem.O_NOFOLLOW, 0b110_000_000);

    private static bool Lock(SafeFileHandle h, LockMode mode, bool wait)
    {
        var op = (mode == LockMode.Exclusive ? Libc.LOCK_EX : Libc.LOCK_SH) | (wait ? 0 : Libc.LOCK_NB);
        while (true)
        {
            if (Libc.Flock(h, op) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            return errno == EWOULDBLOCK && !wait ? false : throw UnixFileSystem.Error("flock", $"fd {h.DangerousGetHandle()}", errno);
        }
    }

    private static bool StillNamed(string path, SafeFileHandle h)
    {
        var onDisk = UnixFileSystem.TryStat(path);
        if (onDisk is null)
        {
            return false;
        }

        var held = UnixFileSystem.Stat(h);
        return held.FileId == onDisk.Value.FileId;
    }
}
