using System.Text.Json;
using Berth.Archive;
using Berth.Engine.Images;
using Berth.Oci;
using OciPlatform = Berth.Oci.Platform;

namespace Berth.Engine.Transports;

/// <summary>
/// Copies an image between any two transports, as containers/image's copy does: the manifest (or index) is read, the
/// platform's image chosen unless the whole index is wanted, each blob the destination lacks is streamed across in
/// parallel (cross-repository mounts and existing blobs skipped), layers re-compressed only when the destination or
/// the options require it (then the manifest is rewritten and the diff IDs re-checked), the manifest converted between
/// OCI and Docker schema 2 where the destination needs it, and the destination committed last.
/// </summary>
public sealed class ImageCopier(CopyOptions options, IPullProgress progress)
{
    public async Task<CopyResult> CopyAsync(IImageSource source, IImageDestination destination, CancellationToken cancellationToken)
    {
        progress.Line("Getting image source signatures");
        var top = await source.GetManifestAsync(null, cancellationToken).ConfigureAwait(false);
        RawManifest written;
        if (!top.IsIndex)
        {
            written = await CopyImageAsync(source, destination, top, null, null, isTop: true, cancellationToken).ConfigureAwait(false);
        }
        else if (options.Selection == ImageListSelection.System || !destination.Traits.SupportsIndex)
        {
            if (options.Selection != ImageListSelection.System)
            {
                throw new BerthException(ErrorKind.InvalidArgument,
                    $"{destination.Location}: the destination holds one image, not a manifest list: copy one platform's image (drop --all/--multi-arch)");
            }

            var index = ImageDocuments.ParseIndex(top.Bytes, $"manifest list of {source.Location}");
            var chosen = PlatformChooser.Choose(index, options.Platform ?? OciPlatform.Host, source.Location.ToString());
            var instance = await source.GetManifestAsync(chosen.Digest, cancellationToken).ConfigureAwait(false);
            written = await CopyImageAsync(source, destination, instance, null, null, isTop: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            written = await CopyIndexAsync(source, destination, top, cancellationToken).ConfigureAwait(false);
        }

        progress.Line("Storing signatures");
        await destination.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CopyResult(written);
    }

    private async Task<RawManifest> CopyIndexAsync(IImageSource source, IImageDestination destination, RawManifest top, CancellationToken ct)
    {
        var index = ImageDocuments.ParseIndex(top.Bytes, $"manifest list of {source.Location}");
        var toDocker = TargetIsDocker(top.MediaType, destination.Traits, options.ManifestType, isIndex: true);
        var indexType = toDocker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex;
        var entries = new List<Descriptor>(index.Manifests.Count);
        foreach (var entry in index.Manifests)
        {
            if (options.Selection == ImageListSelection.IndexOnly)
            {
                entries.Add(entry);
                continue;
            }

            if (!MediaTypes.IsManifest(entry.MediaType))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{source.Location}: the index lists {entry.Digest} of type {entry.MediaType}, which Berth cannot copy");
            }

            var child = await source.GetManifestAsync(entry.Digest, ct).ConfigureAwait(false);
            var copied = await CopyImageAsync(source, destination, child, entry, toDocker, isTop: false, ct).ConfigureAwait(false);
            entries.Add(entry with { MediaType = copied.MediaType, Digest = copied.Digest, Size = copied.Bytes.LongLength });
        }

        var output = top;
        if (indexType != top.MediaType || !entries.SequenceEqual(index.Manifests))
        {
            var rewritten = index with
            {
                MediaType = indexType,
                Manifests = entries,
                Annotations = toDocker ? null : index.Annotations,
                Subject = toDocker ? null : index.Subject,
                ArtifactType = toDocker ? null : index.ArtifactType,
            };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(rewritten, OciJsonContext.Writer.ImageIndex);
            output = new RawManifest(bytes, indexType, Digest.Compute(bytes));
            RefuseChangedDigest(top, output, source);
        }

        progress.Line("Writing manifest list to image destination");
        await destination.PutManifestAsync(output, isTop: true, ct).ConfigureAwait(false);
        return output;
    }

