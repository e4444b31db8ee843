using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>pthread_sigmask's "replace the mask".</summary>
    internal const int SIG_SETMASK = 2;

    /// <summary>pthread_sigmask(3) with a 128-byte <c>sigset_t</c> (glibc's size).</summary>
    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    internal static unsafe partial int PthreadSigmask(int how, byte* set, byte* oldSet);
}
