using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    internal const int F_DUPFD_CLOEXEC = 1030;

    /// <summary>fcntl(fd, F_DUPFD_CLOEXEC, lowest): a close-on-exec duplicate numbered at least <paramref name="lowest"/>. The variadic int is passed like a fixed one on the Linux ABIs .NET runs on.</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int FcntlDupCloexec(SafeHandle fd, int command, int lowest);
}
