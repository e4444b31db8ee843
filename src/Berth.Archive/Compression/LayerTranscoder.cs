using System.Buffers;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>What <see cref="LayerTranscoder.TranscodeAsync"/> wrote: the new blob's digest and size, and the layer's diff ID.</summary>
public sealed record TranscodedLayer(Digest Digest, long Size, Digest DiffId);

/// <summary>Re-compresses a layer blob (gzip, zstd or none to any of them) while hashing both the tar and the new blob.</summary>
public static class LayerTranscoder
{
    /// <summary>
    /// Reads <paramref name="source"/> (compressed as <paramref name="from"/>) to its very end, so a verifying stream gets
    /// to check it, and writes it to <paramref name="output"/> compressed as <paramref name="to"/>.
    /// </summary>
    public static async Task<TranscodedLayer> TranscodeAsync(
        Stream source, LayerCompression from, LayerCompression to, int? level, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(output);
        using var blobHash = new HashingWriteStream(output, leaveOpen: true);
        using var diffHash = new HashingWriteStream(Stream.Null, leaveOpen: true);
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            await using (var plain = Decompression.Open(source, from, leaveOpen: true))
            await using (var compressor = Compression.Open(blobHash, to, level, leaveOpen: true))
            {
                int n;
                while ((n = await plain.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    diffHash.Write(buffer, 0, n);
                    await compressor.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
            }

            // Whatever follows the compressed data (padding) is read too: the source's own verification runs at its end.
            while (await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new TranscodedLayer(blobHash.GetDigest(), blobHash.BytesWritten, diffHash.GetDigest());
    }
}
