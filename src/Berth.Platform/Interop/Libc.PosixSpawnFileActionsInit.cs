using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>Bytes reserved for a <c>posix_spawn_file_actions_t</c> (80 on glibc x86-64 and arm64; kept generous).</summary>
    internal const int PosixSpawnFileActionsSize = 256;

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    internal static unsafe partial int PosixSpawnFileActionsInit(void* fileActions);
}
