using Berth.Platform;

namespace Berth.Archive.Tar;

/// <summary>What a tar entry is. GNU/PAX meta entries (long names, extended headers) never surface as entries.</summary>
internal enum TarEntryKind : byte
{
    Regular,
    HardLink,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Directory,
    Fifo,
}

/// <summary>One tar entry's header after PAX and GNU long-name records are folded in.</summary>
internal sealed class TarHeader
{
    /// <summary>The name as written in the archive (not cleaned).</summary>
    public string Name { get; set; } = "";

    public string LinkName { get; set; } = "";

    public TarEntryKind Kind { get; set; }

    /// <summary>Permission bits including setuid, setgid and sticky (0o7777).</summary>
    public uint Mode { get; set; }

    public long Uid { get; set; }

    public long Gid { get; set; }

    /// <summary>Bytes of data that follow (0 for every kind but <see cref="TarEntryKind.Regular"/>).</summary>
    public long Size { get; set; }

    public UnixTime ModificationTime { get; set; }

    /// <summary>From a PAX atime record or a GNU header; null when the archive has none.</summary>
    public UnixTime? AccessTime { get; set; }

    public uint DeviceMajor { get; set; }

    public uint DeviceMinor { get; set; }

    /// <summary>Extended attributes from <c>SCHILY.xattr.*</c> PAX records: raw bytes, in archive order.</summary>
    public List<KeyValuePair<string, byte[]>>? Xattrs { get; set; }

    /// <summary>Kinds that never have data blocks, whatever their size field says (as Go's archive/tar reads them).</summary>
    public static bool IsHeaderOnly(TarEntryKind kind) => kind != TarEntryKind.Regular;
}
