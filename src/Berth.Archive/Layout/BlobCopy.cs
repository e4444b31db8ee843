using System.Buffers;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>Copies a blob's bytes to a destination while proving they are the descriptor's.</summary>
internal static class BlobCopy
{
    /// <summary>
    /// Copies exactly <see cref="Descriptor.Size"/> bytes of <paramref name="content"/> to <paramref name="destination"/>,
    /// then checks that the content ends there and hashes to the descriptor's digest; throws InvalidArgument otherwise.
    /// </summary>
    public static async Task CopyVerifiedAsync(Descriptor descriptor, Stream content, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken)
    {
        using var hash = new HashingWriteStream(Stream.Null, leaveOpen: true, descriptor.Digest.Algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var remaining = descriptor.Size;
            while (remaining > 0)
            {
                var n = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw Mismatch(descriptor, $"it ends after {descriptor.Size - remaining} bytes");
                }

                hash.Write(buffer, 0, n);
                await destination(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                remaining -= n;
            }

            if (await content.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
            {
                throw Mismatch(descriptor, "it is longer");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = hash.GetDigest();
        if (actual != descriptor.Digest)
        {
            throw Mismatch(descriptor, $"it hashes to {actual}");
        }
    }

    private static BerthException Mismatch(Descriptor descriptor, string why) =>
        BerthException.InvalidArgument($"blob {descriptor.Digest} ({descriptor.Size} bytes) does not match its descriptor: {why}");
}
