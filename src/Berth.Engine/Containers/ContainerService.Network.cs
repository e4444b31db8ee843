using System.Net;
using Berth.Engine.Networks;
using Berth.Network.Model;
using Berth.Network.Netavark;
using Berth.Oci;
using Berth.Platform.Namespaces;

namespace Berth.Engine.Containers;

/// <summary>
/// What a container's network setup hands to the rest of init: the namespace, the held host ports, the status expected
/// from netavark (the addresses Berth leased; files are written from it) and netavark's setup still running, which
/// init awaits after the runtime's create (the two overlap; the process cannot start before both are done).
/// </summary>
internal sealed class NetworkAttachment(Container container, string netNsPath, PortReservations ports, IReadOnlyDictionary<string, NetworkStatus> expected, Task<IReadOnlyDictionary<string, NetworkStatus>> setup) : IDisposable
{
    public Container Container { get; } = container;

    public string NetNsPath { get; } = netNsPath;

    public PortReservations Ports { get; } = ports;

    public IReadOnlyDictionary<string, NetworkStatus> Expected { get; } = expected;

    public Task<IReadOnlyDictionary<string, NetworkStatus>> Setup { get; } = setup;

    /// <summary>Waits for netavark whatever happened (before any teardown), ignoring its failure.</summary>
    public async Task SettleAsync()
    {
        try
        {
            await Setup.ConfigureAwait(false);
        }
        catch (Exception e) when (e is BerthException or OperationCanceledException or IOException)
        {
        }
    }

    public void Dispose() => Ports.Dispose();
}

public sealed partial class ContainerService
{
    private Berth.Storage.Networks.NetworkLeaseStore? leases;

    /// <summary>The machine's address leases (opened on first use: containers without a bridge network never need them).</summary>
    private Berth.Storage.Networks.NetworkLeaseStore Leases =>
        leases ??= Berth.Storage.Networks.NetworkLeaseStore.Open(Path.Combine(NetworkEnvironment.RunDirectory(engine), "berth-ipam.db"));

