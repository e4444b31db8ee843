using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>waitpid(2): reaps a child; <paramref name="status"/> is the raw wait status.</summary>
    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int Waitpid(int pid, out int status, int options);
}
