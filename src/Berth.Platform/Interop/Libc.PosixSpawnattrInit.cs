using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>Bytes reserved for a <c>posix_spawnattr_t</c> (336 on glibc x86-64 and arm64).</summary>
    internal const int PosixSpawnattrSize = 512;

    internal const short POSIX_SPAWN_SETPGROUP = 0x02;
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;

    /// <summary>glibc 2.26+: the child calls setsid() (a session and process group of its own, no controlling terminal).</summary>
    internal const short POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Bytes of a glibc <c>sigset_t</c> (1024 bits).</summary>
    internal const int SigsetSize = 128;

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    internal static unsafe partial int PosixSpawnattrInit(void* attributes);
}
