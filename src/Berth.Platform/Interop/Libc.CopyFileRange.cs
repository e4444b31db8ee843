using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>copy_file_range(2) with both offsets null: copies from and advances each descriptor's file position.</summary>
    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    internal static partial nint CopyFileRange(SafeHandle input, nint inputOffset, SafeHandle output, nint outputOffset, nuint length, uint flags);
}
