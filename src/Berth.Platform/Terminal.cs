using Berth.Platform.Interop;

namespace Berth.Platform;

/// <summary>Whether a standard stream is a terminal, and how wide it is (for live progress views).</summary>
public static class Terminal
{
    /// <summary>The standard error descriptor.</summary>
    public const int StandardOutput = 1;

    public const int StandardError = 2;

    /// <summary>isatty(3): true when <paramref name="fd"/> is a terminal.</summary>
    public static bool IsTerminal(int fd) => Libc.Isatty(fd) == 1;

    /// <summary>The terminal's width in columns, or null when <paramref name="fd"/> is no terminal or reports no size.</summary>
    public static int? Columns(int fd) =>
        Libc.IoctlWindowSize(fd, Libc.TIOCGWINSZ, out var size) == 0 && size.Columns > 0 ? size.Columns : null;

    /// <summary>The terminal's rows and columns, or null when <paramref name="fd"/> is no terminal.</summary>
    public static (ushort Rows, ushort Columns)? Size(int fd) =>
        Libc.IoctlWindowSize(fd, Libc.TIOCGWINSZ, out var size) == 0 ? (size.Rows, size.Columns) : null;
}
