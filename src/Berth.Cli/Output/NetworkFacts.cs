using System.Net.Sockets;
using Berth.Network.Netavark;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>One network's addresses as inspect shows them (libpod's InspectBasicNetworkConfig), from netavark's answer.</summary>
internal sealed record NetworkFacts
{
    public static readonly NetworkFacts Empty = new();

    public string Gateway { get; init; } = "";
    public string IpAddress { get; init; } = "";
    public int PrefixLength { get; init; }
    public string Ipv6Gateway { get; init; } = "";
    public string Ipv6Address { get; init; } = "";
    public int Ipv6PrefixLength { get; init; }
    public string MacAddress { get; init; } = "";
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The first interface's first IPv4 and IPv6 addresses (podman reads them the same way).</summary>
    public static NetworkFacts From(NetworkStatus status)
    {
        var facts = new NetworkFacts();
        var first = status.Interfaces?.Values.FirstOrDefault();
        if (first is null)
        {
            return facts;
        }

        facts = facts with { MacAddress = first.MacAddress };
        foreach (var address in first.Subnets ?? [])
        {
            var slash = address.IpNet.IndexOf('/', StringComparison.Ordinal);
            var ip = slash < 0 ? address.IpNet : address.IpNet[..slash];
            var prefix = slash < 0 ? 0 : int.Parse(address.IpNet.AsSpan(slash + 1), System.Globalization.CultureInfo.InvariantCulture);
            var v6 = System.Net.IPAddress.TryParse(ip, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;
            if (v6 && facts.Ipv6Address.Length == 0)
            {
                facts = facts with { Ipv6Address = ip, Ipv6PrefixLength = prefix, Ipv6Gateway = address.Gateway ?? "" };
            }
            else if (!v6 && facts.IpAddress.Length == 0)
            {
                facts = facts with { IpAddress = ip, PrefixLength = prefix, Gateway = address.Gateway ?? "" };
            }
        }

        return facts;
    }

    /// <summary>libpod's InspectAdditionalNetwork for <paramref name="network"/>.</summary>
    public GoStruct View(string network) => new GoStruct("*define.InspectAdditionalNetwork")
        .Add("EndpointID", "")
        .Add("Gateway", Gateway)
        .Add("IPAddress", IpAddress)
        .Add("IPPrefixLen", PrefixLength)
        .Add("IPv6Gateway", Ipv6Gateway)
        .Add("GlobalIPv6Address", Ipv6Address)
        .Add("GlobalIPv6PrefixLen", Ipv6PrefixLength)
        .Add("MacAddress", MacAddress)
        .Add("NetworkID", network)
        .Add("DriverOpts", GoTypedNil.Of("map[string]string"))
        .Add("IPAMConfig", GoTypedNil.Of("map[string]string"))
        .Add("Links", GoTypedNil.Of("[]string"))
        .Add("Aliases", new GoSlice("[]string", [.. Aliases]));
}
