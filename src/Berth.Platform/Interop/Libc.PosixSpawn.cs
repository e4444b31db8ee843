using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>posix_spawn(3): starts <paramref name="path"/> with the file actions and attributes given; returns an error number (not -1/errno).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int PosixSpawn(out int pid, string path, void* fileActions, void* attributes, nint* argv, nint* envp);
}
