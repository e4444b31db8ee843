using System.Text.Json;
using Berth.Archive;
using Berth.Engine.Images;
using Berth.Oci;
using Berth.Storage.Images;
using Berth.Storage.Layers;
using OciContainerConfig = Berth.Oci.ContainerConfig;
using OciPlatform = Berth.Oci.Platform;

namespace Berth.Engine.Containers;

/// <summary>What <c>berth commit</c> was asked.</summary>
public sealed record CommitOptions
{
    /// <summary>The new image's name; null for a dangling image.</summary>
    public string? Name { get; init; }

    public string? Author { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>"oci" or "docker".</summary>
    public string Format { get; init; } = "oci";

    public bool Pause { get; init; } = true;

    public bool Squash { get; init; }
}

/// <summary>
/// <c>berth commit</c>: a new image made of the container's image layers plus one layer holding the container's changes
/// (the overlay upper directory, whiteouts included; with <c>--squash</c> the whole root file system as the only layer),
/// and a config taken from the image with the container's command, environment, user, working directory and labels,
/// then the <c>--change</c> instructions.
/// </summary>
public sealed class ContainerCommitter(ContainerService containers)
{
    public async Task<LocalImage> CommitAsync(Container container, CommitOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        if (options.Format is not ("oci" or "docker"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"unrecognized image type \"{options.Format}\"");
        }

        var changes = options.Changes.Where(c => !c.TrimStart().StartsWith("ONBUILD", StringComparison.OrdinalIgnoreCase)).ToList();
        var onBuild = options.Changes.Except(changes).Select(c => c.TrimStart()[7..].Trim()).ToList();
        var store = containers.Store;
        var image = container.Config.ImageId is { } imageId ? containers.Images.TryFindStored(imageId) : null;
        var baseConfig = image is null ? null : ImageDocuments.ParseConfig(await store.Content.ReadAllBytesAsync(image.ConfigDigest, cancellationToken).ConfigureAwait(false), "image config");
        var baseManifest = image is null ? null : ImageDocuments.ParseManifest(await store.Content.ReadAllBytesAsync(image.ManifestDigest, cancellationToken).ConfigureAwait(false), "image manifest");
        var paused = false;
        if (options.Pause && container.IsRunning)
        {
            await containers.PauseAsync(container, cancellationToken).ConfigureAwait(false);
            paused = true;
        }

        var tmp = containers.Engine.Settings.TmpDir;
        Directory.CreateDirectory(tmp);
        var temp = Path.Combine(tmp, $"commit-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
        try
        {
            LayerWriteResult written;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                written = await WriteLayerAsync(container, options.Squash, file, cancellationToken).ConfigureAwait(false);
            }

            if (paused)
            {
                await containers.UnpauseAsync(container, cancellationToken).ConfigureAwait(false);
                paused = false;
            }

            var docker = options.Format == "docker";
            var layer = new Descriptor { MediaType = docker ? MediaTypes.DockerLayer : MediaTypes.OciLayer, Digest = written.DiffId, Size = written.Size };
            var baseLayers = options.Squash || baseManifest is null ? [] : baseManifest.Layers.Select(l => l with { MediaType = MediaTypes.LayerFor(l.MediaType, docker) }).ToList();
            progress.Line("Getting image source signatures");
            foreach (var l in baseLayers)
            {
                progress.Line($"Copying blob {l.Digest}");
            }

            progress.Line($"Copying blob {layer.Digest}");
            await using (var read = File.OpenRead(temp))
            {
                await store.Content.WriteAsync(layer, read, cancellationToken).ConfigureAwait(false);
            }

            var parent = options.Squash ? null : image?.TopLayer;
            var chainId = await LayerUnpacker.UnpackAsync(store, layer, written.DiffId, parent, options.Name ?? "commit", cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var config = BuildConfig(container, baseConfig, options, changes, onBuild, written.DiffId, now);
            var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Writer.ImageConfiguration);
            var configInfo = await store.Content.WriteBytesAsync(configBytes, cancellationToken).ConfigureAwait(false);
            progress.Line($"Copying config {configInfo.Digest}");
            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig, Digest = configInfo.Digest, Size = configInfo.Size },
                Layers = [.. baseLayers, layer],
            };
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
            progress.Line("Writing manifest to image destination");
            var manifestInfo = await store.Content.WriteBytesAsync(manifestBytes, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Digest> layers = [.. (parent is { } p ? store.Layers.Chain(p).Select(l => l.ChainId) : []), chainId];
            var stored = store.Images.Add(new NewImage
            {
                Config = manifest.Config,
                Manifest = new Descriptor { MediaType = manifest.MediaType!, Digest = manifestInfo.Digest, Size = manifestInfo.Size },
                Layers = layers,
                Created = now,
                Architecture = config.Architecture,
                Os = config.OS,
                Variant = config.Variant,
                Names = options.Name is null ? [] : [ImageService.NormalizeTargetName(options.Name)],
                Blobs = [written.DiffId],
            });
            progress.Line("Storing signatures");
            return containers.Images.ToLocal(stored);
        }
        finally
        {
            if (paused)
            {
                await containers.UnpauseAsync(container, CancellationToken.None).ConfigureAwait(false);
            }

            File.Delete(temp);
        }
    }

