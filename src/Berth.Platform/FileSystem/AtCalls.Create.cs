using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.FileSystem;

public static partial class AtCalls
{
    /// <summary>mkdirat(2). The umask applies; callers that need exact bits set them with <see cref="ChangeMode"/>.</summary>
    public static Errno MakeDirectory(SafeFileHandle directory, string name, uint mode) =>
        ErrnoExtensions.Check(Libc.Mkdirat(directory, name, mode));

    /// <summary>mknodat(2) of a character or block device or a fifo; <paramref name="permissions"/> are the 0o7777 bits.</summary>
    public static Errno MakeNode(SafeFileHandle directory, string name, UnixFileKind kind, uint permissions, uint major, uint minor)
    {
        uint type = kind switch
        {
            UnixFileKind.CharacterDevice => 0x2000,
            UnixFileKind.BlockDevice => 0x6000,
            UnixFileKind.Fifo => 0x1000,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "mknodat makes devices and fifos"),
        };
        return ErrnoExtensions.Check(Libc.Mknodat(directory, name, type | (permissions & 0xFFF), MakeDevice(major, minor)));
    }

    /// <summary>symlinkat(2): <paramref name="name"/> in <paramref name="directory"/> becomes a symlink whose text is <paramref name="target"/>.</summary>
    public static Errno CreateSymbolicLink(SafeFileHandle directory, string name, string target) =>
        ErrnoExtensions.Check(Libc.Symlinkat(target, directory, name));

    /// <summary>linkat(2) without AT_SYMLINK_FOLLOW: when the existing name is a symlink, the new name links the symlink itself.</summary>
    public static Errno CreateHardLink(SafeFileHandle existingDirectory, string existingName, SafeFileHandle newDirectory, string newName) =>
        ErrnoExtensions.Check(Libc.Linkat(existingDirectory, existingName, newDirectory, newName, 0));

    /// <summary>unlinkat(2) of a non-directory (EISDIR for a directory).</summary>
    public static Errno Unlink(SafeFileHandle directory, string name) =>
        ErrnoExtensions.Check(Libc.Unlinkat(directory, name, 0));

    /// <summary>unlinkat(2) with AT_REMOVEDIR: removes an empty directory.</summary>
    public static Errno RemoveDirectory(SafeFileHandle directory, string name) =>
        ErrnoExtensions.Check(Libc.Unlinkat(directory, name, OpenFlags.AtRemoveDirectory));

    /// <summary>glibc's makedev(3).</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
}
