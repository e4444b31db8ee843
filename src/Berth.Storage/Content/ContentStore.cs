using System.Buffers;
using System.Security.Cryptography;
using Berth.Oci;
using Berth.Platform;
using Berth.Storage.Staging;

namespace Berth.Storage.Content;

/// <summary>
/// Verified blobs by digest (<c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>, the blobs directory of an OCI image layout), kept
/// exactly as fetched so that push and save are byte-exact.
/// <para>
/// Lifecycle of a write: the bytes stream into a staging file (<c>tmp/blob.…</c>) while being hashed with the
/// algorithm the expected digest names; the file is fsynced; size and digest are compared with the descriptor; only then
/// is it renamed into place and the directory fsynced. A blob under <c>blobs/</c> is therefore always complete and
/// verified; a killed writer leaves at most a staging file, removed on the next open. Writers of the same digest do not
/// conflict: whoever renames first wins, a later writer finds the blob and discards its copy.
/// </para>
/// </summary>
public sealed class ContentStore
{
    private const int BufferSize = 128 * 1024;
    private readonly StoreLayout layout;
    private readonly StagingArea staging;

    internal ContentStore(StoreLayout layout, StagingArea staging)
    {
        this.layout = layout;
        this.staging = staging;
    }

    /// <summary>Whether the blob is in the store.</summary>
    public bool Exists(Digest digest) => File.Exists(layout.BlobPath(digest));

    /// <summary>Size and write time of a blob, or null when it is not in the store.</summary>
    public ContentInfo? Info(Digest digest)
    {
        var file = new FileInfo(layout.BlobPath(digest));
        return file.Exists ? new ContentInfo(digest, file.Length, file.LastWriteTimeUtc) : null;
    }

    /// <summary>The path of a stored blob (for hard-linking into an OCI layout, say); the file must not be modified.</summary>
    public string PathOf(Digest digest) => layout.BlobPath(digest);

    /// <summary>Opens a stored blob for reading.</summary>
    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(layout.BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(digest);
        }
        catch (DirectoryNotFoundException)
        {
            throw NotFound(digest);
        }
    }

    /// <summary>Reads a small stored blob (a manifest, a config) whole.</summary>
    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(layout.BlobPath(digest), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw NotFound(digest);
        }
        catch (DirectoryNotFoundException)
        {
            throw NotFound(digest);
        }
    }

    /// <summary>
    /// Stores the bytes of <paramref name="source"/> as the blob <paramref name="expected"/> describes, verifying its size
    /// and digest before it becomes visible. When the blob is present already, the source is not read. A mismatch throws
    /// <see cref="ErrorKind.InvalidArgument"/> naming what was expected and what arrived, and leaves nothing behind.
    /// </summary>
    public async Task<ContentInfo> WriteAsync(Descriptor expected, Stream source, CancellationToken cancellationToken)
    {
        var digest = expected.Digest;
        if (digest.IsDefault)
        {
            throw BerthException.InvalidArgument("cannot store a blob without a digest");
        }

        if (expected.Size < 0)
        {
            throw BerthException.InvalidArgument($"blob {digest}: invalid size {expected.Size}");
        }

        var existing = Info(digest);
        if (existing is not null && existing.Size == expected.Size)
        {
            return existing;
        }

        var temp = staging.NewPath("blob");
        try
        {
            var (actual, size) = await CopyHashingAsync(source, temp, digest.Algorithm, expected.Size, cancellationToken).ConfigureAwait(false);
            if (size != expected.Size || actual != digest)
            {
                var what = size != expected.Size
                    ? $"expected {expected.Size} bytes, got {(size > expected.Size ? "more than " + expected.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) : size.ToString(System.Globalization.CultureInfo.InvariantCulture))}"
                    : $"expected digest {digest}, got {actual}";
                throw BerthException.InvalidArgument($"blob {digest} failed verification: {what}; the source is corrupt or truncated, try again");
            }

            FaultInjection.At(FaultInjection.BlobWritten);
            return Commit(digest, temp, size);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores a small document (a manifest, a config) and returns its descriptor-ready digest and size.</summary>
    public async Task<ContentInfo> WriteBytesAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken, string algorithm = "sha256")
    {
        var hash = algorithm switch
        {
            "sha256" => SHA256.HashData(content.Span),
            "sha512" => SHA512.HashData(content.Span),
            _ => throw BerthException.InvalidArgument($"unsupported digest algorithm \"{algorithm}\""),
        };
        var digest = Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(hash)}");
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        var descriptor = new Descriptor { MediaType = "application/octet-stream", Digest = digest, Size = content.Length };
        return await WriteAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a blob; false when it was not there. Callers make sure no image refers to it.</summary>
    public bool Delete(Digest digest)
    {
        var path = layout.BlobPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Every blob in the store (for garbage collection and <c>system df</c>).</summary>
    public IEnumerable<ContentInfo> Walk()
    {
        if (!Directory.Exists(layout.BlobsDirectory))
        {
            yield break;
        }

        foreach (var algorithmDir in Directory.EnumerateDirectories(layout.BlobsDirectory))
        {
            var algorithm = Path.GetFileName(algorithmDir);
            foreach (var file in new DirectoryInfo(algorithmDir).EnumerateFiles("*", Tree.AllEntries))
            {
                if (Digest.TryParse($"{algorithm}:{file.Name}", out var digest))
                {
                    yield return new ContentInfo(digest, file.Length, file.LastWriteTimeUtc);
                }
            }
        }
    }

    private static async Task<(Digest Digest, long Size)> CopyHashingAsync(Stream source, string temp, string algorithm, long limit, CancellationToken cancellationToken)
    {
        using var hash = algorithm switch
        {
            "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
            _ => throw BerthException.InvalidArgument($"unsupported digest algorithm \"{algorithm}\""),
        };
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(temp, options);
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                size += read;
                if (size > limit)
                {
                    // More than the descriptor allows: stop reading a possibly endless stream.
                    return (default, size);
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var digest = Digest.Parse($"{algorithm}:{Convert.ToHexStringLower(hash.GetHashAndReset())}");
        return (digest, size);
    }

    private ContentInfo Commit(Digest digest, string temp, long size)
    {
        var directory = layout.BlobDirectory(digest.Algorithm);
        StoreLayout.EnsureDirectory(directory);
        var final = layout.BlobPath(digest);
        var existing = Info(digest);
        if (existing is not null && existing.Size == size)
        {
            // Another writer got there first; its copy is just as verified as ours.
            return existing;
        }

        File.Move(temp, final, overwrite: true);
        UnixFileSystem.FlushDirectory(directory);
        return Info(digest) ?? throw new BerthException(ErrorKind.Internal, $"blob {digest} vanished right after it was written");
    }

    private static BerthException NotFound(Digest digest) => BerthException.NotFound($"blob {digest} is not in the content store");
}
