using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>struct sockaddr_un.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockaddrUn
    {
        public ushort Family;
        public fixed byte Path[108];
    }

    /// <summary>socket(2).</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    /// <summary>connect(2) to a Unix socket address.</summary>
    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    internal static unsafe partial int Connect(int fd, SockaddrUn* address, uint length);
}
