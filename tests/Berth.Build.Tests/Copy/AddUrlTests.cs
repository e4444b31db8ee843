using System.Security.Cryptography;
using System.Text;
using Berth.Build.Copy;

namespace Berth.Build.Tests.Copy;

/// <summary>ADD of http(s) URLs against a loopback server (never the internet), with podman 4.3.1's facts.</summary>
public sealed class AddUrlTests : IAsyncLifetime, IDisposable
{
    private const string LastModified = "Thu, 06 May 2010 07:08:09 GMT";
    private static readonly CopyOptions Add = new() { IsAdd = true };
    private readonly CopySandbox _box = new();
    private readonly LoopbackHttpServer _server = new();

    public Task InitializeAsync()
    {
        _server.Add("/file.txt", "served\n", LastModified);
        _server.Add("/sub/", "index\n");
        _server.Add("/plain.tar.gz", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Copy", "Golden", "podman-4.3", "archives", "plain.tar.gz")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task CopyAsync_UrlIntoDirectory_NamedFromPathMode0600MtimeFromLastModified()
    {
        await _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt?x=1"))], "/u/", Add);

        var status = _box.Stat("/u/file.txt");
        Assert.Equal("served\n", _box.Read("/u/file.txt"));
        Assert.Equal(0b110_000_000u, status.Permissions);
        Assert.Equal(1273129689, status.ModificationTime.Seconds);
        Assert.Equal((0u, 0u), (status.Uid, status.Gid));
    }

    [Fact]
    public async Task CopyAsync_UrlToPathWithoutSlash_IsThatFile()
    {
        await _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/u2", Add);

        Assert.Equal("served\n", _box.Read("/u2"));
    }

    [Fact]
    public async Task CopyAsync_UrlPathEndingInSlash_NamedAfterLastElementWithNowAsMtime()
    {
        var now = CopySandbox.Utc(2020, 5, 5);
        await _box.CopyAsync([new UrlCopySource(_server.Url("/sub/"))], "/u6/", Add with { Now = now });

        Assert.Equal("index\n", _box.Read("/u6/sub"));
        Assert.Equal(now.ToUnixTimeSeconds(), _box.Stat("/u6/sub").ModificationTime.Seconds);
    }

    [Fact]
    public async Task CopyAsync_UrlWithChownAndChmod_AppliesBoth()
    {
        await _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/u5/", Add with { Chown = "alice", Chmod = 0b111_101_101 });

        var status = _box.Stat("/u5/file.txt");
        Assert.Equal(0b111_101_101u, status.Permissions);
        Assert.Equal((1001u, 1002u), (status.Uid, status.Gid));
        Assert.Equal((1001u, 1002u), (_box.Stat("/u5").Uid, _box.Stat("/u5").Gid));
    }

    [Fact]
    public async Task CopyAsync_UrlArchive_IsNeverExtracted()
    {
        await _box.CopyAsync([new UrlCopySource(_server.Url("/plain.tar.gz"))], "/u3/", Add);

        Assert.Equal(266, _box.Stat("/u3/plain.tar.gz").Size);
        Assert.Null(_box.TryStat("/u3/top"));
    }

    [Fact]
    public async Task CopyAsync_UrlNotFound_FailsWithPodmanMessageAndWritesNothing()
    {
        var url = _server.Url("/missing.txt");

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync([new UrlCopySource(url)], "/m/", Add));

        Assert.Equal($"reading \"{url}\": invalid response status 404", e.Message);
        Assert.Null(_box.TryStat("/m"));
    }

    [Fact]
    public async Task CopyAsync_ChecksumMatches_Writes()
    {
        var checksum = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("served\n")));

        await _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/ok/", Add with { Checksum = checksum });

        Assert.Equal("served\n", _box.Read("/ok/file.txt"));
    }

    [Fact]
    public async Task CopyAsync_ChecksumMismatch_FailsBeforeWritingAnything()
    {
        var wrong = "sha256:" + new string('0', 64);

        var e = await Assert.ThrowsAsync<BerthException>(() =>
            _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/bad/deep/", Add with { Checksum = wrong }));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Null(_box.TryStat("/bad"));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task CopyAsync_MalformedChecksum_FailsWithoutDownloading(string checksum)
    {
        await Assert.ThrowsAsync<BerthException>(() =>
            _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/c/", Add with { Checksum = checksum }));

        Assert.Equal(0, _server.Requests);
        Assert.Null(_box.TryStat("/c"));
    }

    [Fact]
    public async Task CopyAsync_ChecksumWithLocalSource_Fails()
    {
        _box.ContextFile("f", "x");

        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync("/f", Add with { Checksum = "sha256:" + new string('0', 64) }, "f"));

        Assert.Equal("checksum can't be specified for non-HTTP(S) sources", e.Message);
    }

    [Fact]
    public async Task CopyAsync_UrlWithCopy_FailsWithPodmanMessage()
    {
        var e = await Assert.ThrowsAsync<BerthException>(() => _box.CopyAsync([new UrlCopySource(_server.Url("/file.txt"))], "/c/", new CopyOptions()));

        Assert.Equal("source can't be a URL for COPY", e.Message);
        Assert.Equal(0, _server.Requests);
    }
}