    /// <param name="toDockerForced">For an index's instance: the family the index is written in.</param>
    private async Task<RawManifest> CopyImageAsync(
        IImageSource source, IImageDestination destination, RawManifest raw, Descriptor? entry, bool? toDockerForced, bool isTop, CancellationToken ct)
    {
        var manifest = ImageDocuments.ParseManifest(raw.Bytes, $"manifest {raw.Digest} of {source.Location}");
        var toDocker = toDockerForced ?? TargetIsDocker(raw.MediaType, destination.Traits, options.ManifestType, isIndex: false);
        var targetType = toDocker ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var plans = manifest.Layers.Select(l => Plan(l, destination.Traits, toDocker)).ToList();
        var typeChanged = targetType != raw.MediaType;
        if (options.PreserveDigests && (typeChanged || plans.Any(p => p.Transcode)))
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"copying {raw.Digest} from {source.Location} to {destination.Location}: --preserve-digests is set but the image would change ({(typeChanged ? $"conversion to {targetType}" : "layer re-compression")})");
        }

        var diffIds = plans.Any(p => p.Transcode)
            ? ImageDocuments.ParseConfig(await source.ReadAllAsync(manifest.Config, ct).ConfigureAwait(false), $"image config {manifest.Config.Digest}").RootFs.DiffIds
            : null;
        var mountFrom = destination is RegistryImageDestination registry ? source.MountableFrom(registry.Target.Endpoint.Name) : null;
        var parallel = options.Parallel > 0 ? options.Parallel : 6;
        using var gate = new SemaphoreSlim(parallel);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = manifest.Layers.Select(async (layer, i) =>
        {
            try
            {
                return await CopyLayerAsync(source, destination, layer, plans[i], diffIds?[i], mountFrom, gate, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false); // one failure stops the other copies
                throw;
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (!ct.IsCancellationRequested && tasks.Any(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException))
        {
            // The first real failure, not the cancellations it caused.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(
                tasks.First(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException).Exception!.InnerException!);
        }

        var layers = tasks.Select(t => t.Result).ToList();
        var config = manifest.Config with { MediaType = ConfigType(manifest.Config.MediaType, toDocker) };
        await CopyBlobAsync(source, destination, manifest.Config, config, mountFrom, ct).ConfigureAwait(false);
        progress.ConfigDone(config.Digest);

        var output = raw;
        if (typeChanged || config.MediaType != manifest.Config.MediaType || !layers.SequenceEqual(manifest.Layers))
        {
            var rewritten = manifest with
            {
                MediaType = targetType,
                Config = config,
                Layers = layers,
                Annotations = toDocker ? null : manifest.Annotations,
                Subject = toDocker ? null : manifest.Subject,
                ArtifactType = toDocker ? null : manifest.ArtifactType,
            };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(rewritten, OciJsonContext.Writer.ImageManifest);
            output = new RawManifest(bytes, targetType, Digest.Compute(bytes));
        }

        if (isTop)
        {
            progress.Line("Writing manifest to image destination");
        }

        await destination.PutManifestAsync(output, isTop, ct).ConfigureAwait(false);
        return output;
    }

    private async Task<Descriptor> CopyLayerAsync(
        IImageSource source, IImageDestination destination, Descriptor layer, LayerPlan plan, Digest? diffId, string? mountFrom, SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!plan.Transcode)
            {
                var target = layer with { MediaType = plan.MediaType, Annotations = plan.ToDocker ? null : layer.Annotations };
                await CopyBlobAsync(source, destination, layer, target, mountFrom, ct).ConfigureAwait(false);
                return target;
            }

            return await TranscodeAsync(source, destination, layer, plan, diffId, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task CopyBlobAsync(IImageSource source, IImageDestination destination, Descriptor blob, Descriptor target, string? mountFrom, CancellationToken ct)
    {
        if (await destination.TryReuseBlobAsync(target, mountFrom, ct).ConfigureAwait(false))
        {
            if (!IsConfig(blob))
            {
                progress.BlobDone(blob, "skipped: already exists");
            }

            return;
        }

        var stream = await source.GetBlobAsync(blob, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var tracked = IsConfig(blob) ? stream : progress.Track(blob, stream);
            await destination.PutBlobAsync(target, tracked, ct).ConfigureAwait(false);
        }

        if (!IsConfig(blob))
        {
            progress.BlobDone(blob, "done");
        }
    }

    private async Task<Descriptor> TranscodeAsync(IImageSource source, IImageDestination destination, Descriptor layer, LayerPlan plan, Digest? diffId, CancellationToken ct)
    {
        Directory.CreateDirectory(options.TemporaryDirectory);
        var temporary = Path.Combine(options.TemporaryDirectory, $"berth-layer-{Guid.NewGuid():N}");
        try
        {
            TranscodedLayer result;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 128 * 1024, FileOptions.DeleteOnClose))
            {
                var stream = await source.GetBlobAsync(layer, ct).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    result = await LayerTranscoder.TranscodeAsync(progress.Track(layer, stream), MediaTypes.CompressionOf(layer.MediaType), plan.Compression, options.CompressionLevel, file, ct).ConfigureAwait(false);
                }

                if (diffId is { } expected && result.DiffId != expected)
                {
                    throw new BerthException(ErrorKind.InvalidArgument,
                        $"layer {layer.Digest} of {source.Location}: its content has diff ID {result.DiffId} but the image config says {expected}: refusing a corrupt image");
                }

                var target = new Descriptor { MediaType = plan.MediaType, Digest = result.Digest, Size = result.Size, Annotations = plan.ToDocker ? null : layer.Annotations };
                if (await destination.TryReuseBlobAsync(target, null, ct).ConfigureAwait(false))
                {
                    progress.BlobDone(layer, "skipped: already exists");
                    return target;
                }

                file.Position = 0;
                await destination.PutBlobAsync(target, file, ct).ConfigureAwait(false);
                progress.BlobDone(layer, "done");
                return target;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsConfig(Descriptor blob) => blob.MediaType is MediaTypes.OciConfig or MediaTypes.DockerConfig;

    private void RefuseChangedDigest(RawManifest before, RawManifest after, IImageSource source)
    {
        if (options.PreserveDigests && before.Digest != after.Digest)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"copying {source.Location}: --preserve-digests is set but the manifest list would change");
        }
    }

    /// <summary>Whether to write Docker schema 2 (else OCI): the forced type, else the source's when the destination takes it, else the destination's first.</summary>
    private static bool TargetIsDocker(string sourceType, DestinationTraits traits, string? forced, bool isIndex)
    {
        if (forced is not null)
        {
            var wanted = forced == MediaTypes.DockerManifest ? (isIndex ? MediaTypes.DockerManifestList : MediaTypes.DockerManifest) : (isIndex ? MediaTypes.OciIndex : MediaTypes.OciManifest);
            return traits.ManifestTypes.Contains(wanted)
                ? forced == MediaTypes.DockerManifest
                : throw new BerthException(ErrorKind.InvalidArgument, $"the destination does not store {wanted} manifests");
        }

        if (traits.ManifestTypes.Contains(sourceType))
        {
            return sourceType is MediaTypes.DockerManifest or MediaTypes.DockerManifestList;
        }

        var first = traits.ManifestTypes.First(t => isIndex ? MediaTypes.IsIndex(t) : MediaTypes.IsManifest(t));
        return first is MediaTypes.DockerManifest or MediaTypes.DockerManifestList;
    }

    private static string ConfigType(string mediaType, bool toDocker) => (mediaType, toDocker) switch
    {
        (MediaTypes.OciConfig, true) => MediaTypes.DockerConfig,
        (MediaTypes.DockerConfig, false) => MediaTypes.OciConfig,
        (_, true) when mediaType != MediaTypes.DockerConfig => throw new BerthException(ErrorKind.InvalidArgument, $"a config of type {mediaType} cannot be written in a Docker schema 2 manifest: use the OCI format"),
        _ => mediaType,
    };

    private sealed record LayerPlan(LayerCompression Compression, string MediaType, bool Transcode, bool ToDocker);

    private static readonly HashSet<string> LayerTypes =
    [
        MediaTypes.OciLayer, MediaTypes.OciLayerGzip, MediaTypes.OciLayerZstd, MediaTypes.OciLayerNonDistributable,
        MediaTypes.OciLayerNonDistributableGzip, "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar", MediaTypes.DockerLayerGzip, MediaTypes.DockerLayerForeignGzip,
    ];

    private LayerPlan Plan(Descriptor layer, DestinationTraits traits, bool toDocker)
    {
        var current = MediaTypes.CompressionOf(layer.MediaType);
        if (!LayerTypes.Contains(layer.MediaType))
        {
            // Not an image layer (an artifact's blob): copied as it is.
            return new LayerPlan(current, layer.MediaType, false, toDocker);
        }

        var policy = options.Compression ?? traits.DefaultCompression;
        var target = policy == LayerCompressionPolicy.Decompress
            ? LayerCompression.None
            : options.CompressionFormat ?? (policy == LayerCompressionPolicy.Compress && current == LayerCompression.None ? options.CompressWith : current);
        if (toDocker && target == LayerCompression.Zstd)
        {
            target = options.CompressionFormat == LayerCompression.Zstd
                ? throw new BerthException(ErrorKind.InvalidArgument, "zstd-compressed layers need an OCI manifest: use --format oci")
                : LayerCompression.Gzip;
        }

        var foreign = layer.MediaType is MediaTypes.DockerLayerForeignGzip || layer.MediaType.Contains(".nondistributable.", StringComparison.Ordinal);
        return new LayerPlan(target, LayerMediaType(target, toDocker, foreign), target != current, toDocker);
    }

    private static string LayerMediaType(LayerCompression compression, bool toDocker, bool foreign) => (toDocker, compression, foreign) switch
    {
        (true, LayerCompression.None, _) => "application/vnd.docker.image.rootfs.diff.tar",
        (true, _, true) => MediaTypes.DockerLayerForeignGzip,
        (true, _, false) => MediaTypes.DockerLayerGzip,
        (false, LayerCompression.None, false) => MediaTypes.OciLayer,
        (false, LayerCompression.None, true) => MediaTypes.OciLayerNonDistributable,
        (false, LayerCompression.Gzip, false) => MediaTypes.OciLayerGzip,
        (false, LayerCompression.Gzip, true) => MediaTypes.OciLayerNonDistributableGzip,
        (false, _, false) => MediaTypes.OciLayerZstd,
        _ => "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
    };
}
