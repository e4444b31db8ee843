using System.Net;
using System.Text;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Registry.Tests;

/// <summary>Behaviour a real registry will not show on demand: paging, 503s, oversized and schema 1 manifests.</summary>
public sealed class FakeServerTests
{
    private static readonly TestImage Image = new TestImageBuilder().Layer(l => l.File("f", "fake\n"), LayerCompression.None).Build();

    private static RegistryClientOptions Fast => new() { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryAfter = TimeSpan.FromSeconds(2) };

    private static Task Ping(HttpListenerContext c) => FakeHttpServer.WriteAsync(c, 200, "{}"u8.ToArray(), "application/json");

    [Fact]
    public async Task GetManifest_503ThenOk_RetriedWithRetryAfter()
    {
        var manifestRequests = 0;
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            if (Interlocked.Increment(ref manifestRequests) <= 2)
            {
                await FakeHttpServer.WriteAsync(c, 503, "busy"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["Retry-After"] = "0" });
                return;
            }

            await FakeHttpServer.WriteAsync(c, 200, Image.ManifestBytes, MediaTypes.OciManifest);
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var manifest = await client.GetManifestAsync("app", "latest", null, CancellationToken.None);

        Assert.Equal(Image.Digest, manifest.Digest);
        Assert.Equal(3, manifestRequests);
    }

    [Fact]
    public async Task GetManifest_Always503_UnavailableAfterThreeAttempts()
    {
        var manifestRequests = 0;
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            Interlocked.Increment(ref manifestRequests);
            await FakeHttpServer.WriteAsync(c, 503, "busy"u8.ToArray(), "text/plain");
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("503", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, manifestRequests);
    }

    [Fact]
    public async Task GetManifest_NotFound_NotRetried()
    {
        var manifestRequests = 0;
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            Interlocked.Increment(ref manifestRequests);
            await FakeHttpServer.WriteAsync(c, 404, """{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"""u8.ToArray(), "application/json");
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Equal($"reading manifest latest in {server.Host}/app: repository name not known to registry", e.Message);
        Assert.Equal(1, manifestRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetManifest_LargerThan4MiB_Refused(bool chunked)
    {
        var big = new byte[RegistryClientOptions.MaxManifestSize + 10];
        big.AsSpan().Fill((byte)' ');
        "{\"schemaVersion\":2}"u8.CopyTo(big);
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            c.Response.StatusCode = 200;
            c.Response.ContentType = MediaTypes.OciManifest;
            if (chunked)
            {
                c.Response.SendChunked = true;
            }
            else
            {
                c.Response.ContentLength64 = big.Length;
            }

            await c.Response.OutputStream.WriteAsync(big);
            c.Response.Close();
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("more than the 4194304 bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaTypes.DockerSchema1Signed)]
    [InlineData("application/json")]
    public async Task GetManifest_Schema1_RefusedWithClearMessage(string contentType)
    {
        var schema1 = Encoding.UTF8.GetBytes("""{"schemaVersion":1,"name":"app","tag":"latest","fsLayers":[{"blobSum":"sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}]}""");
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            await FakeHttpServer.WriteAsync(c, 200, schema1, contentType);
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.StartsWith("manifest schema 1 images are not supported: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_WrongDockerContentDigest_Refused()
    {
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            await FakeHttpServer.WriteAsync(c, 200, Image.ManifestBytes, MediaTypes.OciManifest,
                new Dictionary<string, string> { ["Docker-Content-Digest"] = "sha256:" + new string('0', 64) });
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));
        var byDigest = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "sha256:" + new string('1', 64), null, CancellationToken.None));

        Assert.Contains("manifest digest mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("manifest digest mismatch: requested sha256:1111", byDigest.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_NotARegistry_UnavailableWithStatus()
    {
        using var server = new FakeHttpServer(c => FakeHttpServer.WriteAsync(c, 404, "<html>no</html>"u8.ToArray(), "text/html"));
        using var client = new RegistryClient(server.Endpoint, Fast);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Equal($"pinging container registry {server.Host}: received unexpected HTTP status: 404 Not Found (is {server.Host} a container registry?)", e.Message);
    }

    [Fact]
    public async Task ListTags_LinkHeaderPages_AllFollowed()
    {
        var pages = new Dictionary<string, (string Body, string? Next)>
        {
            ["/v2/app/tags/list?n=2"] = ("""{"name":"app","tags":["a","b"]}""", "</v2/app/tags/list?last=b&n=2>; rel=\"next\""),
            ["/v2/app/tags/list?last=b&n=2"] = ("""{"name":"app","tags":["c","d"]}""", "</v2/app/tags/list?last=d&n=2>; rel=\"next\""),
            ["/v2/app/tags/list?last=d&n=2"] = ("""{"name":"app","tags":["e"]}""", null),
        };
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            var (body, next) = pages[c.Request.Url.PathAndQuery];
            var headers = new Dictionary<string, string>();
            if (next is not null)
            {
                headers["Link"] = next;
            }

            await FakeHttpServer.WriteAsync(c, 200, Encoding.UTF8.GetBytes(body), "application/json", headers);
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        var tags = await client.ListTagsAsync("app", 2, CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d", "e"], tags);
    }

    [Fact]
    public async Task GetBlob_ConnectionDropsMidway_ResumesWithRange()
    {
        var blob = TestBlob.Random(100_000, seed: 5);
        var ranges = new List<string?>();
        using var server = new FakeHttpServer(async c =>
        {
            if (c.Request.Url!.AbsolutePath == "/v2/")
            {
                await Ping(c);
                return;
            }

            var range = c.Request.Headers["Range"];
            lock (ranges)
            {
                ranges.Add(range);
            }

            if (range is null)
            {
                // Promise everything, send 40 000 bytes, then cut the connection.
                c.Response.StatusCode = 200;
                c.Response.ContentLength64 = blob.Content.Length;
                await c.Response.OutputStream.WriteAsync(blob.Content.AsMemory(0, 40_000));
                await c.Response.OutputStream.FlushAsync();
                c.Response.Abort();
                return;
            }

            var from = int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            c.Response.StatusCode = 206;
            c.Response.Headers["Content-Range"] = $"bytes {from}-{blob.Content.Length - 1}/{blob.Content.Length}";
            c.Response.ContentLength64 = blob.Content.Length - from;
            await c.Response.OutputStream.WriteAsync(blob.Content.AsMemory(from));
            c.Response.Close();
        });
        using var client = new RegistryClient(server.Endpoint, Fast);

        await using var stream = await client.GetBlobAsync("app", blob.Descriptor, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(blob.Content, copy.ToArray());
        Assert.Equal(2, ranges.Count);
        Assert.StartsWith("bytes=", ranges[1], StringComparison.Ordinal);
    }
}
