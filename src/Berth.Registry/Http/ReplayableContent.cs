using System.Net;

namespace Berth.Registry;

/// <summary>
/// Request content that opens a fresh stream from a factory each time it is sent, so a retried or re-authenticated
/// upload sends the whole body again instead of a half-read stream.
/// </summary>
internal sealed class ReplayableContent : HttpContent
{
    private readonly Func<Stream> _open;
    private readonly long _length;

    public ReplayableContent(Func<Stream> open, long length, string contentType)
    {
        _open = open;
        _length = length;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        Headers.ContentLength = length;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = _open();
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > _length)
                {
                    throw BerthException.InvalidArgument($"blob content is longer than the {_length} bytes its descriptor says");
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            if (total != _length)
            {
                throw BerthException.InvalidArgument($"blob content is {total} bytes, its descriptor says {_length}");
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
