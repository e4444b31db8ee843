using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    /// <summary>TIOCGWINSZ on Linux (asm-generic/ioctls.h; the same on x86-64 and arm64).</summary>
    internal const nuint TIOCGWINSZ = 0x5413;

    /// <summary><c>struct winsize</c>: rows, columns, then pixel sizes nobody fills in.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    /// <summary>ioctl(fd, TIOCGWINSZ, &amp;ws): the terminal's size. The variadic third argument is a pointer, passed like a fixed one on the Linux ABIs .NET runs on.</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlWindowSize(int fd, nuint request, out WindowSize size);
}
