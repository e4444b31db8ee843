using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    internal const int CLONE_NEWNET = 0x40000000;

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    internal static partial int Unshare(int flags);
}
