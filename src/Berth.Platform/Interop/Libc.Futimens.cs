using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>futimens(3); <paramref name="times"/> points at two timespecs: access, then modification.</summary>
    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    internal static unsafe partial int Futimens(SafeHandle fd, TimeSpec* times);
}
