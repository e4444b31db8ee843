using System.Runtime.InteropServices;
using System.Text;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform;

/// <summary>The kind of a file system entry (the S_IFMT bits of a mode).</summary>
public enum UnixFileKind
{
    Regular,
    Directory,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
}

/// <summary>A timestamp with the kernel's nanosecond precision.</summary>
public readonly record struct UnixTime(long Seconds, uint Nanoseconds);

/// <summary>What lstat says about one path (the entry itself: a symlink is not followed).</summary>
public readonly record struct UnixFileStatus(
    UnixFileKind Kind,
    uint Permissions,
    uint Uid,
    uint Gid,
    ulong Inode,
    uint DeviceMajor,
    uint DeviceMinor,
    uint LinkCount,
    long Size,
    uint RDevMajor,
    uint RDevMinor,
    UnixTime AccessTime,
    UnixTime ModificationTime)
{
    /// <summary>The (device, inode) pair that identifies a file across hard links.</summary>
    public (uint Major, uint Minor, ulong Inode) FileId => (DeviceMajor, DeviceMinor, Inode);
}

/// <summary>
/// File-system calls .NET does not offer: lstat with owners and inodes, lchown, mknod, hard links, extended attributes,
/// nanosecond times on symlinks, fsync of a directory. Failures throw <see cref="IOException"/> whose HResult is the errno.
/// </summary>
public static class UnixFileSystem
{
    private const int ENODATA = 61;
    private const int EOPNOTSUPP = 95;
    private const int ERANGE = 34;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_BASIC_STATS = 0x7ff;
    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_CLOEXEC = 0x80000;

    // These two differ between x86_64 (asm-generic values) and aarch64.
    internal static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;
    internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>AT_FDCWD as a handle the *at() imports accept; never closed.</summary>
    private static readonly SafeFileHandle CurrentDirectory = new(-100, ownsHandle: false);

    /// <summary>lstat(2) of <paramref name="path"/>.</summary>
    public static UnixFileStatus Stat(string path)
    {
        if (Libc.Statx(CurrentDirectory, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var b) != 0)
        {
            throw Error("lstat", path);
        }

        return ToStatus(b);
    }

    /// <summary>lstat(2), or null when the path does not exist.</summary>
    public static UnixFileStatus? TryStat(string path)
    {
        if (Libc.Statx(CurrentDirectory, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var b) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? null : throw Error("lstat", path, errno);
        }

        return ToStatus(b);
    }

    /// <summary>
    /// Whether <paramref name="path"/> (not followed if it is a symbolic link) is the root of a mount: statx's
    /// STATX_ATTR_MOUNT_ROOT, one system call instead of reading /proc/self/mountinfo. False when the path does not
    /// exist; null when the kernel does not report the attribute (before 5.8), for the caller to read mountinfo.
    /// </summary>
    public static bool? IsMountRoot(string path)
    {
        const ulong StatxAttrMountRoot = 0x2000;
        if (Libc.Statx(CurrentDirectory, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var b) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? false : throw Error("lstat", path, errno);
        }

        return (b.AttributesMask & StatxAttrMountRoot) != 0 ? (b.Attributes & StatxAttrMountRoot) != 0 : null;
    }

    /// <summary>fstat(2) of an open handle.</summary>
    public static UnixFileStatus Stat(SafeFileHandle handle)
    {
        if (Libc.Statx(handle, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var b) != 0)
        {
            throw Error("fstat", $"fd {handle.DangerousGetHandle()}");
        }

        return ToStatus(b);
    }

    /// <summary>lchown(2).</summary>
    public static void ChangeOwner(string path, uint uid, uint gid)
    {
        if (Libc.Lchown(path, uid, gid) != 0)
        {
            throw Error("lchown", path);
        }
    }

