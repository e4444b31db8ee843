using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>With POSIX_SPAWN_SETPGROUP: the child's process group (0 = its own, like Go's Setpgid).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    internal static unsafe partial int PosixSpawnattrSetpgroup(void* attributes, int processGroup);
}
