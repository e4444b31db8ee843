using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Build.Builders;

/// <summary>
/// A working container as stored (buildah's builder): where it came from, the image config being built (its history
/// and diff IDs start as the base image's), the base image's manifest layers (reused by every commit) and the
/// container layer's parent. The root file system is the container layer with the builder's ID.
/// </summary>
public sealed record BuilderState
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The base as the user named it (<c>scratch</c> for none).</summary>
    public required string FromImage { get; init; }

    /// <summary>The base image's ID; null for scratch.</summary>
    public string? FromImageId { get; init; }

    /// <summary>The base image's top layer: the container layer's parent.</summary>
    public string? TopLayer { get; init; }

    /// <summary>The base image's manifest layer descriptors, in order.</summary>
    public IReadOnlyList<Descriptor> BaseLayers { get; init; } = [];

    /// <summary>The base image's layer chain IDs, in order.</summary>
    public IReadOnlyList<string> BaseChain { get; init; } = [];

    /// <summary>The image config being built, as OCI JSON (the engine's source-generated Oci context writes it).</summary>
    public required string ConfigJson { get; init; }

    /// <summary>Manifest annotations (<c>--annotation</c>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The image format the builder was made for (<c>buildah from --format</c>): "oci" or "docker".</summary>
    public string Format { get; init; } = "oci";

    /// <summary><c>buildah config --created-by</c>: the next commit's history <c>created_by</c>.</summary>
    public string? CreatedBy { get; init; }

    /// <summary><c>buildah config --comment</c>: the Docker config's comment.</summary>
    public string? Comment { get; init; }

    /// <summary><c>buildah config --history-comment</c>: the next commit's history comment.</summary>
    public string? HistoryComment { get; init; }

    /// <summary><c>buildah from --network</c>: the network of later runs without <c>--network</c>; null = the default network.</summary>
    public string? Network { get; init; }

    /// <summary><c>buildah from --dns…/--add-host</c>: the DNS and hosts settings of later runs.</summary>
    public RunNetworkFiles? NetworkFiles { get; init; }

    /// <summary>Where the root file system is mounted while the builder holds a mount, else null.</summary>
    public string? MountPoint { get; init; }

    [JsonIgnore]
    public ImageConfiguration Config => JsonSerializer.Deserialize(ConfigJson, OciJsonContext.Default.ImageConfiguration)
        ?? throw new BerthException(ErrorKind.Internal, $"builder {Name} has no image config");

    public BuilderState WithConfig(ImageConfiguration config) =>
        this with { ConfigJson = JsonSerializer.Serialize(config, OciJsonContext.Writer.ImageConfiguration) };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BuilderState))]
internal sealed partial class BuildJsonContext : JsonSerializerContext;
