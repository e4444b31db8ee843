using System.Net.Sockets;
using Berth.Platform.Processes;

namespace Berth.Runtime.Conmon;

/// <summary>How an attach session ended.</summary>
public enum AttachOutcome
{
    /// <summary>conmon closed the socket: the container (or exec session) is gone.</summary>
    Ended,
    /// <summary>The detach keys were typed; the container goes on.</summary>
    Detached,
}

/// <summary>
/// A client of conmon's attach socket (SOCK_SEQPACKET). Packets from conmon start with the stream they carry
/// (1 stdin, 2 stdout, 3 stderr — conmon's stdpipe_t); what the client sends is the container's stdin as is, and
/// shutting down the sending side closes that stdin (unless conmon runs with --leave-stdin-open).
/// </summary>
public sealed class AttachSession : IAsyncDisposable
{
    /// <summary>conmon's STDIO_BUF_SIZE plus the stream byte.</summary>
    private const int PacketSize = 8192 + 1;
    private const byte StdoutStream = 2;
    private const byte StderrStream = 3;

    private readonly PacketSocket? packets;
    private Socket? socket;

    private AttachSession(Socket socket) => this.socket = socket;

    private AttachSession(PacketSocket packets) => this.packets = packets;

    /// <summary>The socket for the asynchronous copies (made on first use for a session connected on this thread).</summary>
    private Socket Socket => socket ??= packets!.AsSocket();

