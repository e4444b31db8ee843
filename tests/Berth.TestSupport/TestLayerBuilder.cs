using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Berth.Oci;

namespace Berth.TestSupport;

/// <summary>The files of one layer; parent directories are added automatically. Paths are relative (<c>bin/busybox</c>).</summary>
public sealed class TestLayerBuilder
{
    private const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644
    private readonly List<TarEntry> _entries = [];
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

    /// <summary>The modification time of every entry.</summary>
    public static readonly DateTimeOffset FixedTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A regular file.</summary>
    public TestLayerBuilder File(string path, byte[] content, UnixFileMode mode = FileMode)
    {
        ArgumentNullException.ThrowIfNull(content);
        path = Normalize(path);
        AddParents(path);
        var entry = new UstarTarEntry(TarEntryType.RegularFile, path)
        {
            Mode = mode,
            ModificationTime = FixedTime,
            DataStream = new MemoryStream(content, writable: false),
        };
        _entries.Add(entry);
        return this;
    }

    /// <summary>A text file (UTF-8).</summary>
    public TestLayerBuilder File(string path, string text, UnixFileMode mode = FileMode) => File(path, Encoding.UTF8.GetBytes(text), mode);

    /// <summary>A copy of a host file (e.g. <c>/bin/busybox</c>), keeping its permission bits.</summary>
    public TestLayerBuilder HostFile(string hostPath, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("test images are built on Linux");
        }

        return File(path, System.IO.File.ReadAllBytes(hostPath), System.IO.File.GetUnixFileMode(hostPath));
    }

    /// <summary>A directory.</summary>
    public TestLayerBuilder Directory(string path, UnixFileMode mode = DirectoryMode)
    {
        path = Normalize(path).TrimEnd('/');
        AddParents(path);
        AddDirectory(path, mode);
        return this;
    }

    /// <summary>A symbolic link.</summary>
    public TestLayerBuilder Symlink(string path, string target)
    {
        path = Normalize(path);
        AddParents(path);
        _entries.Add(new UstarTarEntry(TarEntryType.SymbolicLink, path)
        {
            LinkName = target,
            Mode = (UnixFileMode)0b111_111_111,
            ModificationTime = FixedTime,
        });
        return this;
    }

    /// <summary>The uncompressed tar stream.</summary>
    public byte[] BuildTar()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>Compresses a tar stream.</summary>
    public static byte[] Compress(byte[] tar, LayerCompression compression)
    {
        ArgumentNullException.ThrowIfNull(tar);
        switch (compression)
        {
            case LayerCompression.None:
                return tar;
            case LayerCompression.Gzip:
            {
                using var output = new MemoryStream();
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(tar);
                }

                return output.ToArray();
            }

            case LayerCompression.Zstd:
            {
                using var output = new MemoryStream();
                using (var zstd = new ZstdSharp.CompressionStream(output, 3, leaveOpen: true))
                {
                    zstd.Write(tar);
                }

                return output.ToArray();
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(compression));
        }
    }

    private void AddParents(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash <= 0)
        {
            return;
        }

        var parent = path[..slash];
        AddParents(parent);
        AddDirectory(parent, DirectoryMode);
    }

    private void AddDirectory(string path, UnixFileMode mode)
    {
        if (_directories.Add(path))
        {
            _entries.Add(new UstarTarEntry(TarEntryType.Directory, path + "/") { Mode = mode, ModificationTime = FixedTime });
        }
    }

    private static string Normalize(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return path.TrimStart('/');
    }
}
