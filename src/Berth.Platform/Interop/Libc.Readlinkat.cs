using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial nint Readlinkat(SafeHandle dirfd, string path, byte* buffer, nuint size);
}
