using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "flistxattr", SetLastError = true)]
    internal static unsafe partial nint Flistxattr(SafeHandle fd, byte* list, nuint size);
}
