using System.Net;
using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Registry;

/// <summary>
/// A blob download that checks what it delivers: it hashes every byte read, fails as soon as more bytes arrive than
/// the descriptor's size, and at the end fails unless size and digest match. The consumer must read to the end
/// (or dispose early and throw the result away). When the connection breaks mid-way, <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>
/// resumes with an HTTP Range request if the registry supports it.
/// </summary>
internal sealed class VerifyingBlobStream : Stream
{
    private const int MaxResumes = 3;
    private readonly Descriptor _expected;
    private readonly string _operation;
    private readonly Func<long, CancellationToken, Task<HttpResponseMessage?>> _resume;
    private readonly IncrementalHash _hash;
    private HttpResponseMessage _response;
    private Stream _body;
    private long _position;
    private int _resumes;
    private bool _verified;

    public VerifyingBlobStream(
        HttpResponseMessage response, Stream body, Descriptor expected, string operation, Func<long, CancellationToken, Task<HttpResponseMessage?>> resume)
    {
        _response = response;
        _body = body;
        _expected = expected;
        _operation = operation;
        _resume = resume;
        _hash = IncrementalHash.CreateHash(DigestHashing.AlgorithmOf(expected.Digest));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expected.Size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _body.Read(buffer);
        return Account(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int read;
            try
            {
                read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested && _position > 0 && _position < _expected.Size && _resumes < MaxResumes)
            {
                if (!await ResumeAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }

                continue;
            }

            return Account(buffer.Span[..read]);
        }
    }

    private async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        _resumes++;
        HttpResponseMessage? next;
        try
        {
            next = await _resume(_position, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BerthException or HttpRequestException or IOException)
        {
            return false;
        }

        if (next is null)
        {
            return false;
        }

        var range = next.Content.Headers.ContentRange;
        if (next.StatusCode != HttpStatusCode.PartialContent || range?.From != _position)
        {
            next.Dispose();
            return false;
        }

        var body = await next.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _response = next;
        _body = body;
        return true;
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            Verify();
            return 0;
        }

        _position += data.Length;
        if (_position > _expected.Size)
        {
            throw Mismatch($"size mismatch: more than the expected {_expected.Size} bytes");
        }

        _hash.AppendData(data);
        return data.Length;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        if (_position != _expected.Size)
        {
            throw Mismatch($"size mismatch: got {_position} bytes, expected {_expected.Size}");
        }

        var actual = DigestHashing.Finish(_hash, _expected.Digest.Algorithm);
        if (actual != _expected.Digest)
        {
            throw Mismatch($"digest mismatch: expected {_expected.Digest}, got {actual} (the registry served corrupted content)");
        }

        _verified = true;
    }

    private BerthException Mismatch(string detail) => new(ErrorKind.Internal, $"{_operation}: {detail}");

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
            _body.Dispose();
            _response.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
