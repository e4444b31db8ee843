using System.Runtime.InteropServices;

namespace Berth.Platform.Interop;

internal static partial class Libc
{
    internal const int IN_CLOEXEC = 0x80000;
    internal const int IN_NONBLOCK = 0x800;
    internal const uint IN_MOVED_TO = 0x80;
    internal const uint IN_CREATE = 0x100;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    internal static partial int InotifyInit1(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int InotifyAddWatch(int fd, string path, uint mask);
}
