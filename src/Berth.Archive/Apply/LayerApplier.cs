using System.Buffers;
using Berth.Archive.Tar;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>Unpacks image layers (image-spec layer.md changesets) into directories, safely.</summary>
public static class LayerApplier
{
    /// <summary>
    /// Streams <paramref name="layer"/> once: decompresses it, hashes the uncompressed tar (the diff ID) while reading,
    /// and unpacks it into <paramref name="targetDirectory"/>, which must exist.
    /// <para>
    /// <paramref name="compression"/> is what the manifest declares; as containers/storage does, the bytes decide
    /// (gzip and zstd are recognised by their magic numbers), so a mislabelled blob still applies.
    /// </para>
    /// <para>
    /// Safety: nothing the tar says can create, change or follow anything outside <paramref name="targetDirectory"/>.
    /// Names are cleaned and taken from the target as root (absolute names too); a name, hard link or relative symlink
    /// target that climbs above the root refuses the layer; directories are reached with openat2 RESOLVE_IN_ROOT, so
    /// symlinks left by earlier entries or lower layers resolve inside the target as in a chroot; the last component is
    /// never followed (an existing symlink is replaced, not written through).
    /// </para>
    /// <para>
    /// A refused or failed layer throws <see cref="BerthException"/> (InvalidArgument for a hostile or corrupt layer)
    /// and leaves what it already unpacked: deleting the partial target is the caller's job.
    /// </para>
    /// </summary>
    public static async Task<LayerApplyResult> ApplyAsync(
        Stream layer,
        LayerCompression compression,
        string targetDirectory,
        LayerApplyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ArgumentNullException.ThrowIfNull(options);

        using var tree = TargetTree.Open(targetDirectory);
        var (detected, decompressed) = await Decompression.OpenDetectedAsync(layer, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        await using (decompressed.ConfigureAwait(false))
        {
            using var hashing = new HashingReadStream(decompressed);
            using var reader = new TarStreamReader(hashing);
            var extraction = new LayerExtraction(tree, options);
            long entries = 0;
            try
            {
                while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } header)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await extraction.ApplyAsync(header, reader, cancellationToken).ConfigureAwait(false);
                    entries++;
                }

                extraction.Finish();

                // The diff ID covers the whole uncompressed stream, padding after the end marker included.
                var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    await hashing.DrainAsync(scratch, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(compression, detected, e);
            }
            catch (ZstdSharp.ZstdException e)
            {
                throw Corrupt(compression, detected, e);
            }
            catch (EndOfStreamException e)
            {
                throw Corrupt(compression, detected, e);
            }

            return new LayerApplyResult(hashing.GetDigest(), hashing.BytesRead, entries);
        }
    }

    private static BerthException Corrupt(LayerCompression declared, LayerCompression detected, Exception inner) =>
        new(ErrorKind.InvalidArgument,
            $"layer data is corrupt ({Describe(detected)}{(declared != detected ? $", declared {Describe(declared)}" : "")}): {inner.Message}",
            inner);

    private static string Describe(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => "gzip",
        LayerCompression.Zstd => "zstd",
        _ => "uncompressed tar",
    };
}
