using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>openat(2); the mode is passed as a fixed argument, which the variadic convention allows on Linux ABIs.</summary>
    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Openat(SafeHandle dirfd, string path, int flags, uint mode);
}
