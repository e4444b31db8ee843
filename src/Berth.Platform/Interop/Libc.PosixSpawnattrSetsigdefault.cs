using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>With POSIX_SPAWN_SETSIGDEF: signals reset to SIG_DFL in the child (.NET ignores SIGPIPE; children must not inherit that).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static unsafe partial int PosixSpawnattrSetsigdefault(void* attributes, void* sigset);
}
