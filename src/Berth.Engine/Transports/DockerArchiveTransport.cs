using System.Text.Json;
using Berth.Archive;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>
/// docker-archive: as a source: the image the reference (or @index, or being the only one) picks, presented as a Docker
/// schema 2 manifest whose layers are the archive's tars (digest = diff ID for uncompressed ones, as containers/image
/// does), every byte verified.
/// </summary>
public sealed class DockerArchiveSource : IImageSource
{
    private const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";
    private readonly DockerArchiveReader _reader;
    private readonly DockerArchiveManifestItem _item;
    private readonly Dictionary<Digest, int> _layerIndex = [];
    private byte[]? _config;
    private RawManifest? _manifest;

    private DockerArchiveSource(ImageLocation location, DockerArchiveReader reader, DockerArchiveManifestItem item)
    {
        Location = location;
        _reader = reader;
        _item = item;
    }

    public ImageLocation Location { get; }

    /// <summary>The names the archive records for the chosen image.</summary>
    public IReadOnlyList<string> RepoTags => _item.RepoTags ?? [];

    public static async Task<DockerArchiveSource> OpenAsync(ImageLocation location, string temporaryDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(location.Path))
        {
            throw new BerthException(ErrorKind.NotFound, $"{location}: open {location.Path}: no such file or directory");
        }

        var reader = await DockerArchiveReader.OpenAsync(location.Path!, temporaryDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            DockerArchiveManifestItem item;
            if (location.ArchiveIndex is { } index)
            {
                item = index < reader.Items.Count
                    ? reader.Items[index]
                    : throw new BerthException(ErrorKind.NotFound, $"{location}: invalid source index @{index}, only {reader.Items.Count} manifest items available");
            }
            else
            {
                item = reader.Choose(location.Reference);
            }

            return new DockerArchiveSource(location, reader, item);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        if (instance is not null)
        {
            throw new BerthException(ErrorKind.NotFound, $"{Location}: a docker-archive holds no manifest lists");
        }

        if (_manifest is not null)
        {
            return _manifest;
        }

        _config = await _reader.ReadConfigAsync(_item, cancellationToken).ConfigureAwait(false);
        var config = Images.ImageDocuments.ParseConfig(_config, $"{Location}: image config");
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != _item.Layers.Count)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{Location}: the config lists {diffIds.Count} layers but manifest.json has {_item.Layers.Count}");
        }

        var layers = new List<Descriptor>();
        for (var i = 0; i < diffIds.Count; i++)
        {
            layers.Add(await DescribeLayerAsync(i, diffIds[i], cancellationToken).ConfigureAwait(false));
        }

        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = Digest.Compute(_config), Size = _config.Length },
            Layers = layers,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
        _manifest = new RawManifest(bytes, MediaTypes.DockerManifest, Digest.Compute(bytes));
        return _manifest;
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        if (_config is not null && blob.Digest == Digest.Compute(_config))
        {
            return Task.FromResult<Stream>(new MemoryStream(_config, writable: false));
        }

        return _layerIndex.TryGetValue(blob.Digest, out var i)
            ? Task.FromResult<Stream>(new VerifyingReadStream(_reader.OpenLayer(_item, i), blob.Digest, blob.Size))
            : throw new BerthException(ErrorKind.NotFound, $"{Location}: no blob {blob.Digest} in the archive");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Descriptor> DescribeLayerAsync(int i, Digest diffId, CancellationToken cancellationToken)
    {
        var size = _reader.LayerSize(_item, i);
        var prefix = new byte[Decompression.MagicLength];
        int got;
        await using (var peek = _reader.OpenLayer(_item, i))
        {
            got = await peek.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        var compression = Decompression.Detect(prefix.AsSpan(0, got));
        Digest digest = diffId;
        if (compression != LayerCompression.None)
        {
            // A compressed tar (Docker 25's OCI hybrid may hold them): its blob digest is the hash of the stored bytes.
            await using var stream = _reader.OpenLayer(_item, i);
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var buffer = new byte[128 * 1024];
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, n);
            }

            digest = Digest.FromSha256Bytes(sha.GetHashAndReset());
        }

        _layerIndex[digest] = i;
        return new Descriptor
        {
            MediaType = compression switch
            {
                LayerCompression.None => DockerLayerTar,
                LayerCompression.Zstd => MediaTypes.OciLayerZstd,
                _ => MediaTypes.DockerLayerGzip,
            },
            Digest = digest,
            Size = size,
        };
    }
}

/// <summary>
/// docker-archive: as a destination: one image; the copier sends uncompressed layers (their digests are the diff IDs),
/// spooled in a temporary directory until the manifest arrives; then the archive is written to a temporary file that
/// replaces the target on commit.
/// </summary>
public sealed class DockerArchiveDestination : IImageDestination
{
    private readonly string _spool;
    private readonly string _temporary;
    private readonly IReadOnlyList<string> _repoTags;
    private bool _written;
    private bool _committed;

    public DockerArchiveDestination(ImageLocation location, IReadOnlyList<string> repoTags, string temporaryDirectory)
    {
        Location = location;
        _repoTags = repoTags;
        Directory.CreateDirectory(temporaryDirectory);
        _spool = Path.Combine(temporaryDirectory, $"berth-docker-archive-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_spool);
        var full = Path.GetFullPath(location.Path!);
        _temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.berth-{Guid.NewGuid():N}");
    }

    public ImageLocation Location { get; }

    public DestinationTraits Traits { get; } = new()
    {
        ManifestTypes = [MediaTypes.DockerManifest],
        DefaultCompression = LayerCompressionPolicy.Decompress,
    };

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(SpoolPath(blob.Digest)));

    public async Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        var path = SpoolPath(blob.Digest);
        await using var file = new FileStream(path + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 0, useAsync: false);
        // Verified by the source as it is read, and the layers again against their diff IDs when the archive is written.
        await content.CopyToAsync(file, 256 * 1024, cancellationToken).ConfigureAwait(false);

        await file.DisposeAsync().ConfigureAwait(false);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public async Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken)
    {
        if (!isTop || manifest.IsIndex)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{Location}: a docker-archive holds single images, not manifest lists: choose one image (drop --all)");
        }

        var parsed = Images.ImageDocuments.ParseManifest(manifest.Bytes, $"manifest for {Location}");
        var config = await File.ReadAllBytesAsync(SpoolPath(parsed.Config.Digest), cancellationToken).ConfigureAwait(false);
        var layers = parsed.Layers.Select(l => new DockerArchiveLayer(l.Digest, l.Size,
            _ => Task.FromResult<Stream>(new FileStream(SpoolPath(l.Digest), FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.SequentialScan)))).ToList();
        await using var output = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var writer = new DockerArchiveWriter(output))
        {
            await writer.AddImageAsync(config, layers, _repoTags, cancellationToken).ConfigureAwait(false);
            await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        }

        output.Flush(flushToDisk: true);
        _written = true;
    }

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        if (!_written)
        {
            throw new BerthException(ErrorKind.Internal, $"{Location}: nothing to commit");
        }

        File.Move(_temporary, Location.Path!, overwrite: true);
        _committed = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_spool, recursive: true);
        if (!_committed)
        {
            File.Delete(_temporary);
        }

        return ValueTask.CompletedTask;
    }

    private string SpoolPath(Digest digest) => Path.Combine(_spool, digest.Encoded);
}
