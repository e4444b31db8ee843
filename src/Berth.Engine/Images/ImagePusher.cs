using Berth.Engine.Registries;
using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Engine.Images;

public sealed record PushOptions
{
    public RegistryAccessOptions Access { get; init; } = new();

    /// <summary>--format: oci or v2s2 (null: the image's own).</summary>
    public string? Format { get; init; }

    /// <summary>--compression-format; null: containers.conf's compression_format for layers that need compressing.</summary>
    public string? CompressionFormat { get; init; }

    public int? CompressionLevel { get; init; }

    /// <summary>--compress: compress layers written to a dir: destination.</summary>
    public bool Compress { get; init; }

    /// <summary>--remove-signatures (Berth's store keeps no signatures, so there is nothing to copy either way).</summary>
    public bool RemoveSignatures { get; init; }
}

/// <summary>
/// podman push: an image of the local store to any transport (a registry when the destination names none), its
/// original blobs sent as they are and only re-compressed or converted where the destination or the flags ask.
/// </summary>
public sealed class ImagePusher(ImageService images)
{
    /// <summary>Pushes; returns the digest of the manifest written (what --digestfile records).</summary>
    public async Task<Digest> PushAsync(string source, string? destination, PushOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        var image = images.Find(source);
        var resolved = ResolvedName(source, image);
        var target = destination ?? resolved ?? throw new BerthException(ErrorKind.InvalidArgument,
            $"{source}: the image is named by ID: give a destination (e.g. {{registry}}/{{repository}}:{{tag}})");
        var location = ImageLocation.ParseOrDocker(target);
        var conf = images.Engine.ContainersConf.Engine;
        var copyOptions = new CopyOptions
        {
            ManifestType = CopyOptions.ParseManifestType(options.Format),
            CompressionFormat = CopyOptions.ParseCompression(options.CompressionFormat),
            CompressWith = CopyOptions.ParseCompression(conf.CompressionFormat) ?? LayerCompression.Gzip,
            CompressionLevel = options.CompressionLevel ?? conf.CompressionLevel,
            Parallel = (int)conf.ImageParallelCopies,
            TemporaryDirectory = images.Engine.Settings.TmpDir,
        };
        using var transports = new TransportFactory(images, options.Access, options.Access);
        var storeLocation = new ImageLocation { Transport = TransportKind.ContainersStorage, Reference = image.Id };
        await using var from = new StoreSource(storeLocation, images, image);
        var settings = new DestinationSettings
        {
            ArchiveNames = resolved is null ? [] : [resolved],
            DirCompression = options.Compress ? LayerCompressionPolicy.Compress : LayerCompressionPolicy.Preserve,
        };
        await using var to = await transports.OpenDestinationAsync(location, settings, cancellationToken).ConfigureAwait(false);
        var result = await new ImageCopier(copyOptions, progress).CopyAsync(from, to, cancellationToken).ConfigureAwait(false);
        return result.Manifest.Digest;
    }

    /// <summary>The image's full name the user meant (libimage's resolved name), or null when it was named by ID.</summary>
    private static string? ResolvedName(string requested, LocalImage image)
    {
        if (image.NameMatching(requested) is { } exact)
        {
            return exact;
        }

        var id = requested.StartsWith("sha256:", StringComparison.Ordinal) ? requested[7..] : requested;
        return image.Id.StartsWith(id, StringComparison.Ordinal) || image.Names.Count == 0 ? null : image.Names[0];
    }
}
