using System.Runtime.InteropServices;
using Berth.Platform.Interop;

namespace Berth.Platform;

/// <summary>
/// A stream over an inherited descriptor (standard input, output, error) with read(2)/write(2) semantics: the shared
/// file offset moves, so output redirected to a file interleaves correctly with the shell's and other writers' (a
/// .NET FileStream over a regular file writes with pwrite at its own cached position). A broken pipe ends writing
/// quietly (the reader went away, like `berth images | head`).
/// </summary>
public sealed class DescriptorStream(int descriptor, bool readable) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;
    private const int EPIPE = 32;
    private bool broken;

    public override bool CanRead => readable;

    public override bool CanSeek => false;

    public override bool CanWrite => !readable;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override unsafe int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.Read(descriptor, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                if (errno == EAGAIN)
                {
                    Thread.Sleep(10);
                    continue;
                }

                throw new IOException($"reading descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads on the thread pool: a blocking read(2) must not hold the caller's thread.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => Read(buffer.Span), cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var p = start;
            var left = buffer.Length;
            while (left > 0 && !broken)
            {
                var n = Libc.Write(descriptor, p, (nuint)left);
                if (n >= 0)
                {
                    p += n;
                    left -= (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                if (errno == EAGAIN)
                {
                    Thread.Sleep(1);
                    continue;
                }

                if (errno == EPIPE)
                {
                    broken = true;
                    return;
                }

                throw new IOException($"writing descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
