using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;

namespace Berth.Build.Copy;

/// <summary>How an ADD source file is compressed, told by its first bytes (never by its name).</summary>
internal enum ArchiveCompression
{
    None,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

/// <summary>
/// Recognises local archives for ADD as buildah does (<c>isArchivePath</c>): the file, decompressed when its first bytes
/// are the magic of gzip, bzip2, xz or zstd, must start with a valid tar header. Anything else (text, a gzip of a plain
/// file, an empty tar) is copied as a file.
/// </summary>
internal static class ArchiveFormat
{
    private const int BlockSize = 512;

    public static ArchiveCompression DetectCompression(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]))
        {
            return ArchiveCompression.Gzip;
        }

        if (prefix.StartsWith("BZh"u8))
        {
            return ArchiveCompression.Bzip2;
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return ArchiveCompression.Xz;
        }

        return prefix.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]) ? ArchiveCompression.Zstd : ArchiveCompression.None;
    }

    /// <summary>A stream of the decompressed bytes of <paramref name="input"/> (which it owns).</summary>
    public static Stream Decompress(Stream input, ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => new GZipStream(input, CompressionMode.Decompress),
        ArchiveCompression.Bzip2 => BZip2Stream.Create(input, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false),
        ArchiveCompression.Xz => new XZStream(input),
        ArchiveCompression.Zstd => new ZstdSharp.DecompressionStream(input, 128 * 1024, checkEndOfStream: true, leaveOpen: false),
        _ => input,
    };

    /// <summary>
    /// The compression of the file open as <paramref name="file"/> (seekable; closed by this call: xz needs its
    /// position, so the decompressor reads it directly) when it is a tar archive; null when it is not one.
    /// </summary>
    public static async Task<ArchiveCompression?> ProbeAsync(Stream file, CancellationToken cancellationToken)
    {
        var prefix = new byte[6];
        var got = await file.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var compression = DetectCompression(prefix.AsSpan(0, got));
        file.Position = 0;
        try
        {
            var block = new byte[BlockSize];
            var decompressed = Decompress(file, compression);
            await using (decompressed.ConfigureAwait(false))
            {
                got = await decompressed.ReadAtLeastAsync(block, BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            return got == BlockSize && IsTarHeader(block) ? compression : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // Compressed-looking bytes that do not decompress: a plain file (as Go's reader failing on them).
            return null;
        }
    }

    /// <summary>
    /// Go's archive/tar accepts a first block whose checksum field (octal, at 148) equals the sum of the block's bytes with
    /// that field read as spaces, unsigned or signed; an all-zero block is the end of an (empty) archive.
    /// </summary>
    public static bool IsTarHeader(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize || !block[..BlockSize].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var field = block.Slice(148, 8);
        long stored = 0;
        var digits = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (digits > 0)
                {
                    break;
                }

                continue;
            }

            if (b is < (byte)'0' or > (byte)'7')
            {
                return false;
            }

            stored = (stored << 3) | (uint)(b - '0');
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        long unsigned = 0, signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }
}
