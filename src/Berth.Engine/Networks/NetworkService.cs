using Berth.Engine.Containers;
using Berth.Network;
using Berth.Network.Model;
using Berth.Platform.Locking;

namespace Berth.Engine.Networks;

/// <summary>The outcome for one name of <c>network rm</c> or one network of <c>network prune</c>.</summary>
public sealed record NetworkRemoveReport(string Name, BerthException? Error);

/// <summary>
/// The network definitions: create (name, bridge and subnet chosen under an exclusive flock on the config directory's
/// <c>netavark.lock</c>, so concurrent creates never pick the same), list with filters, inspect, exists, remove (with
/// the containers using the network when forced) and prune. A network is in use when a container's configuration
/// names it in <see cref="ContainerConfig.Networks"/>. One instance per command; dispose it to close the store.
/// </summary>
public sealed class NetworkService(BerthEngine engine) : IDisposable
{
    /// <summary>The lock file podman keeps in the directory too (podman takes fcntl locks on it, Berth flock).</summary>
    public const string LockFileName = "netavark.lock";

    private ContainerService? containers;

    public NetworkConfigDirectory Directory { get; } = NetworkEnvironment.ConfigDirectory(engine);

    /// <summary>The host's interfaces and subnets; replaceable for tests.</summary>
    public Func<HostNetworkFacts> HostFacts { get; init; } = HostNetworkProbe.Read;

    private ContainerService Containers => containers ??= new ContainerService(engine);

    public void Dispose() => containers?.Dispose();

    /// <summary>Validates and writes a new network; with <paramref name="ignoreExisting"/> an existing network of that name is returned instead.</summary>
    public NetworkDefinition Create(NetworkCreateRequest request, bool ignoreExisting = false)
    {
        System.IO.Directory.CreateDirectory(Directory.Directory);
        using var held = FileLock.Acquire(Path.Combine(Directory.Directory, LockFileName), LockMode.Exclusive);
        var existing = Directory.List();
        if (ignoreExisting && request.Name.Length > 0 && existing.FirstOrDefault(n => n.Name == request.Name) is { } found)
        {
            return found;
        }

        var network = NetworkCreator.Create(request, new NetworkCreateContext
        {
            Existing = existing,
            Host = HostFacts(),
            SubnetPools = engine.ContainersConf.Network.DefaultSubnetPools,
            Now = DateTimeOffset.Now,
        });
        Directory.Save(network);
        return network;
    }

    /// <summary><c>network ls</c>: the networks that pass every filter, sorted by name.</summary>
    public IReadOnlyList<NetworkDefinition> List(IReadOnlyList<string> rawFilters)
    {
        var filters = NetworkFilters.Parse(rawFilters);
        var dangling = NetworkFilters.Dangling(filters);
        var match = NetworkFilters.ForList(filters);
        IEnumerable<NetworkDefinition> list = Directory.List().Where(match);
        if (dangling is { } wanted)
        {
            var inUse = NetworksInUse();
            list = list.Where(n => !inUse.Contains(n.Name) == wanted);
        }

        return [.. list];
    }

    /// <summary>The network by name, ID or unique ID prefix, or podman's "unable to find network" error.</summary>
    public NetworkDefinition Find(string nameOrId) => Directory.Find(nameOrId);

    public bool Exists(string nameOrId) => Directory.TryFind(nameOrId) is not null;

    /// <summary>
    /// <c>network rm</c>: per name, the containers using the network are removed when <paramref name="force"/> (else the
    /// whole command stops with podman's in-use error, exit 2), then the definition. The default network is refused.
    /// </summary>
    public async Task<IReadOnlyList<NetworkRemoveReport>> RemoveAsync(IReadOnlyList<string> namesOrIds, bool force, uint? timeout, CancellationToken cancellationToken)
    {
        var reports = new List<NetworkRemoveReport>();
        foreach (var nameOrId in namesOrIds)
        {
            var network = Directory.TryFind(nameOrId);
            if (network is null)
            {
                reports.Add(new NetworkRemoveReport(nameOrId, NotFound(nameOrId)));
                continue;
            }

            if (network.Name == Directory.DefaultName)
            {
                // podman removes the containers first and then refuses; Berth refuses before touching them.
                reports.Add(new NetworkRemoveReport(nameOrId, DefaultNetworkError()));
                continue;
            }

            var users = Containers.List().Where(c => c.Config.Networks.ContainsKey(network.Name)).ToList();
            if (users.Count > 0 && !force)
            {
                throw new BerthException(ErrorKind.Conflict, $"\"{nameOrId}\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used")
                {
                    ExitCode = 2,
                };
            }

            foreach (var c in users)
            {
                await Containers.RemoveAsync(c, new RemoveOptions { Force = true, Timeout = timeout }, cancellationToken).ConfigureAwait(false);
            }

            reports.Add(new NetworkRemoveReport(nameOrId, Delete(network.Name)));
        }

        return reports;
    }

    /// <summary><c>network prune</c>: every network no container uses, except the default one, that passes the filters.</summary>
    public IReadOnlyList<NetworkRemoveReport> Prune(IReadOnlyList<string> rawFilters)
    {
        var match = NetworkFilters.ForPrune(NetworkFilters.Parse(rawFilters));
        var inUse = NetworksInUse();
        var reports = new List<NetworkRemoveReport>();
        foreach (var network in Directory.List())
        {
            if (network.Name == Directory.DefaultName || inUse.Contains(network.Name) || !match(network))
            {
                continue;
            }

            reports.Add(new NetworkRemoveReport(network.Name, Delete(network.Name)));
        }

        return reports;
    }

    /// <summary>The names of the networks some container is configured with, plus the default network (never dangling).</summary>
    public HashSet<string> NetworksInUse()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { Directory.DefaultName };
        foreach (var c in Containers.List())
        {
            names.UnionWith(c.Config.Networks.Keys);
        }

        return names;
    }

    public static BerthException NotFound(string nameOrId) =>
        new(ErrorKind.NotFound, $"unable to find network with name or ID {nameOrId}: network not found") { ExitCode = 1 };

    private BerthException DefaultNetworkError() =>
        new(ErrorKind.InvalidArgument, $"default network {Directory.DefaultName} cannot be removed");

    private BerthException? Delete(string name)
    {
        using var held = FileLock.Acquire(Path.Combine(Directory.Directory, LockFileName), LockMode.Exclusive);
        try
        {
            Directory.Delete(name);
            return null;
        }
        catch (IOException e)
        {
            return new BerthException(ErrorKind.Internal, $"removing network {name}: {e.Message}");
        }
    }
}
