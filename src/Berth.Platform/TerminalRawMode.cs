using Berth.Platform.Interop;

namespace Berth.Platform;

/// <summary>
/// Puts a terminal into raw mode while a container's terminal is attached (keys, ctrl-c included, go to the container)
/// and restores the saved settings on dispose.
/// </summary>
public sealed class TerminalRawMode : IDisposable
{
    private readonly int fd;
    private readonly byte[] saved;
    private int restored;

    private TerminalRawMode(int fd, byte[] saved)
    {
        this.fd = fd;
        this.saved = saved;
    }

    /// <summary>Raw mode on <paramref name="fd"/>, or null when it is not a terminal.</summary>
    public static unsafe TerminalRawMode? Enter(int fd)
    {
        if (!Terminal.IsTerminal(fd))
        {
            return null;
        }

        var saved = new byte[Libc.TermiosSize];
        var raw = new byte[Libc.TermiosSize];
        fixed (byte* s = saved)
        fixed (byte* r = raw)
        {
            if (Libc.Tcgetattr(fd, s) != 0)
            {
                return null;
            }

            Buffer.MemoryCopy(s, r, Libc.TermiosSize, Libc.TermiosSize);
            Libc.Cfmakeraw(r);
            return Libc.Tcsetattr(fd, Libc.TCSANOW, r) == 0 ? new TerminalRawMode(fd, saved) : null;
        }
    }

    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref restored, 1) == 0)
        {
            fixed (byte* s = saved)
            {
                _ = Libc.Tcsetattr(fd, Libc.TCSANOW, s);
            }
        }
    }
}
