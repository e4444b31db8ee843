using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>tcsetattr's "change now".</summary>
    internal const int TCSANOW = 0;

    /// <summary>tcsetattr(3) from an opaque termios buffer.</summary>
    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    internal static unsafe partial int Tcsetattr(int fd, int optionalActions, byte* termios);
}
