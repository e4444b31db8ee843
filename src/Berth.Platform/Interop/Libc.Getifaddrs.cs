using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>struct ifaddrs (the fields read here).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public byte* Addr;
        public byte* Netmask;
        public byte* BroadOrDstAddr;
        public void* Data;
    }

    [LibraryImport("libc", EntryPoint = "getifaddrs", SetLastError = true)]
    internal static unsafe partial int Getifaddrs(IfAddrs** list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    internal static unsafe partial void Freeifaddrs(IfAddrs* list);
}
