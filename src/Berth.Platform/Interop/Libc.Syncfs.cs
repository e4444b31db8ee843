using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>syncfs(2): writes back every dirty page of the file system holding <paramref name="fd"/>.</summary>
    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int Syncfs(SafeHandle fd);
}
