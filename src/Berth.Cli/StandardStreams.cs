using Microsoft.Win32.SafeHandles;

namespace Berth.Cli;

/// <summary>
/// stdout and stderr as plain file streams on descriptors 1 and 2. .NET's console streams initialise the terminal on
/// first write when stdin is one (they send the keypad-transmit sequence <c>ESC[?1h ESC=</c>, which podman never
/// does and which is not undone at exit); these do not. Like the console streams, a reader that went away (EPIPE:
/// <c>berth images | head -1</c>) ends the output quietly instead of failing the command.
/// </summary>
internal static class StandardStreams
{
    /// <summary>stdin as a plain stream (reading it does not switch the terminal's modes either).</summary>
    public static Stream Input() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);

    public static Stream Output() => Open(1);

    public static Stream Error() => Open(2);

    private static PipeSafeStream Open(int descriptor) =>
        new(new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0));

    private sealed class PipeSafeStream(Stream inner) : Stream
    {
        private const int EPIPE = 32;
        private bool _broken;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_broken)
            {
                return;
            }

            try
            {
                inner.Write(buffer);
            }
            catch (IOException e) when (e.HResult == EPIPE)
            {
                _broken = true;
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_broken)
            {
                return;
            }

            try
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.HResult == EPIPE)
            {
                _broken = true;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
