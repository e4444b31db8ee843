using Berth.Platform.Interop;

namespace Berth.Platform.Host;

/// <summary>What statfs(2) says about the file system holding a path.</summary>
public sealed record FileSystemStats(string TypeName, ulong TotalBytes, ulong UsedBytes)
{
    /// <summary>Stats of the nearest existing directory at or above <paramref name="path"/>, or null.</summary>
    public static FileSystemStats? ForPath(string path)
    {
        var probe = Path.GetFullPath(path);
        while (!Directory.Exists(probe))
        {
            var parent = Path.GetDirectoryName(probe);
            if (parent is null || parent == probe)
            {
                return null;
            }

            probe = parent;
        }

        if (Libc.Statfs(probe, out var s) != 0)
        {
            return null;
        }

        var size = (ulong)s.FragmentSize;
        return new FileSystemStats(NameOf(s.Type), s.Blocks * size, (s.Blocks - s.FreeBlocks) * size);
    }

    /// <summary>The names containers/storage uses for file-system magic numbers.</summary>
    public static string NameOf(long magic) => magic switch
    {
        0xEF53 => "extfs",
        0x58465342 => "xfs",
        0x9123683E => "btrfs",
        0x01021994 => "tmpfs",
        0x794C7630 => "overlayfs",
        0x65735546 => "fuseblk",
        0x2FC12FC1 => "zfs",
        0x6969 => "nfs",
        0xF2F52010 => "f2fs",
        0x858458F6 => "ramfs",
        0x73717368 => "squashfs",
        0x4244 => "hfs",
        0x5346544E => "ntfs",
        _ => $"<unknown:0x{magic:x}>",
    };
}
