using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>Room for glibc's <c>struct termios</c> (60 bytes on Linux) with spare; only libc reads its fields.</summary>
    internal const int TermiosSize = 128;

    /// <summary>tcgetattr(3) into an opaque termios buffer of <see cref="TermiosSize"/> bytes.</summary>
    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    internal static unsafe partial int Tcgetattr(int fd, byte* termios);
}
