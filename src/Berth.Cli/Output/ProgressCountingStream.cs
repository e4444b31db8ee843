namespace Berth.Cli.Output;

/// <summary>
/// A read-only pass-through that counts the bytes read into a <see cref="ProgressBlob"/> (blobs download in parallel,
/// so the count is atomic) and tells the view when the transfer is over (disposed: finished or failed).
/// </summary>
internal sealed class ProgressCountingStream(Stream inner, ProgressBlob blob, Action<ProgressBlob> ended) : Stream
{
    private int disposed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref disposed, 1) == 0)
        {
            inner.Dispose();
            ended(blob);
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            ended(blob);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Count(int read)
    {
        blob.Add(read);
        return read;
    }
}
