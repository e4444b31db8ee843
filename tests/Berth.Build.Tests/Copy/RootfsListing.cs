using System.Globalization;
using Berth.Platform;

namespace Berth.Build.Tests.Copy;

/// <summary>
/// Lists a root file system in the golden recordings' format: <c>path|mode|uid:gid|mtime|type|links|target</c>
/// (busybox <c>stat -c '%n|%a|%u:%g|%Y|%F|%h'</c> and <c>readlink</c>).
/// </summary>
internal static class RootfsListing
{
    public static SortedDictionary<string, string[]> Read(string rootfs)
    {
        var result = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var path in Walk(rootfs))
        {
            var status = UnixFileSystem.Stat(path);
            var inside = path[rootfs.Length..];
            result[inside] =
            [
                inside,
                Convert.ToString(status.Permissions, 8),
                $"{status.Uid}:{status.Gid}",
                status.ModificationTime.Seconds.ToString(CultureInfo.InvariantCulture),
                Type(status.Kind),
                status.LinkCount.ToString(CultureInfo.InvariantCulture),
                status.Kind == UnixFileKind.SymbolicLink ? new FileInfo(path).LinkTarget ?? "" : "",
            ];
        }

        return result;
    }

    /// <summary>Every path below <paramref name="directory"/>, never through a symlink (the trees hold links out).</summary>
    public static IEnumerable<string> Walk(string directory)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            yield return path;
            if (UnixFileSystem.Stat(path).Kind == UnixFileKind.Directory)
            {
                foreach (var below in Walk(path))
                {
                    yield return below;
                }
            }
        }
    }

    public static SortedDictionary<string, string[]> Parse(string text)
    {
        var result = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('|');
            result[fields[0]] = fields;
        }

        return result;
    }

    private static string Type(UnixFileKind kind) => kind switch
    {
        UnixFileKind.Directory => "directory",
        UnixFileKind.SymbolicLink => "symbolic link",
        UnixFileKind.Fifo => "fifo",
        UnixFileKind.CharacterDevice => "character special file",
        UnixFileKind.BlockDevice => "block special file",
        UnixFileKind.Socket => "socket",
        _ => "regular file",
    };
}
