using Berth.Engine.Networks;
using Berth.Network.Model;
using Berth.Network.Netavark;
using Berth.Oci;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// <c>network connect</c>: adds the network to the container's configuration and, when the container's network is
    /// set up (running), attaches it now on the next free interface (eth1, …) with its own address.
    /// </summary>
    public async Task ConnectNetworkAsync(Container container, string network, PerNetworkOptions? options, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        var definition = NetworkEnvironment.ConfigDirectory(engine).Find(network);
        if (c.Config.NetworkMode != "bridge")
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"\"{c.Config.NetworkMode}\" is not supported: invalid network mode");
        }

        if (c.Config.Networks.ContainsKey(definition.Name))
        {
            throw new BerthException(ErrorKind.AlreadyExists, $"container {c.Id} is already connected to network \"{definition.Name}\": network is already connected");
        }

        var used = c.Config.Networks.Values.Select(o => o.InterfaceName).ToHashSet(StringComparer.Ordinal);
        var index = 0;
        while (used.Contains($"eth{index}"))
        {
            index++;
        }

        var attachment = (options ?? new PerNetworkOptions { InterfaceName = "" }) with { InterfaceName = $"eth{index}" };
        var networks = new Dictionary<string, PerNetworkOptions>(c.Config.Networks, StringComparer.Ordinal) { [definition.Name] = attachment };
        var next = c with { Config = c.Config with { Networks = networks } };
        var state = c.State;
        if (c.State.NetNsPath.Length > 0)
        {
            var request = BuildRequest(next, new Dictionary<string, NetworkDefinition> { [definition.Name] = definition }, allocate: true);
            try
            {
                var status = await NetworkEnvironment.Netavark(engine).SetupAsync(c.State.NetNsPath, request, cancellationToken).ConfigureAwait(false);
                var merged = new Dictionary<string, NetworkStatus>(c.State.NetworkStatus ?? new Dictionary<string, NetworkStatus>(), StringComparer.Ordinal);
                foreach (var (name, s) in status)
                {
                    merged[name] = s;
                }

                state = state with { NetworkStatus = merged };
            }
            catch
            {
                Leases.Release(c.Id, definition.Name);
                throw;
            }
        }

        SaveConfigLocked(next.Config, state);
    }

    /// <summary><c>network disconnect</c>: detaches a running container now, and drops the network from its configuration.</summary>
    public async Task DisconnectNetworkAsync(Container container, string network, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        var definition = NetworkEnvironment.ConfigDirectory(engine).Find(network);
        if (!c.Config.Networks.ContainsKey(definition.Name))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"container {c.Id} is not connected to network {definition.Name}: network is not connected");
        }

        var state = c.State;
        if (c.State.NetNsPath.Length > 0)
        {
            var request = BuildRequest(c, new Dictionary<string, NetworkDefinition> { [definition.Name] = definition }, allocate: false);
            await NetworkEnvironment.Netavark(engine).TeardownAsync(c.State.NetNsPath, request, cancellationToken).ConfigureAwait(false);
            var remaining = (c.State.NetworkStatus ?? new Dictionary<string, NetworkStatus>()).Where(s => s.Key != definition.Name)
                .ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
            state = state with { NetworkStatus = remaining };
        }

        Leases.Release(c.Id, definition.Name);
        var networks = c.Config.Networks.Where(n => n.Key != definition.Name).ToDictionary(n => n.Key, n => n.Value, StringComparer.Ordinal);
        SaveConfigLocked(c.Config with { Networks = networks }, state);
    }

    /// <summary>
    /// <c>network reload</c>: netavark tears down and sets up the container's networks again with the addresses it holds,
    /// restoring firewall rules that were flushed. Only containers whose network is set up can be reloaded.
    /// </summary>
    public async Task ReloadNetworkAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.NetNsPath.Length == 0 || c.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Created))
        {
            throw new BerthException(ErrorKind.InvalidState, $"container {c.Id} network is not configured, refusing to reload: container state improper");
        }

        var directory = NetworkEnvironment.ConfigDirectory(engine);
        var definitions = c.Config.Networks.Keys.ToDictionary(n => n, directory.Find, StringComparer.Ordinal);
        var request = BuildRequest(c, definitions, allocate: false);
        var netavark = NetworkEnvironment.Netavark(engine);
        try
        {
            await netavark.TeardownAsync(c.State.NetNsPath, request, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // Rules already gone is what reload is for; setup below is what must succeed.
        }

        var status = await netavark.SetupAsync(c.State.NetNsPath, request, cancellationToken).ConfigureAwait(false);
        SaveLocked(c, c.State with { NetworkStatus = status });
    }

    private void SaveConfigLocked(ContainerConfig config, ContainerState state)
    {
        var change = Container.Change(state);
        Store.Containers.UpdateConfig(config.Id, Container.Serialize(config), change.State, change.StateJson);
    }
}
