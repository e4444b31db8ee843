using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>1 when <paramref name="fd"/> is a terminal, else 0 (errno ENOTTY or EBADF).</summary>
    [LibraryImport("libc", EntryPoint = "isatty")]
    internal static partial int Isatty(int fd);
}
