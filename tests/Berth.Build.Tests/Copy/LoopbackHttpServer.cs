using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Berth.Build.Tests.Copy;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 for ADD URL tests: fixed routes, one request per connection.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, (int Status, byte[] Body, string? LastModified)> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Requests { get; private set; }

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{pathAndQuery}");

    public void Add(string path, string body, string? lastModified = null, int status = 200) =>
        _routes[path] = (status, Encoding.UTF8.GetBytes(body), lastModified);

    public void Add(string path, byte[] body) => _routes[path] = (200, body, null);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            Requests++;
            var target = request.ToString().Split(' ')[1];
            var path = target.Split('?')[0];
            var (status, body, lastModified) = _routes.TryGetValue(path, out var route) ? route : (404, "not found"u8.ToArray(), null);
            var head = new StringBuilder($"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
            if (lastModified is not null)
            {
                head.Append($"Last-Modified: {lastModified}\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
    }
}
