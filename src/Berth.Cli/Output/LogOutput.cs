using Berth.Runtime.Logs;

namespace Berth.Cli.Output;

/// <summary>
/// Where <c>logs</c> writes: stdout lines to stdout and stderr lines to stderr, as bytes (a log need not be UTF-8).
/// Both streams are buffered; the other one is flushed before a stream switch so the two keep the log's order on a
/// shared terminal, and with <c>autoFlush</c> (following) every line goes out at once.
/// </summary>
public sealed class LogOutput(Stream stdout, Stream stderr, bool autoFlush) : IAsyncDisposable
{
    private readonly BufferedStream _out = new(stdout, 64 * 1024);
    private readonly BufferedStream _err = new(stderr, 64 * 1024);
    private BufferedStream? _last;

    public async ValueTask WriteAsync(LogEntry entry, byte[] bytes, CancellationToken cancellationToken)
    {
        var target = entry.Stream == LogStream.Stderr ? _err : _out;
        if (_last is not null && _last != target)
        {
            await _last.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _last = target;
        await target.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (autoFlush)
        {
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _out.FlushAsync().ConfigureAwait(false);
        await _err.FlushAsync().ConfigureAwait(false);
        await _out.DisposeAsync().ConfigureAwait(false);
        await _err.DisposeAsync().ConfigureAwait(false);
    }
}
