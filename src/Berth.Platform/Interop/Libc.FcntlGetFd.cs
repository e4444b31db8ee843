using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    internal const int F_GETFD = 1;
    internal const int FD_CLOEXEC = 1;

    /// <summary>fcntl(fd, F_GETFD): the descriptor's flags (FD_CLOEXEC), or -1 with EBADF when it is not open.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int FcntlGetFd(int fd, int command);
}
