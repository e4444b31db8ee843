using System.Text;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

public static partial class AtCalls
{
    /// <summary>statx(2) of the entry itself (AT_SYMLINK_NOFOLLOW). Name "." is the directory itself.</summary>
    public static Errno Stat(SafeFileHandle directory, string name, out UnixFileStatus status) =>
        StatAt(directory, name, OpenFlags.AtSymlinkNoFollow, out status);

    internal static Errno StatAt(SafeFileHandle directory, string name, int flags, out UnixFileStatus status)
    {
        if (Libc.Statx(directory, name, flags, OpenFlags.StatxBasicStats, out var b) != 0)
        {
            status = default;
            return ErrnoExtensions.Last();
        }

        var kind = (b.Mode & 0xF000) switch
        {
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.SymbolicLink,
            0x2000 => UnixFileKind.CharacterDevice,
            0x6000 => UnixFileKind.BlockDevice,
            0x1000 => UnixFileKind.Fifo,
            0xC000 => UnixFileKind.Socket,
            _ => UnixFileKind.Regular,
        };
        status = new UnixFileStatus(
            kind,
            (uint)(b.Mode & 0xFFF),
            b.Uid,
            b.Gid,
            b.Inode,
            b.DevMajor,
            b.DevMinor,
            b.Nlink,
            (long)b.Size,
            b.RdevMajor,
            b.RdevMinor,
            new UnixTime(b.AccessTime.Seconds, b.AccessTime.Nanoseconds),
            new UnixTime(b.ModificationTime.Seconds, b.ModificationTime.Nanoseconds));
        return Errno.None;
    }

    /// <summary>fchownat(2) with AT_SYMLINK_NOFOLLOW (a symlink's own owner).</summary>
    public static Errno ChangeOwner(SafeFileHandle directory, string name, uint uid, uint gid) =>
        ErrnoExtensions.Check(Libc.Fchownat(directory, name, uid, gid, OpenFlags.AtSymlinkNoFollow));

    private static volatile bool s_noFchmodat2;

    /// <summary>
    /// Changes the mode (setuid/setgid/sticky included) without following a symlink: the kernel's fchmodat2 (Linux 6.6)
    /// where there is one, else glibc's fchmodat with AT_SYMLINK_NOFOLLOW (done through an O_PATH descriptor). Both
    /// answer EOPNOTSUPP for a symlink, whose mode Linux cannot change.
    /// </summary>
    public static Errno ChangeMode(SafeFileHandle directory, string name, uint mode)
    {
        if (!s_noFchmodat2)
        {
            if (Libc.SyscallFchmodat2(Libc.SysFchmodat2, directory, name, mode & 0xFFF, OpenFlags.AtSymlinkNoFollow) == 0)
            {
                return Errno.None;
            }

            var errno = ErrnoExtensions.Last();
            if (errno != Errno.ENOSYS)
            {
                return errno;
            }

            s_noFchmodat2 = true;
        }

        return ErrnoExtensions.Check(Libc.Fchmodat(directory, name, mode & 0xFFF, OpenFlags.AtSymlinkNoFollow));
    }

    /// <summary>utimensat(2) with AT_SYMLINK_NOFOLLOW: access and modification times of the entry itself.</summary>
    public static unsafe Errno SetTimes(SafeFileHandle directory, string name, UnixTime accessTime, UnixTime modificationTime)
    {
        var times = stackalloc Libc.TimeSpec[2];
        times[0] = new Libc.TimeSpec { Seconds = accessTime.Seconds, Nanoseconds = accessTime.Nanoseconds };
        times[1] = new Libc.TimeSpec { Seconds = modificationTime.Seconds, Nanoseconds = modificationTime.Nanoseconds };
        return ErrnoExtensions.Check(Libc.Utimensat(directory, name, times, OpenFlags.AtSymlinkNoFollow));
    }

    /// <summary>readlinkat(2): the text of the symlink <paramref name="name"/>.</summary>
    public static unsafe Errno ReadLink(SafeFileHandle directory, string name, out string target)
    {
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = Libc.Readlinkat(directory, name, p, (nuint)buffer.Length);
            }

            if (got < 0)
            {
                target = "";
                return ErrnoExtensions.Last();
            }

            if (got < buffer.Length)
            {
                target = Encoding.UTF8.GetString(buffer, 0, (int)got);
                return Errno.None;
            }

            size *= 4;
        }
    }
}