    /// <summary>mknod(2) for a device, fifo or socket; <paramref name="permissions"/> are the 0o7777 bits.</summary>
    public static void CreateNode(string path, UnixFileKind kind, uint permissions, uint major = 0, uint minor = 0)
    {
        uint type = kind switch
        {
            UnixFileKind.CharacterDevice => 0x2000,
            UnixFileKind.BlockDevice => 0x6000,
            UnixFileKind.Fifo => 0x1000,
            UnixFileKind.Socket => 0xC000,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "mknod makes devices, fifos and sockets"),
        };
        if (Libc.Mknod(path, type | (permissions & 0xFFF), MakeDevice(major, minor)) != 0)
        {
            throw Error("mknod", path);
        }
    }

    /// <summary>link(2).</summary>
    public static void CreateHardLink(string existingPath, string newPath)
    {
        if (Libc.Link(existingPath, newPath) != 0)
        {
            throw Error("link", $"{existingPath} -> {newPath}");
        }
    }

    /// <summary>The names of the path's own extended attributes (empty when the file system has none).</summary>
    public static unsafe IReadOnlyList<string> ListExtendedAttributes(string path)
    {
        var size = Libc.Llistxattr(path, null, 0);
        while (true)
        {
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == EOPNOTSUPP ? [] : throw Error("llistxattr", path, errno);
            }

            if (size == 0)
            {
                return [];
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = Libc.Llistxattr(path, p, (nuint)buffer.Length);
            }

            if (got < 0 && Marshal.GetLastPInvokeError() == ERANGE)
            {
                size = Libc.Llistxattr(path, null, 0);
                continue;
            }

            if (got < 0)
            {
                throw Error("llistxattr", path);
            }

            var names = new List<string>();
            foreach (var range in buffer.AsSpan(0, (int)got).Split((byte)0))
            {
                var name = buffer.AsSpan(0, (int)got)[range];
                if (!name.IsEmpty)
                {
                    names.Add(Encoding.UTF8.GetString(name));
                }
            }

            return names;
        }
    }

    /// <summary>The value of one extended attribute of the path itself, or null when it has none of that name.</summary>
    public static unsafe byte[]? GetExtendedAttribute(string path, string name)
    {
        while (true)
        {
            var size = Libc.Lgetxattr(path, name, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is ENODATA or EOPNOTSUPP ? null : throw Error("lgetxattr", $"{path} {name}", errno);
            }

            var buffer = new byte[size];
            nint got;
            fixed (byte* p = buffer)
            {
                got = Libc.Lgetxattr(path, name, p, (nuint)buffer.Length);
            }

            if (got < 0 && Marshal.GetLastPInvokeError() == ERANGE)
            {
                continue;
            }

            return got < 0 ? throw Error("lgetxattr", $"{path} {name}") : buffer.AsSpan(0, (int)got).ToArray();
        }
    }

    /// <summary>Sets one extended attribute on the path itself.</summary>
    public static unsafe void SetExtendedAttribute(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (Libc.Lsetxattr(path, name, p, (nuint)value.Length, 0) != 0)
            {
                throw Error("lsetxattr", $"{path} {name}");
            }
        }
    }

    /// <summary>Sets access and modification times of the path itself (a symlink's own times).</summary>
    public static unsafe void SetTimes(string path, UnixTime accessTime, UnixTime modificationTime)
    {
        var times = stackalloc Libc.TimeSpec[2];
        times[0] = new Libc.TimeSpec { Seconds = accessTime.Seconds, Nanoseconds = accessTime.Nanoseconds };
        times[1] = new Libc.TimeSpec { Seconds = modificationTime.Seconds, Nanoseconds = modificationTime.Nanoseconds };
        if (Libc.Utimensat(CurrentDirectory, path, times, AT_SYMLINK_NOFOLLOW) != 0)
        {
            throw Error("utimensat", path);
        }
    }

    /// <summary>fsync(2) of a directory, so that renames and creations in it survive a crash.</summary>
    public static void FlushDirectory(string path)
    {
        using var handle = OpenRaw(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (Libc.Fsync(handle) != 0)
        {
            throw Error("fsync", path);
        }
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="path"/>: many files made durable in one call.</summary>
    public static void SyncFileSystem(string path)
    {
        using var handle = OpenRaw(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (Libc.Syncfs(handle) != 0)
        {
            throw Error("syncfs", path);
        }
    }

    /// <summary>open(2) without .NET's advisory-lock emulation; the handle closes the descriptor.</summary>
    internal static SafeFileHandle OpenRaw(string path, int flags, uint mode)
    {
        var fd = Libc.Open(path, flags, mode);
        return fd < 0 ? throw Error("open", path) : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>glibc's makedev.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    internal static IOException Error(string call, string what, int? errno = null)
    {
        var code = errno ?? Marshal.GetLastPInvokeError();
        return new IOException($"{call} {what}: {Marshal.GetPInvokeErrorMessage(code)}", code);
    }

    private static UnixFileStatus ToStatus(in Libc.StatxBuffer b)
    {
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
        return new UnixFileStatus(
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
    }
}
