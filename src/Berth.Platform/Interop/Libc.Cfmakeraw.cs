using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>cfmakeraw(3): turns an opaque termios buffer into raw mode (no echo, no line editing, no signals).</summary>
    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    internal static unsafe partial void Cfmakeraw(byte* termios);
}
