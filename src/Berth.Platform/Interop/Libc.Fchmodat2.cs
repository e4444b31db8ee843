using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>SYS_fchmodat2 (Linux 6.6): the same number on x86_64 and aarch64.</summary>
    internal const long SysFchmodat2 = 452;

    /// <summary>fchmodat2(2) through syscall(2) (glibc 2.36 has no wrapper): honours AT_SYMLINK_NOFOLLOW in the kernel.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial long SyscallFchmodat2(long number, SafeHandle dirfd, string path, uint mode, int flags);
}
