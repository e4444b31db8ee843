using Berth.Platform;
using Berth.Platform.FileSystem;

namespace Berth.Archive.Tests;

/// <summary>lstat and extended attributes of plain paths, through the same calls the code under test uses.</summary>
internal static class UnixStat
{
    public static UnixFileStatus Of(string path)
    {
        var status = TryOf(path);
        Assert.True(status is not null, $"{path} does not exist");
        return status.Value;
    }

    public static UnixFileStatus? TryOf(string path)
    {
        using var parent = OpenParent(path, out var name);
        return AtCalls.Stat(parent, name, out var status) == Errno.None ? status : null;
    }

    public static bool Exists(string path) => TryOf(path) is not null;

    public static byte[]? Xattr(string path, string key)
    {
        using var parent = OpenParent(path, out var name);
        var errno = AtCalls.GetExtendedAttribute(parent, name, key, out var value);
        return errno == Errno.None ? value : null;
    }

    public static List<string> XattrNames(string path)
    {
        using var parent = OpenParent(path, out var name);
        var names = new List<string>();
        Assert.Equal(Errno.None, AtCalls.ListExtendedAttributes(parent, name, names));
        return names;
    }

    public static void SetXattr(string path, string key, byte[] value)
    {
        using var parent = OpenParent(path, out var name);
        Assert.Equal(Errno.None, AtCalls.SetExtendedAttribute(parent, name, key, value));
    }

    public static void MakeNode(string path, UnixFileKind kind, uint mode, uint major, uint minor)
    {
        using var parent = OpenParent(path, out var name);
        Assert.Equal(Errno.None, AtCalls.MakeNode(parent, name, kind, mode, major, minor));
    }

    /// <summary>Makes <paramref name="link"/> a hard link of <paramref name="existing"/> (File.CreateHardLink's order).</summary>
    public static void HardLink(string link, string existing)
    {
        using var from = OpenParent(existing, out var fromName);
        using var to = OpenParent(link, out var toName);
        Assert.Equal(Errno.None, AtCalls.CreateHardLink(from, fromName, to, toName));
    }

    public static void Chmod(string path, uint mode)
    {
        using var parent = OpenParent(path, out var name);
        Assert.Equal(Errno.None, AtCalls.ChangeMode(parent, name, mode));
    }

    public static void Chown(string path, uint uid, uint gid)
    {
        using var parent = OpenParent(path, out var name);
        Assert.Equal(Errno.None, AtCalls.ChangeOwner(parent, name, uid, gid));
    }

    public static void SetTimes(string path, long seconds)
    {
        using var parent = OpenParent(path, out var name);
        Assert.Equal(Errno.None, AtCalls.SetTimes(parent, name, new UnixTime(seconds, 0), new UnixTime(seconds, 0)));
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenParent(string path, out string name)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var directory = Path.GetDirectoryName(full)!;
        name = Path.GetFileName(full);
        Assert.Equal(Errno.None, AtCalls.OpenDirectory(directory, out var handle));
        return handle!;
    }
}
