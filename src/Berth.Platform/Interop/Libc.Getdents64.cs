using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>getdents64(2), exported by glibc since 2.30: fills the buffer with struct linux_dirent64 records
    /// (u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, NUL-terminated d_name).</summary>
    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    internal static unsafe partial nint Getdents64(SafeHandle fd, byte* buffer, nuint size);
}
