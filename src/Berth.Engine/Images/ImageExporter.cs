using Berth.Archive;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Archive formats of <c>save</c>.</summary>
public enum SaveFormat
{
    DockerArchive,
    OciArchive,

    /// <summary>An OCI layout directory (oci:).</summary>
    OciDir,

    /// <summary>A dir: directory with a Docker schema 2 manifest.</summary>
    DockerDir,
}

/// <summary>
/// podman save: images written from the store as they are — original compressed blobs for oci-archive (exact
/// manifests and digests), uncompressed layers (diff IDs verified while copied) for docker-archive.
/// </summary>
public sealed class ImageExporter(ImageService images)
{
    public static SaveFormat ParseFormat(string text) => text switch
    {
        "docker-archive" => SaveFormat.DockerArchive,
        "oci-archive" => SaveFormat.OciArchive,
        "oci-dir" => SaveFormat.OciDir,
        "docker-dir" => SaveFormat.DockerDir,
        _ => throw new BerthException(ErrorKind.InvalidArgument,
            $"unsupported format \"{text}\" for image save: use docker-archive, oci-archive, oci-dir or docker-dir"),
    };

    /// <summary>
    /// save --format oci-dir|docker-dir: one image into a directory through the copier (oci-dir keeps the original
    /// blobs under the image's name; docker-dir converts to Docker schema 2; --compress compresses layers of docker-dir).
    /// </summary>
    public async Task SaveDirectoryAsync(string name, SaveFormat format, string path, bool compress, IPullProgress progress, CancellationToken cancellationToken)
    {
        var image = images.Find(name);
        var tags = RepoTags(name, image);
        var source = new Transports.StoreSource(new Transports.ImageLocation { Transport = Transports.TransportKind.ContainersStorage, Reference = image.Id }, images, image);
        await using (source.ConfigureAwait(false))
        {
            Transports.IImageDestination destination = format == SaveFormat.OciDir
                ? new Transports.OciLayoutDestination(
                    new Transports.ImageLocation { Transport = Transports.TransportKind.Oci, Path = path, Reference = tags.Count > 0 ? tags[0] : null },
                    await OciLayoutDirectory.CreateAsync(path, cancellationToken).ConfigureAwait(false))
                : new Transports.DirDestination(new Transports.ImageLocation { Transport = Transports.TransportKind.Dir, Path = path },
                    compress ? Transports.LayerCompressionPolicy.Compress : Transports.LayerCompressionPolicy.Preserve);
            await using (destination.ConfigureAwait(false))
            {
                var options = new Transports.CopyOptions
                {
                    ManifestType = format == SaveFormat.OciDir ? MediaTypes.OciManifest : MediaTypes.DockerManifest,
                    TemporaryDirectory = images.Engine.Settings.TmpDir,
                };
                await new Transports.ImageCopier(options, progress).CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <param name="extraTags">More names recorded for the (one) image in a docker-archive (podman save without -m).</param>
    public async Task SaveAsync(IReadOnlyList<string> names, SaveFormat format, Stream output, CancellationToken cancellationToken, IReadOnlyList<string>? extraTags = null)
    {
        var store = images.Store;
        var resolved = names.Select(n => (Name: n, Image: images.Find(n))).ToList();
        if (format == SaveFormat.DockerArchive)
        {
            using var writer = new DockerArchiveWriter(output);
            foreach (var (name, image) in resolved)
            {
                var config = await store.Content.ReadAllBytesAsync(Digest.Parse("sha256:" + image.Id), cancellationToken).ConfigureAwait(false);
                var manifest = await ManifestAsync(image, cancellationToken).ConfigureAwait(false);
                var sizes = images.LayerSizes(image);
                var layers = manifest.Layers.Select((blob, i) => new DockerArchiveLayer(
                    image.Config.RootFs.DiffIds[i],
                    sizes[i],
                    _ => Task.FromResult(Decompression.Open(store.Content.OpenRead(blob.Digest), MediaTypes.CompressionOf(blob.MediaType), leaveOpen: false)))).ToList();
                await writer.AddImageAsync(config, layers, [.. RepoTags(name, image), .. extraTags ?? []], cancellationToken).ConfigureAwait(false);
            }

            await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var oci = new OciArchiveWriter(output);
        var entries = new List<Descriptor>();
        foreach (var (name, image) in resolved)
        {
            var manifest = await ManifestAsync(image, cancellationToken).ConfigureAwait(false);
            foreach (var blob in manifest.Layers.Append(manifest.Config))
            {
                await using var content = store.Content.OpenRead(blob.Digest);
                await oci.WriteBlobAsync(blob, content, cancellationToken).ConfigureAwait(false);
            }

            var manifestBytes = await store.Content.ReadAllBytesAsync(image.ManifestDigest, cancellationToken).ConfigureAwait(false);
            var descriptor = new Descriptor { MediaType = image.ManifestMediaType, Digest = image.ManifestDigest, Size = manifestBytes.Length };
            await using (var stream = new MemoryStream(manifestBytes, writable: false))
            {
                await oci.WriteBlobAsync(descriptor, stream, cancellationToken).ConfigureAwait(false);
            }

            var tags = RepoTags(name, image);
            var refName = tags.Count > 0 ? tags[0] : null;
            entries.Add(refName is null ? descriptor : descriptor with { Annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = refName } });
        }

        await oci.WriteIndexAsync(new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = entries }, cancellationToken).ConfigureAwait(false);
        await oci.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageManifest> ManifestAsync(LocalImage image, CancellationToken cancellationToken)
    {
        var bytes = await images.Store.Content.ReadAllBytesAsync(image.ManifestDigest, cancellationToken).ConfigureAwait(false);
        return ImageDocuments.ParseManifest(bytes, $"image {image.Id}: stored manifest {image.ManifestDigest}");
    }

    /// <summary>The names recorded in the archive: the name the user gave when it is one of the image's names, else all of them.</summary>
    private static IReadOnlyList<string> RepoTags(string requested, LocalImage image)
    {
        return image.NameMatching(requested) is { } match ? [match] : image.Names;
    }
}
