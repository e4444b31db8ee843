using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>
    /// syscall(2) with no arguments. The C function is variadic; on x86-64 glibc's is plain assembly that moves the
    /// registers along, so a fixed-argument call is sound there (the only place it is used).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall(long number);
}
