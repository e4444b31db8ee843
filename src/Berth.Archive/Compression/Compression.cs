using System.IO.Compression;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>Opens compressing streams for writing layer blobs.</summary>
public static class Compression
{
    /// <summary>gzip level used when none is given (the zlib default, as podman's pgzip uses).</summary>
    public const int DefaultGzipLevel = 6;

    /// <summary>zstd level used when none is given (zstd's default, as podman uses).</summary>
    public const int DefaultZstdLevel = 3;

    private const int ZstdBufferSize = 128 * 1024;

    /// <summary>
    /// A stream that compresses what is written to it into <paramref name="output"/>. <paramref name="level"/> is gzip's
    /// 0–9 or zstd's 1–22 (null: the default). Dispose it to write the trailer.
    /// </summary>
    public static Stream Open(Stream output, LayerCompression compression, int? level = null, bool leaveOpen = false) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level ?? DefaultGzipLevel }, leaveOpen),
        LayerCompression.Zstd => new ZstdSharp.CompressionStream(output, level ?? DefaultZstdLevel, ZstdBufferSize, leaveOpen),
        _ => leaveOpen ? new NonClosingStream(output) : output,
    };
}
