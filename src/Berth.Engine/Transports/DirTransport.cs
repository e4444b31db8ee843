using Berth.Archive;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>The files of containers/image's dir: transport (version 1.1).</summary>
internal static class DirFiles
{
    public const string VersionFile = "version";
    public const string Version = "Directory Transport Version: 1.1\n";
    public const string ManifestFile = "manifest.json";

    /// <summary>A blob's file: the hex of a sha256 digest, <c>algorithm-hex</c> for others.</summary>
    public static string BlobFile(Digest digest) => digest.Algorithm == "sha256" ? digest.Encoded : $"{digest.Algorithm}-{digest.Encoded}";

    /// <summary>An index instance's manifest: <c>&lt;hex&gt;.manifest.json</c>.</summary>
    public static string InstanceFile(Digest digest) => BlobFile(digest) + ".manifest.json";
}

/// <summary>dir: as a source: manifest.json (its media type from the document), blobs by digest, each verified.</summary>
public sealed class DirSource(ImageLocation location) : IImageSource
{
    public ImageLocation Location => location;

    public async Task<RawManifest> GetManifestAsync(Digest? instance, CancellationToken cancellationToken)
    {
        var file = instance is { } d ? DirFiles.InstanceFile(d) : DirFiles.ManifestFile;
        var path = Path.Combine(location.Path!, file);
        if (!File.Exists(path))
        {
            throw new BerthException(ErrorKind.NotFound, $"{location}: {file} does not exist{(instance is null ? " (is this an image directory written by skopeo or berth?)" : "")}");
        }

        if (new FileInfo(path).Length > OciLayoutFiles.MaxMetadataSize)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{location}: {file} is larger than {OciLayoutFiles.MaxMetadataSize} bytes");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var manifest = RawManifest.FromBytes(bytes, null, location.ToString());
        return instance is { } expected && manifest.Digest != expected
            ? throw new BerthException(ErrorKind.InvalidArgument, $"{location}: {file} hashes to {manifest.Digest}, not {expected}")
            : manifest;
    }

    public Task<Stream> GetBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        var path = Path.Combine(location.Path!, DirFiles.BlobFile(blob.Digest));
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream>(new VerifyingReadStream(file, blob.Digest, blob.Size));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BerthException(ErrorKind.NotFound, $"{location}: blob {blob.Digest} is missing");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// dir: as a destination: the directory is made (or emptied when it already holds a dir: image; any other non-empty
/// directory is refused), blobs and manifests are written to temporary names and renamed, the version file last.
/// </summary>
public sealed class DirDestination : IImageDestination
{
    private readonly string _path;

    public DirDestination(ImageLocation location, LayerCompressionPolicy compression)
    {
        Location = location;
        _path = location.Path!;
        Traits = new DestinationTraits
        {
            ManifestTypes = [MediaTypes.OciManifest, MediaTypes.DockerManifest, MediaTypes.OciIndex, MediaTypes.DockerManifestList],
            SupportsIndex = true,
            DefaultCompression = compression,
        };
        Prepare();
    }

    public ImageLocation Location { get; }

    public DestinationTraits Traits { get; }

    public Task<bool> TryReuseBlobAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken)
    {
        var file = new FileInfo(Path.Combine(_path, DirFiles.BlobFile(blob.Digest)));
        return Task.FromResult(file.Exists && file.Length == blob.Size);
    }

    public async Task PutBlobAsync(Descriptor blob, Stream content, CancellationToken cancellationToken)
    {
        var final = Path.Combine(_path, DirFiles.BlobFile(blob.Digest));
        var temporary = $"{final}.tmp-{Guid.NewGuid():N}";
        try
        {
            // The source's stream is verified already (IImageSource's contract): no second hash here.
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: false))
            {
                await content.CopyToAsync(file, 256 * 1024, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, final, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task PutManifestAsync(RawManifest manifest, bool isTop, CancellationToken cancellationToken) =>
        WriteFileAsync(isTop ? DirFiles.ManifestFile : DirFiles.InstanceFile(manifest.Digest), manifest.Bytes, cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        WriteFileAsync(DirFiles.VersionFile, System.Text.Encoding.ASCII.GetBytes(DirFiles.Version), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Prepare()
    {
        if (File.Exists(_path))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{Location}: {_path} is a file, not a directory");
        }

        if (!Directory.Exists(_path))
        {
            Directory.CreateDirectory(_path);
            return;
        }

        var entries = Directory.EnumerateFileSystemEntries(_path).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        if (!File.Exists(Path.Combine(_path, DirFiles.VersionFile)))
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"{Location}: non-empty directory {_path} is not an image directory (it has no version file): name an empty or new directory");
        }

        foreach (var entry in entries)
        {
            if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    private async Task WriteFileAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var final = Path.Combine(_path, name);
        var temporary = $"{final}.tmp-{Guid.NewGuid():N}";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, final, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
