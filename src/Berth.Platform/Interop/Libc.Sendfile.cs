using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>sendfile(2) with a null offset: reads from the input's file position and advances it.</summary>
    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    internal static partial nint Sendfile(SafeHandle output, SafeHandle input, nint offset, nuint count);
}
