using System.Security.Cryptography;
using System.Text;
using Berth.Platform;

namespace Berth.Archive.Tests;

/// <summary>A text description of a tree (every attribute a layer carries) for comparing two trees exactly.</summary>
internal static class TreeSnapshot
{
    /// <summary>Extended attributes a layer carries (containers/storage's set); others are not compared.</summary>
    public static bool IsLayerXattr(string key) =>
        key is "security.capability" or "security.ima" || (key.StartsWith("user.", StringComparison.Ordinal) && !key.StartsWith("user.overlay.", StringComparison.Ordinal));

    /// <summary>Every path below <paramref name="root"/>, never descending through a symlink (unlike .NET's AllDirectories).</summary>
    public static List<string> Paths(string root)
    {
        var result = new List<string>();
        foreach (var path in Directory.GetFileSystemEntries(root))
        {
            result.Add(path);
            if (UnixStat.Of(path).Kind == UnixFileKind.Directory)
            {
                result.AddRange(Paths(path));
            }
        }

        return result;
    }

    public static string Of(string root)
    {
        var b = new StringBuilder();
        var firstByInode = new Dictionary<ulong, string>();
        Walk(root, "", b, firstByInode);
        return b.ToString();
    }

    private static void Walk(string directory, string prefix, StringBuilder b, Dictionary<ulong, string> firstByInode)
    {
        var names = Directory.GetFileSystemEntries(directory).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            var rel = prefix + name;
            var s = UnixStat.Of(path);
            b.Append(rel).Append(" | ").Append(s.Kind).Append(' ').Append(Convert.ToString(s.Permissions, 8))
                .Append(' ').Append(s.Uid).Append(':').Append(s.Gid).Append(" mtime=").Append(s.ModificationTime.Seconds);
            if (s.Kind != UnixFileKind.Directory && s.LinkCount > 1)
            {
                if (!firstByInode.TryAdd(s.Inode, rel))
                {
                    b.Append(" hardlink-of=").Append(firstByInode[s.Inode]);
                }
            }

            switch (s.Kind)
            {
                case UnixFileKind.Regular:
                    b.Append(" size=").Append(s.Size).Append(" sha=").Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))[..16]);
                    break;
                case UnixFileKind.SymbolicLink:
                    b.Append(" -> ").Append(new FileInfo(path).LinkTarget);
                    break;
                case UnixFileKind.CharacterDevice:
                case UnixFileKind.BlockDevice:
                    b.Append(" dev=").Append(s.RDevMajor).Append(',').Append(s.RDevMinor);
                    break;
            }

            foreach (var key in UnixStat.XattrNames(path).Where(IsLayerXattr).Order(StringComparer.Ordinal))
            {
                b.Append(' ').Append(key).Append('=').Append(Convert.ToHexString(UnixStat.Xattr(path, key)!));
            }

            b.Append('\n');
            if (s.Kind == UnixFileKind.Directory)
            {
                Walk(path, rel + "/", b, firstByInode);
            }
        }
    }
}
