using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>
/// Reads a blob and proves it is the one its descriptor names: more bytes than the size fail at once, and at the end
/// the size and the digest (sha256 or sha512) must match, or reading throws instead of returning the end.
/// </summary>
public sealed class VerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long _size;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash _hash;
    private long _read;
    private bool _verified;

    public VerifyingReadStream(Stream inner, Digest expected, long size, bool leaveOpen = false)
    {
        _inner = inner;
        _expected = expected;
        _size = size;
        _leaveOpen = leaveOpen;
        _hash = IncrementalHash.CreateHash(expected.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _size;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, n);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> buffer, int n)
    {
        if (n > 0)
        {
            _read += n;
            if (_read > _size)
            {
                throw Corrupt($"it is longer than the {_size} bytes its descriptor says");
            }

            _hash.AppendData(buffer[..n]);
            return n;
        }

        if (!_verified && buffer.Length > 0)
        {
            _verified = true;
            if (_read != _size)
            {
                throw Corrupt($"it has {_read} bytes, its descriptor says {_size}");
            }

            Span<byte> hash = stackalloc byte[64];
            var length = _hash.GetHashAndReset(hash);
            var actual = Convert.ToHexStringLower(hash[..length]);
            if (actual != _expected.Encoded)
            {
                throw Corrupt($"its content hashes to {_expected.Algorithm}:{actual}");
            }
        }

        return 0;
    }

    private BerthException Corrupt(string why) =>
        BerthException.InvalidArgument($"blob {_expected} is corrupt or not the one named: {why}; refusing it");
}
