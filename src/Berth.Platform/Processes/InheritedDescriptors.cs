using Berth.Platform.Interop;

namespace Berth.Platform.Processes;

/// <summary>Descriptors this process was started with (what <c>--preserve-fds</c> hands on).</summary>
public static class InheritedDescriptors
{
    /// <summary>
    /// True when <paramref name="fd"/> is open and not close-on-exec: every descriptor .NET opens itself is
    /// close-on-exec, so an open one without the flag came from the parent.
    /// </summary>
    public static bool IsInherited(int fd)
    {
        var flags = Libc.FcntlGetFd(fd, Libc.F_GETFD);
        return flags >= 0 && (flags & Libc.FD_CLOEXEC) == 0;
    }
}
