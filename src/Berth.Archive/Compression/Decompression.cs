using System.IO.Compression;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>Opens compressed layer blobs for reading: gzip (multi-member too) and zstd (multi-frame, skippable frames) as streams.</summary>
public static class Decompression
{
    private const int ZstdBufferSize = 128 * 1024;

    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int MagicLength = 4;

    /// <summary>A stream of the decompressed bytes of <paramref name="input"/>.</summary>
    public static Stream Open(Stream input, LayerCompression compression, bool leaveOpen = false) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen),
        LayerCompression.Zstd => new ZstdSharp.DecompressionStream(input, ZstdBufferSize, checkEndOfStream: true, leaveOpen: leaveOpen),
        _ => leaveOpen ? new NonClosingStream(input) : input,
    };

    /// <summary>The compression of a blob from its first bytes: gzip (1f 8b), zstd (28 b5 2f fd), anything else is taken as plain tar.</summary>
    public static LayerCompression Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 2 && prefix[0] == 0x1F && prefix[1] == 0x8B)
        {
            return LayerCompression.Gzip;
        }

        if (prefix.Length >= 4 && prefix[0] == 0x28 && prefix[1] == 0xB5 && prefix[2] == 0x2F && prefix[3] == 0xFD)
        {
            return LayerCompression.Zstd;
        }

        return LayerCompression.None;
    }

    /// <summary>
    /// Reads the first bytes of <paramref name="input"/> (which need not be seekable), tells its compression, and returns a
    /// decompressing stream over all of it, the peeked bytes included.
    /// </summary>
    public static async ValueTask<(LayerCompression Compression, Stream Decompressed)> OpenDetectedAsync(
        Stream input, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        var prefix = new byte[MagicLength];
        var got = await input.ReadAtLeastAsync(prefix, MagicLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var compression = Detect(prefix.AsSpan(0, got));
        var replay = new PrefixedReadStream(prefix.AsMemory(0, got), input, leaveOpen);
        return (compression, Open(replay, compression, leaveOpen: false));
    }
}
