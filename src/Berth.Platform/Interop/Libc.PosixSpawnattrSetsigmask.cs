using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>With POSIX_SPAWN_SETSIGMASK: the child's blocked signals (the .NET thread's mask is not inherited).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    internal static unsafe partial int PosixSpawnattrSetsigmask(void* attributes, void* sigset);
}
