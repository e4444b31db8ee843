using System.Security.Cryptography;
using System.Text.Json;
using Berth.Oci;
using Berth.Storage.Builds;
using Berth.Storage.Images;

namespace Berth.Build.Builders;

/// <summary>
/// Working containers ("builders", buildah's unit of work): made from an image or from scratch, mounted, changed by
/// RUN and copies, committed to images, removed. Each one is a record in <see cref="BuilderStore"/> plus a container
/// layer with the same ID.
/// </summary>
public sealed partial class BuilderService(IBuildHost host)
{
    public IBuildHost Host => host;

    /// <summary>
    /// A new builder on <paramref name="fromImage"/> (<c>scratch</c>: empty), pulling it as the policy says. The name
    /// defaults to buildah's: the image's last path component without tag + <c>-working-container</c>, numbered
    /// when taken.
    /// </summary>
    public async Task<BuilderState> CreateAsync(string fromImage, string? name, string pullPolicy, TextWriter progress, CancellationToken cancellationToken)
    {
        Image? image = null;
        ImageConfiguration config;
        IReadOnlyList<Descriptor> layers = [];
        if (IsScratch(fromImage))
        {
            config = new ImageConfiguration
            {
                Architecture = Berth.Oci.Platform.Host.Architecture,
                OS = Berth.Oci.Platform.Host.OS,
                Variant = Berth.Oci.Platform.Host.Variant,
                Config = new ContainerConfig(),
                RootFs = new RootFs { Type = "layers", DiffIds = [] },
                History = [],
            };
        }
        else
        {
            image = await host.ResolveImageAsync(fromImage, pullPolicy, progress, cancellationToken).ConfigureAwait(false);
            config = await ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
            layers = (await ReadManifestAsync(image, cancellationToken).ConfigureAwait(false)).Layers;
        }

        return await CreateFromAsync(fromImage, image, config, layers, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new builder on a stored image (a build's previous step), without pulling.</summary>
    public async Task<BuilderState> CreateFromImageAsync(string fromName, Image image, string? name, CancellationToken cancellationToken)
    {
        var config = await ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
        var manifest = await ReadManifestAsync(image, cancellationToken).ConfigureAwait(false);
        return await CreateFromAsync(fromName, image, config, manifest.Layers, name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BuilderState> CreateFromAsync(
        string fromName, Image? image, ImageConfiguration config, IReadOnlyList<Descriptor> layers, string? name, CancellationToken cancellationToken)
    {
        var store = host.Store;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var state = new BuilderState
        {
            Id = id,
            Name = "",
            Created = DateTimeOffset.UtcNow,
            FromImage = fromName,
            FromImageId = image?.Id,
            TopLayer = image?.TopLayer?.ToString(),
            BaseLayers = layers,
            BaseChain = image?.Layers.Select(l => l.ToString()).ToList() ?? [],
            ConfigJson = "{}",
        }.WithConfig(config);
        lock (nameGate)
        {
            // Stages built at once (build --jobs) pick names side by side: choosing and adding is one move.
            state = state with { Name = string.IsNullOrEmpty(name) ? FreeName(DefaultName(fromName)) : name };
            store.Builders.Add(new BuilderRecord(id, state.Name, state.Created, Serialize(state)));
        }

        try
        {
            await store.Layers.CreateContainerLayerAsync(id, image?.TopLayer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Builders.Remove(id);
            throw;
        }

        return state;
    }

    /// <summary>
    /// A builder state describing <paramref name="image"/> (or scratch) without a container layer or a record: enough to
    /// commit a metadata-only step on it (<see cref="BuilderCommitRequest.EmptyLayer"/>), which never touches files.
    /// </summary>
    public async Task<BuilderState> DescribeAsync(Image? image, ImageConfiguration config, CancellationToken cancellationToken) => new BuilderState
    {
        Id = "",
        Name = image?.Id[..12] ?? "scratch",
        Created = DateTimeOffset.UtcNow,
        FromImage = image?.Id ?? "scratch",
        FromImageId = image?.Id,
        TopLayer = image?.TopLayer?.ToString(),
        BaseLayers = image is null ? [] : (await ReadManifestAsync(image, cancellationToken).ConfigureAwait(false)).Layers,
        BaseChain = image?.Layers.Select(l => l.ToString()).ToList() ?? [],
        ConfigJson = "{}",
    }.WithConfig(config);

    /// <summary>The builder with this name, ID or unique ID prefix; buildah's error when there is none.</summary>
    public BuilderState Get(string nameOrId) => TryGet(nameOrId)
        ?? throw new BerthException(ErrorKind.NotFound, $"container \"{nameOrId}\" does not exist");

    public BuilderState? TryGet(string nameOrId)
    {
        var builders = host.Store.Builders;
        var record = builders.GetByName(nameOrId) ?? builders.Get(nameOrId);
        if (record is null && nameOrId.Length >= 1 && nameOrId.All(Uri.IsHexDigit))
        {
            var matches = builders.FindByIdPrefix(nameOrId.ToLowerInvariant());
            record = matches.Count == 1 ? matches[0] : null;
        }

        return record is null ? null : Deserialize(record);
    }

    public IReadOnlyList<BuilderState> List() => host.Store.Builders.List().Select(Deserialize).ToList();

    /// <summary>Stores a changed builder (its config, mount point).</summary>
    public void Save(BuilderState state) => host.Store.Builders.UpdateConfig(state.Id, Serialize(state));

    /// <summary>Mounts the builder's root file system (counted) and returns where.</summary>
    public string Mount(BuilderState state)
    {
        var path = host.Store.Layers.MountContainer(state.Id);
        if (state.MountPoint != path)
        {
            Save(state with { MountPoint = path });
        }

        return path;
    }

    /// <summary>Takes one user off the mount; the last one unmounts.</summary>
    public void Unmount(BuilderState state, bool force = false)
    {
        if (host.Store.Layers.UnmountContainer(state.Id, force) == 0 && state.MountPoint is not null)
        {
            Save(state with { MountPoint = null });
        }
    }

    /// <summary>Unmounts and deletes the builder with its container layer.</summary>
    public async Task RemoveAsync(BuilderState state, CancellationToken cancellationToken)
    {
        var layers = host.Store.Layers;
        layers.UnmountContainer(state.Id, force: true);
        if (layers.GetContainerLayer(state.Id) is not null)
        {
            await layers.RemoveContainerLayerAsync(state.Id, cancellationToken).ConfigureAwait(false);
        }

        host.Store.Builders.Remove(state.Id);
    }

    internal async Task<ImageConfiguration> ReadConfigAsync(Image image, CancellationToken cancellationToken)
    {
        var bytes = await host.Store.Content.ReadAllBytesAsync(image.ConfigDigest, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageConfiguration)
            ?? throw new BerthException(ErrorKind.InvalidState, $"image {image.Id[..12]} has an empty config");
    }

    internal async Task<ImageManifest> ReadManifestAsync(Image image, CancellationToken cancellationToken)
    {
        var bytes = await host.Store.Content.ReadAllBytesAsync(image.ManifestDigest, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageManifest)
            ?? throw new BerthException(ErrorKind.InvalidState, $"image {image.Id[..12]} has an empty manifest");
    }

    public static bool IsScratch(string name) => string.Equals(name, "scratch", StringComparison.OrdinalIgnoreCase);

    /// <summary>buildah's default name: <c>busybox-working-container</c>, <c>working-container</c> for scratch.</summary>
    internal static string DefaultName(string fromImage)
    {
        if (IsScratch(fromImage))
        {
            return "working-container";
        }

        var name = fromImage;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        name = name[(name.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = name[..colon];
        }

        return (name.Length == 0 ? "" : name + "-") + "working-container";
    }

    private readonly Lock nameGate = new();

    private string FreeName(string name)
    {
        var builders = host.Store.Builders;
        if (!builders.NameExists(name))
        {
            return name;
        }

        for (var i = 1; ; i++)
        {
            var candidate = $"{name}-{i}";
            if (!builders.NameExists(candidate))
            {
                return candidate;
            }
        }
    }

    private static string Serialize(BuilderState state) => JsonSerializer.Serialize(state, BuildJsonContext.Default.BuilderState);

    private static BuilderState Deserialize(BuilderRecord record) =>
        JsonSerializer.Deserialize(record.Config, BuildJsonContext.Default.BuilderState)
        ?? throw new BerthException(ErrorKind.InvalidState, $"builder {record.Name} has an unreadable record");
}
