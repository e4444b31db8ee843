using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>mknodat(3): a real symbol since glibc 2.33 (Debian 12 has 2.36).</summary>
    [LibraryImport("libc", EntryPoint = "mknodat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Mknodat(SafeHandle dirfd, string path, uint mode, ulong dev);
}
