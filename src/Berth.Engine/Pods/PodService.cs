using Berth.Engine.Containers;
using Berth.Runtime.Naming;
using Berth.Storage.Pods;

namespace Berth.Engine.Pods;

/// <summary>One pod as the engine sees it: its configuration and its containers (oldest first, infra included).</summary>
public sealed record Pod(PodConfig Config, IReadOnlyList<Container> Containers)
{
    public string Id => Config.Id;

    public string Name => Config.Name;

    /// <summary>podman's pod state; init containers do not count (an exited init container leaves a pod Running).</summary>
    public string Status => PodStatus.Of([.. Containers.Where(c => !c.Config.IsInitContainer).Select(c => c.State.Status)]);

    public Container? Infra => Containers.FirstOrDefault(c => c.Id == Config.InfraContainerId);
}

/// <summary>
/// Pods (podman's libpod pods): records in the store, each with an optional infra container that holds the shared
/// namespaces and the published ports; the members are ordinary containers whose configuration names the pod. The
/// lifecycle works on the members through <see cref="ContainerService"/>: start = infra first, stop = infra last.
/// </summary>
public sealed partial class PodService(ContainerService containers)
{
    /// <summary>The namespaces <c>--share</c> accepts (podman's message lists them in this order).</summary>
    private static readonly string[] Shareable = ["cgroup", "ipc", "net", "pid", "uts"];

    public ContainerService Containers => containers;

    /// <summary>The pod a user means by a name, a full ID or an unambiguous ID prefix.</summary>
    public Pod Find(string nameOrId) => TryFind(nameOrId) ?? throw NotFound(nameOrId);

    public Pod? TryFind(string nameOrId) => FindRecord(nameOrId) is { } record ? Load(record) : null;

    /// <summary>Every pod, oldest first, with its containers.</summary>
    public IReadOnlyList<Pod> List()
    {
        var all = containers.List();
        return [.. containers.Store.Pods.List().Select(r => new Pod(PodConfig.From(r), [.. all.Where(c => c.Config.Pod == r.Id)]))];
    }

    public static BerthException NotFound(string nameOrId) =>
        new(ErrorKind.NotFound, $"no pod with name or ID {nameOrId} found: no such pod");

    /// <summary>What a pod shares when <c>--share</c> is not given.</summary>
    public static IReadOnlyList<string> DefaultShare { get; } = ["ipc", "net", "uts"];

    /// <summary>
    /// podman 4.3.1's <c>--share</c> rules: a comma list of cgroup, ipc, net, pid, uts; a leading "+" adds to the default
    /// ipc,net,uts; "none" anywhere in the list = nothing shared. (Exactly "none" or "" also means no infra container:
    /// <see cref="ShareMeansNoInfra"/>.)
    /// </summary>
    public static IReadOnlyList<string> ParseShare(string value)
    {
        var add = value.StartsWith('+');
        var result = add ? new List<string>(DefaultShare) : [];
        foreach (var ns in (add ? value[1..] : value).Split(',', StringSplitOptions.TrimEntries))
        {
            if (ns == "none")
            {
                return [];
            }

            if (!Shareable.Contains(ns))
            {
                throw BerthException.InvalidArgument($"invalid kernel namespace to share: {ns}. Options are: cgroup, ipc, net, pid, uts or none");
            }

            if (!result.Contains(ns))
            {
                result.Add(ns);
            }
        }

        return result;
    }

    /// <summary>podman 4.3.1 makes a pod without an infra container for <c>--share none</c> and <c>--share ""</c>.</summary>
    public static bool ShareMeansNoInfra(string value) => value is "" or "none";

    /// <summary>podman's exit policies.</summary>
    public static string ParseExitPolicy(string value) => value is "continue" or "stop"
        ? value
        : throw BerthException.InvalidArgument($"running pod create option: invalid pod exit policy: \"{value}\"");

    /// <summary>
    /// What a container joining <paramref name="pod"/> gets: the pod, the infra container whose namespaces it joins and
    /// the hostname of the shared UTS namespace. The infra container must exist when the pod shares namespaces.
    /// </summary>
    public static PodMembership MembershipOf(Pod pod) => new()
    {
        PodId = pod.Id,
        InfraId = pod.Config.InfraContainerId.Length > 0 ? pod.Config.InfraContainerId : null,
        Shared = pod.Config.InfraContainerId.Length > 0 ? pod.Config.SharedNamespaces : [],
        Hostname = pod.Config.Hostname.Length > 0 ? pod.Config.Hostname : pod.Name,
        CgroupParent = pod.Config.CgroupPath.Length > 0 ? pod.Config.CgroupPath : null,
    };

    private Pod Load(PodRecord record)
    {
        var config = PodConfig.From(record);
        return new Pod(config, [.. containers.List().Where(c => c.Config.Pod == record.Id)]);
    }

    private PodRecord? FindRecord(string nameOrId)
    {
        var pods = containers.Store.Pods;
        if (pods.GetByName(nameOrId) is { } byName)
        {
            return byName;
        }

        if (nameOrId.Length == 0 || nameOrId.Length > 64 || !nameOrId.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')))
        {
            return null;
        }

        var matches = pods.FindByIdPrefix(nameOrId);
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new BerthException(ErrorKind.Conflict, $"more than one result for pod ID {nameOrId}: pod already exists"),
        };
    }

    private static string NewId() => ContainerIds.New();
}

/// <summary>A container's place in a pod, decided at create (<see cref="PodService.MembershipOf"/>).</summary>
public sealed record PodMembership
{
    public required string PodId { get; init; }

    /// <summary>The infra container; null for a pod made with <c>--infra=false</c>.</summary>
    public string? InfraId { get; init; }

    /// <summary>The namespaces joined from the infra container (none without one).</summary>
    public IReadOnlyList<string> Shared { get; init; } = [];

    /// <summary>The hostname of the pod's UTS namespace.</summary>
    public string Hostname { get; init; } = "";

    /// <summary>The pod's cgroup, the member's cgroup parent; null = the engine's default parent.</summary>
    public string? CgroupParent { get; init; }
}
