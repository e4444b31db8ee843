using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Storage.Pods;

namespace Berth.Engine.Pods;

/// <summary>
/// A pod's configuration (libpod's PodConfig), kept as JSON in the store: what <c>pod create</c> decided. The pod's
/// state is not stored: it follows from its containers' states (<see cref="PodStatus"/>).
/// </summary>
public sealed record PodConfig
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>The command line that created it (podman's CreateCommand).</summary>
    public IReadOnlyList<string> CreateCommand { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The namespaces the pod's containers share with the infra container, in podman's order (ipc, net, uts, …).</summary>
    public IReadOnlyList<string> SharedNamespaces { get; init; } = [];

    /// <summary>Whether the pod has an infra container (<c>--infra</c>).</summary>
    public bool CreateInfra { get; init; } = true;

    /// <summary>The infra container's ID; "" until it exists, and for pods made with <c>--infra=false</c>.</summary>
    public string InfraContainerId { get; init; } = "";

    /// <summary>"continue" or "stop": what happens when the pod's last container exits.</summary>
    public string ExitPolicy { get; init; } = "continue";

    /// <summary><c>--hostname</c>; "" = the pod's name is the infra container's hostname.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The parent of the pod's cgroup (podman's CgroupParent: <c>/libpod_parent</c> with the cgroupfs manager); "" = none.</summary>
    public string CgroupParent { get; init; } = "";

    /// <summary>Whether the pod has a cgroup of its own (podman's CreateCgroup: an infra container and <c>--share-parent</c>).</summary>
    public bool CreateCgroup { get; init; }

    /// <summary>The pod's cgroup, <c>PARENT/POD-ID</c>, the cgroup parent of its containers; "" = none.</summary>
    public string CgroupPath { get; init; } = "";

    /// <summary>The pod-level limits written on <see cref="CgroupPath"/>.</summary>
    public Berth.Runtime.Cgroups.PodResources Resources { get; init; } = new();

    public bool Shares(string ns) => SharedNamespaces.Contains(ns);

    internal static PodConfig From(PodRecord record) =>
        (JsonSerializer.Deserialize(record.Config, PodJsonContext.Default.PodConfig)
            ?? throw new BerthException(ErrorKind.Internal, $"pod {record.Id} has no configuration in the database")) with { Name = record.Name };

    internal static string Serialize(PodConfig config) => JsonSerializer.Serialize(config, PodJsonContext.Default.PodConfig);
}

/// <summary>The stored shape of pods.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PodConfig))]
internal sealed partial class PodJsonContext : JsonSerializerContext;
