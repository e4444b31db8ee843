using Berth.Engine.Networks;
using Berth.Network.Model;
using Berth.Network.Netavark;
using Berth.Platform.Namespaces;
using Berth.Storage.Containers;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// A build container (<c>RUN</c>, <c>buildah run</c>) joining networks the way a container does at init: a new
    /// namespace, addresses leased under the build container's ID, netavark's setup awaited. It is not a stored container:
    /// the returned stand-in carries what <see cref="TeardownNetworkAsync"/> needs. A failure undoes what was done.
    /// </summary>
    internal async Task<(Container Standin, IReadOnlyList<string> Addresses)> AttachBuildNetworkAsync(string id, string name, IReadOnlyList<string> networks, CancellationToken cancellationToken)
    {
        var directory = NetworkEnvironment.ConfigDirectory(engine);
        var definitions = new Dictionary<string, NetworkDefinition>(StringComparer.Ordinal);
        var attachments = new Dictionary<string, PerNetworkOptions>(StringComparer.Ordinal);
        foreach (var wanted in networks.Count > 0 ? networks : [directory.DefaultNetwork().Name])
        {
            var definition = directory.Find(wanted);
            if (definitions.TryAdd(definition.Name, definition))
            {
                attachments[definition.Name] = new PerNetworkOptions { InterfaceName = $"eth{attachments.Count}" };
            }
        }

        var netavark = NetworkEnvironment.Netavark(engine);
        var netns = NetworkNamespaceFile.NewPath(NetworkNamespaceFile.DefaultDirectory);
        var now = DateTimeOffset.UtcNow;
        var standin = new Container(
            new ContainerRecord(id, name, null, now, "", ContainerStatus.Created, "", 0),
            new ContainerConfig { Id = id, Created = now, NetworkMode = "bridge", Networks = attachments },
            new ContainerState { NetNsPath = netns, NetworkDefinitions = definitions });
        try
        {
            NetworkNamespaceFile.Create(netns);
            var request = BuildRequest(standin, definitions, allocate: true);
            var status = await netavark.SetupAsync(netns, request, cancellationToken).ConfigureAwait(false);
            var addresses = status.Values
                .SelectMany(s => s.Interfaces?.Values ?? [])
                .SelectMany(i => i.Subnets ?? [])
                .Select(a => a.IpNet.Split('/')[0])
                .ToList();
            return (standin, addresses);
        }
        catch
        {
            await TeardownNetworkAsync(standin, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Undoes <see cref="AttachBuildNetworkAsync"/>: netavark teardown, leases released, namespace removed.</summary>
    internal Task DetachBuildNetworkAsync(Container standin) => TeardownNetworkAsync(standin, CancellationToken.None);
}
