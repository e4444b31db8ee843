using System.Net;

namespace Berth.Network.Model;

/// <summary>
/// What <c>network create</c> must avoid on this host: the interface names (bridge names and macvlan parents) and the
/// subnets of the host's addresses and routes. Gathered by <see cref="HostNetworkProbe"/>; plain data so tests can make one.
/// </summary>
public sealed record HostNetworkFacts(IReadOnlyList<string> InterfaceNames, IReadOnlyList<IPNetwork> UsedSubnets)
{
    public static HostNetworkFacts Empty { get; } = new([], []);
}
