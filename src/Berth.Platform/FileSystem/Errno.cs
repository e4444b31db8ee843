using System.Runtime.InteropServices;

namespace Berth.Platform.FileSystem;

/// <summary>The errno values callers of <see cref="AtCalls"/> decide on (the same numbers on x86_64 and aarch64).</summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    E2BIG = 7,
    ENOEXEC = 8,
    EBADF = 9,
    ECHILD = 10,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENOSPC = 28,
    EROFS = 30,
    EMLINK = 31,
    EPIPE = 32,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ELOOP = 40,
    ENODATA = 61,
    EOPNOTSUPP = 95,
    ECONNRESET = 104,
    EDQUOT = 122,
}

public static class ErrnoExtensions
{
    /// <summary>strerror(3) text, e.g. "No such file or directory".</summary>
    public static string Message(this Errno errno) => Marshal.GetPInvokeErrorMessage((int)errno);

    internal static Errno Last() => (Errno)Marshal.GetLastPInvokeError();

    internal static Errno Check(int result) => result < 0 ? Last() : Errno.None;
}