    /// <summary>The container layer as a tar: overlay's upper directory as a diff, or (vfs, squash) the whole tree.</summary>
    private async Task<LayerWriteResult> WriteLayerAsync(Container container, bool squash, Stream output, CancellationToken cancellationToken)
    {
        var layers = containers.Store.Layers;
        var own = layers.GetContainerLayer(container.Id) ?? throw BerthException.NotFound($"container layer {container.Id} is not in the store");
        if (!squash && layers.DriverName == OverlayDriver.DriverName)
        {
            return await LayerWriter.WriteOverlayDiffAsync(own.Directory, output, LayerCompression.None, cancellationToken).ConfigureAwait(false);
        }

        if (!squash && own.ParentChainId is not null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"committing a container's changes on the {layers.DriverName} storage driver needs --squash");
        }

        return await containers.WithRootfsAsync(
            container,
            rootfs => LayerWriter.WriteDirectoryAsync(rootfs, output, LayerCompression.None, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    private static ImageConfiguration BuildConfig(
        Container container, ImageConfiguration? baseConfig, CommitOptions options, IReadOnlyList<string> changes, IReadOnlyList<string> onBuild, Digest diffId, DateTimeOffset now)
    {
        var c = container.Config;
        var run = baseConfig?.Config ?? new OciContainerConfig();
        var labels = new Dictionary<string, string>(run.Labels ?? new Dictionary<string, string>());
        foreach (var (k, v) in c.Labels)
        {
            labels[k] = v;
        }

        run = run with
        {
            Cmd = c.EffectiveCmd.Count > 0 ? c.EffectiveCmd : run.Cmd,
            Entrypoint = c.EffectiveEntrypoint.Count > 0 ? c.EffectiveEntrypoint : run.Entrypoint,
            Env = MergeEnv(run.Env ?? [], c.Env),
            User = c.User ?? run.User,
            WorkingDir = c.WorkingDir ?? run.WorkingDir,
            Labels = labels.Count == 0 ? null : labels,
            OnBuild = onBuild.Count == 0 ? run.OnBuild : [.. run.OnBuild ?? [], .. onBuild],
        };
        run = ConfigChanges.Apply(run, changes);
        var history = options.Squash ? [] : (baseConfig?.History ?? []).ToList();
        history.Add(new HistoryEntry { Created = now, Author = options.Author, Comment = string.IsNullOrEmpty(options.Message) ? null : options.Message });
        IReadOnlyList<Digest> diffIds = [.. options.Squash ? [] : baseConfig?.RootFs?.DiffIds ?? [], diffId];
        return new ImageConfiguration
        {
            Created = now,
            Author = options.Author,
            Architecture = baseConfig?.Architecture ?? OciPlatform.Host.Architecture,
            OS = baseConfig?.OS ?? OciPlatform.Host.OS,
            Variant = baseConfig?.Variant ?? OciPlatform.Host.Variant,
            Config = run,
            RootFs = new RootFs { Type = "layers", DiffIds = diffIds },
            History = history,
        };
    }

    /// <summary>The image's environment with the container's variables set over it (same name: the container's wins).</summary>
    private static IReadOnlyList<string> MergeEnv(IReadOnlyList<string> image, IReadOnlyList<string> container)
    {
        var result = new List<string>(image);
        foreach (var variable in container)
        {
            var name = variable.Split('=', 2)[0];
            result.RemoveAll(e => e.Split('=', 2)[0] == name);
            result.Add(variable);
        }

        return result;
    }

}