    /// <summary>
    /// Connects as podman's openUnixSocket does: the socket file is opened O_PATH and reached through
    /// /proc/self/fd/N, so paths longer than sun_path's 108 bytes work.
    /// </summary>
    public static async Task<AttachSession> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            using var path = NativeSpawn.OpenPath(socketPath);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint($"/proc/self/fd/{path.DangerousGetHandle()}"), cancellationToken).ConfigureAwait(false);
            return new AttachSession(socket);
        }
        catch (Exception e) when (e is BerthException or SocketException)
        {
            socket.Dispose();
            throw new BerthException(ErrorKind.Unavailable, $"failed to connect to container's attach socket: {socketPath}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <see cref="ConnectAsync"/> on this thread (a Unix socket connects at once or fails), for a session that only
    /// copies output (<see cref="CopyOutput"/>): a bare descriptor, so the runtime's socket event thread is not started.
    /// </summary>
    public static AttachSession ConnectOutput(string socketPath)
    {
        try
        {
            return new AttachSession(PacketSocket.Connect(socketPath));
        }
        catch (Exception e) when (e is BerthException or IOException)
        {
            throw new BerthException(ErrorKind.Unavailable, $"failed to connect to container's attach socket: {socketPath}: {e.Message}", e);
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> without stdin, on this thread (poll(2) and read(2) on the socket), for a session made by
    /// <see cref="ConnectOutput"/>: copies the container's output until conmon closes the socket.
    /// </summary>
    public void CopyOutput(Stream stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        var channel = packets ?? throw new InvalidOperationException("a session made by ConnectAsync copies with RunAsync");
        var buffer = new byte[PacketSize];
        using var wait = new DescriptorWait(cancellationToken);
        while (true)
        {
            channel.WaitReadable(wait, Timeout.InfiniteTimeSpan);
            var n = channel.Receive(buffer);
            if (n == 0)
            {
                return;
            }

            if (Target(buffer[0], stdout, stderr) is { } target && n > 1)
            {
                target.Write(buffer, 1, n - 1);
                target.Flush();
            }
        }
    }

    /// <summary>Where a packet of <paramref name="stream"/> goes (conmon's stdpipe_t); null: nowhere.</summary>
    private static Stream? Target(byte stream, Stream stdout, Stream? stderr) => stream switch
    {
        StdoutStream => stdout,
        StderrStream => stderr,
        _ => null,
    };

    /// <summary>
    /// Copies the container's output to <paramref name="stdout"/>/<paramref name="stderr"/> (stderr dropped when
    /// null, as podman does for a stream not attached) and <paramref name="stdin"/> to the container until conmon
    /// closes the socket, or the <paramref name="detachKeys"/> come in on stdin. Stdin's end closes the container's
    /// stdin and keeps copying output. Unlike podman, which only sees keys that arrive one read at a time (a
    /// terminal in raw mode), the keys are found anywhere in the input, and bytes before them are still sent.
    /// </summary>
    public async Task<AttachOutcome> RunAsync(Stream? stdin, Stream stdout, Stream? stderr, ReadOnlyMemory<byte> detachKeys, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = CopyOutputAsync(stdout, stderr, cts.Token);
        if (stdin is null)
        {
            await output.ConfigureAwait(false);
            return AttachOutcome.Ended;
        }

        var input = CopyInputAsync(stdin, detachKeys, cts.Token);
        var first = await Task.WhenAny(output, input).ConfigureAwait(false);
        if (first == output)
        {
            // The container is gone; a read of stdin may never return, so it is left behind, not awaited.
            await cts.CancelAsync().ConfigureAwait(false);
            _ = input.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            await output.ConfigureAwait(false);
            return AttachOutcome.Ended;
        }

        if (await input.ConfigureAwait(false))
        {
            await cts.CancelAsync().ConfigureAwait(false);
            _ = output.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return AttachOutcome.Detached;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // conmon went away at the same moment: the output copy sees it
        }

        await output.ConfigureAwait(false);
        return AttachOutcome.Ended;
    }

    public ValueTask DisposeAsync()
    {
        socket?.Dispose();
        packets?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task CopyOutputAsync(Stream stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[PacketSize];
        while (true)
        {
            int n;
            try
            {
                n = await Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                return;
            }

            if (n == 0)
            {
                return;
            }

            if (Target(buffer[0], stdout, stderr) is { } target && n > 1)
            {
                await target.WriteAsync(buffer.AsMemory(1, n - 1), cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Copies stdin to the socket; true when the detach keys ended it, false at stdin's end.</summary>
    private async Task<bool> CopyInputAsync(Stream stdin, ReadOnlyMemory<byte> detachKeys, CancellationToken cancellationToken)
    {
        var buffer = new byte[PacketSize - 1];
        var forward = new byte[buffer.Length + detachKeys.Length];
        var matched = 0;
        while (true)
        {
            var n = await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (matched > 0)
                {
                    await SendAsync(detachKeys[..matched], cancellationToken).ConfigureAwait(false);
                }

                return false;
            }

            var (count, detached) = DetachMatcher.Feed(buffer.AsSpan(0, n), detachKeys.Span, ref matched, forward);
            if (count > 0)
            {
                await SendAsync(forward.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }

            if (detached)
            {
                return true;
            }
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // One packet per conmon read: keep packets within its buffer.
        for (var offset = 0; offset < data.Length; offset += PacketSize - 1)
        {
            var chunk = data.Slice(offset, Math.Min(PacketSize - 1, data.Length - offset));
            await Socket.SendAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Finds a detach key sequence in a byte stream split into arbitrary reads, holding back a partial match.</summary>
internal static class DetachMatcher
{
    /// <summary>
    /// Appends to <paramref name="forward"/> what should reach the container from <paramref name="input"/>;
    /// <paramref name="matched"/> carries how many keys were seen at the end of the previous read.
    /// </summary>
    public static (int Count, bool Detached) Feed(ReadOnlySpan<byte> input, ReadOnlySpan<byte> keys, ref int matched, Span<byte> forward)
    {
        var count = 0;
        foreach (var b in input)
        {
            if (keys.IsEmpty)
            {
                forward[count++] = b;
                continue;
            }

            if (b == keys[matched])
            {
                if (++matched == keys.Length)
                {
                    matched = 0;
                    return (count, true);
                }

                continue;
            }

            if (matched > 0)
            {
                // The held-back keys were ordinary input after all. (A restart inside them is not searched for:
                // detach sequences are short and rarely self-overlapping.)
                keys[..matched].CopyTo(forward[count..]);
                count += matched;
                matched = 0;
            }

            if (b == keys[0])
            {
                matched = keys.Length == 1 ? 0 : 1;
                if (keys.Length == 1)
                {
                    return (count, true);
                }

                continue;
            }

            forward[count++] = b;
        }

        return (count, false);
    }
}
