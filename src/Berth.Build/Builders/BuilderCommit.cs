using System.Text.Json;
using Berth.Archive;
using Berth.Oci;
using Berth.Storage.Images;
using Berth.Storage.Layers;

namespace Berth.Build.Builders;

/// <summary>How to commit a builder.</summary>
public sealed record BuilderCommitRequest
{
    /// <summary>The history entry's <c>created_by</c>.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The history entry's comment (podman build: <c>FROM &lt;parent&gt;</c>).</summary>
    public string? Comment { get; init; }

    /// <summary>A metadata-only step: no layer, the history entry says <c>empty_layer</c>.</summary>
    public bool EmptyLayer { get; init; }

    /// <summary>Names to give the image (already normalised).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>"oci" or "docker".</summary>
    public string Format { get; init; } = "oci";

    /// <summary>The image config to commit; null = the builder's.</summary>
    public ImageConfiguration? Config { get; init; }

    /// <summary><c>--timestamp</c>: the creation time of the image and its history entry (reproducible builds).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Leave the history alone (the caller put the entries in <see cref="Config"/> already).</summary>
    public bool NoHistory { get; init; }

    /// <summary><c>buildah commit --squash</c>: one layer holding the whole root file system, no base layers (the base's
    /// history entries become empty-layer entries).</summary>
    public bool Squash { get; init; }

    /// <summary>The image recorded as the new image's parent; null = the builder's base.</summary>
    public string? ParentImageId { get; init; }

    /// <summary>The manifest's annotations (OCI format only); null = the builder's.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary><c>--omit-history</c>: the image config has no history at all.</summary>
    public bool OmitHistory { get; init; }
}

public sealed partial class BuilderService
{
    /// <summary>
    /// Commits the builder as an image: its base layers plus, unless the step is metadata-only, one layer holding
    /// everything changed in its root file system (overlay's upper directory as a diff), with one more history entry.
    /// The base image is recorded as the new image's parent (intermediate images are unnamed parents).
    /// </summary>
    public async Task<Image> CommitAsync(BuilderState state, BuilderCommitRequest request, CancellationToken cancellationToken)
    {
        var store = host.Store;
        var docker = request.Format == "docker";
        var now = request.Timestamp ?? DateTimeOffset.UtcNow;
        var config = request.Config ?? state.Config;
        var squash = request.Squash;
        var layers = squash ? new List<Descriptor>() : state.BaseLayers.Select(l => l with { MediaType = MediaTypes.LayerFor(l.MediaType, docker) }).ToList();
        var chain = squash ? new List<Digest>() : state.BaseChain.Select(Digest.Parse).ToList();
        var diffIds = squash ? new List<Digest>() : (config.RootFs?.DiffIds ?? []).ToList();
        if (!request.EmptyLayer || squash)
        {
            var (layer, chainId) = await CommitLayerAsync(state, docker, squash, request.Timestamp, cancellationToken).ConfigureAwait(false);
            layers.Add(layer);
            chain.Add(chainId);
            diffIds.Add(layer.Digest);
        }

        var history = (config.History ?? []).Select(h => squash ? h with { EmptyLayer = true } : h).ToList();
        if (!request.NoHistory)
        {
            history.Add(new HistoryEntry
            {
                Created = now,
                CreatedBy = request.CreatedBy,
                Comment = string.IsNullOrEmpty(request.Comment) ? null : request.Comment,
                EmptyLayer = request.EmptyLayer ? true : null,
            });
        }

        config = config with
        {
            Created = now,
            RootFs = new RootFs { Type = "layers", DiffIds = diffIds },
            History = request.OmitHistory ? null : history,
        };
        var annotations = request.Annotations ?? state.Annotations;
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Writer.ImageConfiguration);
        var configInfo = await store.Content.WriteBytesAsync(configBytes, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Digest = configInfo.Digest, Size = configInfo.Size },
            Layers = layers,
            Annotations = annotations.Count == 0 || docker ? null : annotations,
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
        var manifestInfo = await store.Content.WriteBytesAsync(manifestBytes, cancellationToken).ConfigureAwait(false);
        var image = store.Images.Add(new NewImage
        {
            Config = manifest.Config,
            Manifest = new Descriptor { MediaType = manifest.MediaType!, Digest = manifestInfo.Digest, Size = manifestInfo.Size },
            Layers = chain,
            Created = now,
            Architecture = config.Architecture,
            Os = config.OS,
            Variant = config.Variant,
            Names = request.Names,
            Blobs = layers.Select(l => l.Digest).ToList(),
        });
        if ((request.ParentImageId ?? state.FromImageId) is { } parent && parent != image.Id)
        {
            store.BuildCache.RecordParent(image.Id, parent);
        }

        return image;
    }

    /// <summary>
    /// The builder's changes as an uncompressed layer blob and a layer in the layer store on top of its base; squashed:
    /// its whole root file system as a layer of its own.
    /// </summary>
    private async Task<(Descriptor Layer, Digest ChainId)> CommitLayerAsync(BuilderState state, bool docker, bool squash, DateTimeOffset? timestamp, CancellationToken cancellationToken)
    {
        var store = host.Store;
        var own = store.Layers.GetContainerLayer(state.Id) ?? throw BerthException.NotFound($"the root file system of builder {state.Name} is not in the store");
        if (store.Layers.DriverName != OverlayDriver.DriverName)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"building on the {store.Layers.DriverName} storage driver is not supported: use the overlay driver");
        }

        Directory.CreateDirectory(host.TmpDir);
        var temp = Path.Combine(host.TmpDir, $"build-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
        try
        {
            LayerWriteResult written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                if (squash)
                {
                    var rootfs = Mount(state);
                    try
                    {
                        written = timestamp is { } t
                            ? await LayerWriter.WriteWithTimestampAsync(rootfs, overlay: false, t, file, cancellationToken).ConfigureAwait(false)
                            : await LayerWriter.WriteDirectoryAsync(rootfs, file, LayerCompression.None, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        Unmount(state);
                    }
                }
                else
                {
                    written = timestamp is { } t
                        ? await LayerWriter.WriteWithTimestampAsync(own.Directory, overlay: true, t, file, cancellationToken).ConfigureAwait(false)
                        : await LayerWriter.WriteOverlayDiffAsync(own.Directory, file, LayerCompression.None, cancellationToken).ConfigureAwait(false);
                }
            }

            var layer = new Descriptor { MediaType = docker ? MediaTypes.DockerLayer : MediaTypes.OciLayer, Digest = written.DiffId, Size = written.Size };
            await using (var read = File.OpenRead(temp))
            {
                await store.Content.WriteAsync(layer, read, cancellationToken).ConfigureAwait(false);
            }

            var parent = squash || state.BaseChain.Count == 0 ? (Digest?)null : Digest.Parse(state.BaseChain[^1]);
            var chainId = await LayerUnpacker.UnpackAsync(store, layer, written.DiffId, parent, state.Name, cancellationToken).ConfigureAwait(false);
            return (layer, chainId);
        }
        finally
        {
            File.Delete(temp);
        }
    }

}
