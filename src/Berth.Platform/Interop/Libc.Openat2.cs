using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>SYS_openat2: the same number on x86_64 and aarch64 (syscalls from 424 on are numbered alike everywhere).</summary>
    private const long SysOpenat2 = 437;

    /// <summary>struct open_how of openat2(2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>glibc has no openat2 wrapper, so this goes through syscall(2); every argument is an integer or a pointer,
    /// which the variadic calling convention passes like fixed ones on x86_64 and aarch64.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial long SyscallOpenat2(long number, SafeHandle dirfd, byte* path, OpenHow* how, nuint size);

    internal static unsafe int Openat2(SafeHandle dirfd, ReadOnlySpan<byte> pathUtf8NulTerminated, OpenHow how)
    {
        fixed (byte* path = pathUtf8NulTerminated)
        {
            return (int)SyscallOpenat2(SysOpenat2, dirfd, path, &how, (nuint)sizeof(OpenHow));
        }
    }
}
