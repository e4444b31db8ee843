using System.Formats.Tar;
using System.Text;

namespace Berth.Archive.Tests;

/// <summary>Builds test layers with System.Formats.Tar's writer (PAX), an independent implementation of the format.</summary>
internal sealed class TarBuilder
{
    public static readonly DateTimeOffset DefaultTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);

    private readonly List<TarEntry> _entries = [];
    private readonly TarEntryFormat _format;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax) => _format = format;

    public TarBuilder File(string name, string content, int mode = 0b110_100_100, int uid = 0, int gid = 0, long? mtime = null,
        IReadOnlyDictionary<string, string>? xattrs = null) =>
        Add(TarEntryType.RegularFile, name, mode, uid, gid, mtime, xattrs, e => e.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public TarBuilder Directory(string name, int mode = 0b111_101_101, int uid = 0, int gid = 0, long? mtime = null,
        IReadOnlyDictionary<string, string>? xattrs = null) =>
        Add(TarEntryType.Directory, name, mode, uid, gid, mtime, xattrs, null);

    public TarBuilder Symlink(string name, string target, int uid = 0, int gid = 0, long? mtime = null) =>
        Add(TarEntryType.SymbolicLink, name, 0b111_111_111, uid, gid, mtime, null, e => e.LinkName = target);

    public TarBuilder HardLink(string name, string target, int mode = 0b110_100_100, int uid = 0, int gid = 0, long? mtime = null) =>
        Add(TarEntryType.HardLink, name, mode, uid, gid, mtime, null, e => e.LinkName = target);

    public TarBuilder CharDevice(string name, int major, int minor, int mode = 0b110_110_110, int uid = 0, int gid = 0, long? mtime = null) =>
        Add(TarEntryType.CharacterDevice, name, mode, uid, gid, mtime, null, e =>
        {
            ((PosixTarEntry)e).DeviceMajor = major;
            ((PosixTarEntry)e).DeviceMinor = minor;
        });

    public TarBuilder BlockDevice(string name, int major, int minor, int mode = 0b110_110_000, long? mtime = null) =>
        Add(TarEntryType.BlockDevice, name, mode, 0, 0, mtime, null, e =>
        {
            ((PosixTarEntry)e).DeviceMajor = major;
            ((PosixTarEntry)e).DeviceMinor = minor;
        });

    public TarBuilder Fifo(string name, int mode = 0b110_100_100, long? mtime = null) =>
        Add(TarEntryType.Fifo, name, mode, 0, 0, mtime, null, null);

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, _format, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }

    private TarBuilder Add(TarEntryType type, string name, int mode, int uid, int gid, long? mtime,
        IReadOnlyDictionary<string, string>? xattrs, Action<TarEntry>? configure)
    {
        var attributes = new Dictionary<string, string>();
        if (xattrs is not null)
        {
            foreach (var (key, value) in xattrs)
            {
                attributes["SCHILY.xattr." + key] = value;
            }
        }

        PosixTarEntry entry = _format == TarEntryFormat.Gnu ? new GnuTarEntry(type, name) : new PaxTarEntry(type, name, attributes);
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime is { } t ? DateTimeOffset.FromUnixTimeSeconds(t) : DefaultTime;
        configure?.Invoke(entry);
        _entries.Add(entry);
        return this;
    }
}