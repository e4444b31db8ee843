using System.Formats.Tar;
using System.Text;

namespace Berth.Build.Tests.Copy;

/// <summary>Small tars for ADD tests, written with System.Formats.Tar (PAX).</summary>
internal sealed class TarFiles
{
    private static readonly DateTimeOffset DefaultTime = new(2009, 2, 13, 23, 31, 30, TimeSpan.Zero);
    private readonly TarWriter _writer;

    private TarFiles(TarWriter writer) => _writer = writer;

    public static Task<byte[]> BuildAsync(Action<TarFiles> build)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            build(new TarFiles(writer));
        }

        return Task.FromResult(output.ToArray());
    }

    public void File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode, uid, gid, mtime);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        _writer.WriteEntry(entry);
    }

    public void Directory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        _writer.WriteEntry(Entry(TarEntryType.Directory, name, mode, uid, gid, mtime));

    public void Symlink(string name, string target)
    {
        var entry = Entry(TarEntryType.SymbolicLink, name, (UnixFileMode)0b111_111_111, 0, 0, null);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
    }

    public void HardLink(string name, string target)
    {
        var entry = Entry(TarEntryType.HardLink, name, (UnixFileMode)0b110_100_100, 0, 0, null);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode, int uid, int gid, DateTimeOffset? mtime) =>
        new(type, name) { Mode = mode, Uid = uid, Gid = gid, ModificationTime = mtime ?? DefaultTime };
}
