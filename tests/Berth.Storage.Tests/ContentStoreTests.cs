using System.Security.Cryptography;
using System.Text;
using Berth.Oci;

namespace Berth.Storage.Tests;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempRoot root = new();
    private readonly Store store;

    public ContentStoreTests()
    {
        store = root.Open("vfs");
    }

    public void Dispose()
    {
        store.Dispose();
        root.Dispose();
    }

    private static Descriptor Describe(byte[] content, string algorithm = "sha256") => new()
    {
        MediaType = MediaTypes.OciLayerGzip,
        Digest = Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(algorithm == "sha256" ? SHA256.HashData(content) : SHA512.HashData(content))}"),
        Size = content.Length,
    };

    [Fact]
    public async Task WriteAsync_MatchingDescriptor_StoresBlobReadableByDigest()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);
        var descriptor = Describe(content);

        var info = await store.Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None);

        Assert.Equal(descriptor.Digest, info.Digest);
        Assert.Equal(content.Length, info.Size);
        Assert.True(store.Content.Exists(descriptor.Digest));
        Assert.Equal(content.Length, store.Content.Info(descriptor.Digest)!.Size);
        await using var read = store.Content.OpenRead(descriptor.Digest);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.True(File.Exists(Path.Combine(root.GraphRoot, "blobs", "sha256", descriptor.Digest.Encoded)));
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_Sha512Descriptor_VerifiesWithSha512()
    {
        var content = Encoding.UTF8.GetBytes("sha512 content");
        var descriptor = Describe(content, "sha512");

        await store.Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(root.GraphRoot, "blobs", "sha512", descriptor.Digest.Encoded)));
    }

    [Fact]
    public async Task WriteAsync_WrongDigest_ThrowsNamingBothDigestsAndLeavesNothing()
    {
        var content = Encoding.UTF8.GetBytes("the real bytes");
        var descriptor = Describe(content) with { Digest = Digest.Compute("other bytes"u8) };

        var e = await Assert.ThrowsAsync<BerthException>(() => store.Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(descriptor.Digest.ToString(), e.Message);
        Assert.Contains(Digest.Compute(content).ToString(), e.Message);
        Assert.False(store.Content.Exists(descriptor.Digest));
        Assert.False(store.Content.Exists(Digest.Compute(content)));
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_TruncatedStream_ThrowsSizeMismatchAndLeavesNothing()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        var descriptor = Describe(content);

        var e = await Assert.ThrowsAsync<BerthException>(() => store.Content.WriteAsync(descriptor, new MemoryStream(content, 0, 6_000), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("expected 10000 bytes, got 6000", e.Message);
        Assert.False(store.Content.Exists(descriptor.Digest));
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_LongerThanDescriptor_ThrowsWithoutReadingEverything()
    {
        var content = RandomNumberGenerator.GetBytes(10_000);
        var descriptor = Describe(content) with { Size = 100 };

        var e = await Assert.ThrowsAsync<BerthException>(() => store.Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None));

        Assert.Contains("expected 100 bytes, got more than 100", e.Message);
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_SourceFailsMidway_PropagatesAndLeavesNothing()
    {
        var content = RandomNumberGenerator.GetBytes(500_000);
        var descriptor = Describe(content);

        await Assert.ThrowsAsync<IOException>(() => store.Content.WriteAsync(descriptor, new FailingStream(content, 200_000), CancellationToken.None));

        Assert.False(store.Content.Exists(descriptor.Digest));
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWritersOfOneDigest_AllSucceedWithOneBlob()
    {
        var content = RandomNumberGenerator.GetBytes(2_000_000);
        var descriptor = Describe(content);
        using var second = root.Open();

        var writes = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? store : second).Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None)));
        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.Equal(content.Length, r.Size));
        Assert.Equal(content, await store.Content.ReadAllBytesAsync(descriptor.Digest, CancellationToken.None));
        Assert.Single(store.Content.Walk());
        Assert.Empty(root.StagingLeftovers());
    }

    [Fact]
    public async Task WriteAsync_BlobPresent_DoesNotReadSource()
    {
        var content = Encoding.UTF8.GetBytes("present");
        var descriptor = Describe(content);
        await store.Content.WriteAsync(descriptor, new MemoryStream(content), CancellationToken.None);

        var info = await store.Content.WriteAsync(descriptor, new FailingStream(content, 0), CancellationToken.None);

        Assert.Equal(content.Length, info.Size);
    }

    [Fact]
    public async Task WriteBytesAsync_SmallDocument_StoresUnderItsSha256()
    {
        var content = Encoding.UTF8.GetBytes("{\"schemaVersion\":2}");

        var info = await store.Content.WriteBytesAsync(content, CancellationToken.None);

        Assert.Equal(Digest.Compute(content), info.Digest);
        Assert.Equal(content, await store.Content.ReadAllBytesAsync(info.Digest, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_StoredBlob_RemovesItFromWalk()
    {
        var a = await store.Content.WriteBytesAsync("a"u8.ToArray(), CancellationToken.None);
        var b = await store.Content.WriteBytesAsync("b"u8.ToArray(), CancellationToken.None);

        Assert.True(store.Content.Delete(a.Digest));

        Assert.False(store.Content.Delete(a.Digest));
        Assert.Equal([b.Digest], store.Content.Walk().Select(c => c.Digest));
    }

    [Fact]
    public void OpenRead_MissingBlob_ThrowsNotFound()
    {
        var e = Assert.Throws<BerthException>(() => store.Content.OpenRead(Digest.Compute("missing"u8)));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    /// <summary>Serves <c>failAfter</c> bytes, then throws an I/O error (a dropped connection).</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= failAfter)
            {
                throw new IOException("connection reset");
            }

            return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - Position)], cancellationToken);
        }
    }
}
