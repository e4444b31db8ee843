using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>mknod(2) (a real glibc symbol since 2.33): device nodes, fifos, sockets.</summary>
    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Mknod(string path, uint mode, ulong device);
}
