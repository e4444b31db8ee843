using Berth.Archive.Tar;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>
/// Writes directory trees as image layers (tar, optionally compressed), hashing on the way out: the diff ID of the tar
/// and the digest of the bytes written come from the one pass, nothing is read twice. Output is deterministic: the
/// same tree gives the same bytes (sorted names, no clocks, no process IDs), so equal content gets equal digests.
/// </summary>
public static class LayerWriter
{
    /// <summary>A whole tree as one layer (import, squash, save): every entry below <paramref name="directory"/>, not the directory itself.</summary>
    public static Task<LayerWriteResult> WriteDirectoryAsync(string directory, Stream output, LayerCompression compression, CancellationToken cancellationToken) =>
        WriteAsync(directory, overlay: false, output, compression, null, cancellationToken);

    /// <summary>
    /// An overlay upper directory as a layer (commit): 0/0 character devices become <c>.wh.name</c> whiteouts and a
    /// directory with <c>trusted.overlay.opaque=y</c> (or user.overlay.opaque) gets a <c>.wh..wh..opq</c> entry first
    /// in it. overlayfs' own attributes are not copied into the layer.
    /// </summary>
    public static Task<LayerWriteResult> WriteOverlayDiffAsync(string upperDirectory, Stream output, LayerCompression compression, CancellationToken cancellationToken) =>
        WriteAsync(upperDirectory, overlay: true, output, compression, null, cancellationToken);

    /// <summary>
    /// An overlay diff (or, with <paramref name="overlay"/> false, a whole tree) with every entry's modification time
    /// set to <paramref name="timestamp"/>: the same files give the same layer whenever they were made
    /// (<c>build --timestamp</c>).
    /// </summary>
    public static Task<LayerWriteResult> WriteWithTimestampAsync(string directory, bool overlay, DateTimeOffset timestamp, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(directory, overlay, output, LayerCompression.None, timestamp.ToUnixTimeSeconds(), cancellationToken);

    private static async Task<LayerWriteResult> WriteAsync(string directory, bool overlay, Stream output, LayerCompression compression, long? fixedTime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(output);

        using var written = new HashingWriteStream(output);
        if (compression == LayerCompression.None)
        {
            await WriteTarAsync(directory, overlay, written, fixedTime, cancellationToken).ConfigureAwait(false);
            await written.FlushAsync(cancellationToken).ConfigureAwait(false);
            var digest = written.GetDigest();
            return new LayerWriteResult(digest, digest, written.BytesWritten, written.BytesWritten);
        }

        Digest diffId;
        long uncompressedSize;
        var compressor = Compression.Open(written, compression, leaveOpen: true);
        await using (compressor.ConfigureAwait(false))
        {
            using var tarBytes = new HashingWriteStream(compressor);
            await WriteTarAsync(directory, overlay, tarBytes, fixedTime, cancellationToken).ConfigureAwait(false);
            diffId = tarBytes.GetDigest();
            uncompressedSize = tarBytes.BytesWritten;
        }

        // Disposing the compressor wrote its trailer.
        await written.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new LayerWriteResult(diffId, written.GetDigest(), written.BytesWritten, uncompressedSize);
    }

    private static async Task WriteTarAsync(string directory, bool overlay, Stream output, long? fixedTime, CancellationToken cancellationToken)
    {
        using var tar = new TarStreamWriter(output);
        using var archiver = new TreeArchiver(tar, overlay, fixedTime);
        await archiver.ArchiveAsync(directory, cancellationToken).ConfigureAwait(false);
        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }
}