    /// <summary>
    /// Bridge mode: binds the published host ports, makes the network namespace, takes the addresses (host-local IPAM)
    /// and starts netavark building the interfaces, routes, firewall rules and DNS entries. The namespace path is stored
    /// before anything else happens so that cleanup after a crash finds it; a failure here undoes what was done (the
    /// caller undoes the rest once it has settled <see cref="NetworkAttachment.Setup"/>).
    /// </summary>
    internal async Task<NetworkAttachment?> BeginNetworkSetupLockedAsync(Container c, CancellationToken cancellationToken)
    {
        if (c.Config.NetworkMode != "bridge" || c.Config.Networks.Count == 0)
        {
            return null;
        }

        var directory = NetworkEnvironment.ConfigDirectory(engine);
        var definitions = c.Config.Networks.Keys.ToDictionary(n => n, directory.Find, StringComparer.Ordinal);
        var netavark = NetworkEnvironment.Netavark(engine);
        var ports = PortReservations.Bind(c.Config.PortMappings);
        string? netns = null;
        try
        {
            netns = NetworkNamespaceFile.NewPath(NetworkNamespaceFile.DefaultDirectory);
            c = SaveLocked(c, c.State with { NetNsPath = netns, NetworkDefinitions = definitions });
            NetworkNamespaceFile.Create(netns);
            var request = BuildRequest(c, definitions, allocate: true);
            var setup = netavark.SetupAsync(netns, request, cancellationToken);
            return new NetworkAttachment(c, netns, ports, ExpectedStatus(request), setup);
        }
        catch
        {
            ports.Dispose();
            if (netns is not null)
            {
                await TeardownNetworkLockedAsync(Reload(c), CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// What netavark will answer, from what Berth decided: each interface with its leased addresses and the subnets'
    /// gateways, and on DNS-enabled networks aardvark-dns on the gateways with the search domain dns.podman (netavark's
    /// fixed values). The container's files are written from it while netavark still works; the MAC comes later.
    /// </summary>
    private static Dictionary<string, NetworkStatus> ExpectedStatus(NetavarkRequest request)
    {
        var result = new Dictionary<string, NetworkStatus>(StringComparer.Ordinal);
        foreach (var (name, options) in request.Networks)
        {
            var network = request.NetworkInfo[name];
            var addresses = new List<InterfaceAddress>();
            foreach (var ip in options.StaticIps ?? [])
            {
                var address = IPAddress.Parse(ip);
                foreach (var subnet in network.SubnetList)
                {
                    if (IpArithmetic.TryParseSubnet(subnet.Subnet, out var net) && net.Contains(address))
                    {
                        addresses.Add(new InterfaceAddress { IpNet = $"{ip}/{net.PrefixLength}", Gateway = subnet.Gateway });
                    }
                }
            }

            var gateways = network.SubnetList.Select(s => s.Gateway).OfType<string>().ToList();
            result[name] = new NetworkStatus
            {
                DnsServerIps = network.DnsEnabled ? gateways : [],
                DnsSearchDomains = network.DnsEnabled ? ["dns.podman"] : [],
                Interfaces = new Dictionary<string, NetworkInterfaceStatus>(StringComparer.Ordinal)
                {
                    [options.InterfaceName] = new NetworkInterfaceStatus { Subnets = addresses },
                },
            };
        }

        return result;
    }

    /// <summary>
    /// Undoes <see cref="BeginNetworkSetupLockedAsync"/>: netavark teardown (its failure is reported, not fatal: the namespace
    /// may be gone after a reboot), the addresses released, the namespace file unmounted and removed.
    /// </summary>
    internal async Task<Container> TeardownNetworkLockedAsync(Container c, CancellationToken cancellationToken)
    {
        await TeardownNetworkAsync(c, cancellationToken).ConfigureAwait(false);
        return c.State.NetNsPath.Length == 0 ? c : SaveLocked(c, c.State with { NetNsPath = "", NetworkStatus = null, NetworkDefinitions = null });
    }

    /// <summary>
    /// The work of <see cref="TeardownNetworkLockedAsync"/> without recording it: callers that run it alongside other
    /// cleanup record the result in their own final state write.
    /// </summary>
    internal async Task TeardownNetworkAsync(Container c, CancellationToken cancellationToken)
    {
        var netns = c.State.NetNsPath;
        if (netns.Length == 0)
        {
            if (c.Config.NetworkMode == "bridge")
            {
                Leases.Release(c.Id);
            }

            return;
        }

        if (File.Exists(netns))
        {
            try
            {
                var directory = NetworkEnvironment.ConfigDirectory(engine);
                var definitions = new Dictionary<string, NetworkDefinition>(StringComparer.Ordinal);
                foreach (var name in c.Config.Networks.Keys)
                {
                    if ((c.State.NetworkDefinitions?.GetValueOrDefault(name) ?? directory.TryFind(name)) is { } d)
                    {
                        definitions[name] = d;
                    }
                }

                if (definitions.Count > 0)
                {
                    var request = BuildRequest(c, definitions, allocate: false);
                    await NetworkEnvironment.Netavark(engine).TeardownAsync(netns, request, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (BerthException e)
            {
                await Console.Error.WriteLineAsync($"WARN[0000] Unable to clean up network for container {c.Id}: \"{e.Message}\"").ConfigureAwait(false);
            }
        }

        Leases.Release(c.Id);
        NetworkNamespaceFile.Remove(netns);
    }

    /// <summary>
    /// netavark's input: each network with the container's addresses (taken now when <paramref name="allocate"/>, else
    /// the ones it holds), its aliases plus the short ID (podman adds it), and the port mappings.
    /// </summary>
    private NetavarkRequest BuildRequest(Container c, IReadOnlyDictionary<string, NetworkDefinition> definitions, bool allocate)
    {
        var held = Leases.List(c.Id);
        var networks = new Dictionary<string, PerNetworkOptions>(StringComparer.Ordinal);
        foreach (var (name, options) in c.Config.Networks)
        {
            if (!definitions.TryGetValue(name, out var definition))
            {
                continue;
            }

            var addresses = allocate && definition.IpamDriver == "host-local"
                ? Allocate(c, definition, options)
                : [.. held.Where(l => l.Network == name).Select(l => l.Address)];
            networks[name] = options with
            {
                StaticIps = addresses.Count > 0 ? addresses : null,
                Aliases = [.. options.Aliases ?? [], c.ShortId],
            };
        }

        return new NetavarkRequest
        {
            ContainerId = c.Id,
            ContainerName = c.Name,
            PortMappings = c.Config.PortMappings.Count > 0 ? c.Config.PortMappings : null,
            Networks = networks,
            NetworkInfo = definitions.Where(d => networks.ContainsKey(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
            DnsServers = c.Config.DnsServers.Count > 0 ? c.Config.DnsServers : null,
        };
    }

    /// <summary>One address per subnet: the <c>--ip</c> ones where given (refused when held by another container), else the next free.</summary>
    private List<string> Allocate(Container c, NetworkDefinition network, PerNetworkOptions options)
    {
        var result = new List<string>();
        Leases.Release(c.Id, network.Name); // leftovers of an attempt that died midway
        foreach (var subnet in network.SubnetList)
        {
            if (!IpArithmetic.TryParseSubnet(subnet.Subnet, out var net))
            {
                continue;
            }

            var wanted = (options.StaticIps ?? []).FirstOrDefault(ip => IPAddress.TryParse(ip, out var a) && net.Contains(a));
            if (wanted is not null)
            {
                if (Leases.Reserve(network.Name, wanted, c.Id) is { } holder)
                {
                    throw new BerthException(ErrorKind.Conflict, $"IPAM error: requested ip address {wanted} is already allocated to container ID {holder}");
                }

                result.Add(wanted);
                continue;
            }

            var address = Leases.Allocate(network.Name, c.Id, (used, last) => AddressAllocator.Next(subnet, used, last)?.ToString())
                ?? throw new BerthException(ErrorKind.Conflict, $"IPAM error: failed to find free IP in range: {subnet.Subnet}");
            result.Add(address);
        }

        foreach (var ip in options.StaticIps ?? [])
        {
            if (!result.Contains(ip))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"requested static ip {ip} not in any subnet on network {network.Name}");
            }
        }

        return result;
    }
}

public sealed partial class ContainerService
{
    /// <summary>
    /// The namespace a container joins instead of getting its own: <c>ns:&lt;path&gt;</c>, or <c>container:&lt;id&gt;</c>
    /// (that container's namespace file, else its process's namespace; it must be running). Null otherwise.
    /// </summary>
    private string? JoinedNetworkNamespace(Container c)
    {
        var mode = c.Config.NetworkMode;
        if (mode.StartsWith("ns:", StringComparison.Ordinal))
        {
            return mode[3..];
        }

        if (!mode.StartsWith("container:", StringComparison.Ordinal))
        {
            return null;
        }

        var other = Find(mode["container:".Length..]);
        if (other.State.NetNsPath.Length > 0)
        {
            return other.State.NetNsPath;
        }

        if (other.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused) || other.State.Pid <= 0)
        {
            throw new BerthException(ErrorKind.InvalidState, $"cannot join the network namespace of container {other.Id}: it is not running: container state improper");
        }

        return $"/proc/{other.State.Pid}/ns/net";
    }
}
