using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Linkat(SafeHandle olddirfd, string oldpath, SafeHandle newdirfd, string newpath, int flags);
}
