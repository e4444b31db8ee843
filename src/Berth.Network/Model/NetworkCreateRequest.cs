using System.Net;

namespace Berth.Network.Model;

/// <summary>
/// What <c>network create</c> was asked for, as podman's CLI hands it to libnetwork: flags parsed, nothing decided yet.
/// Build it with <see cref="NetworkCreateRequest.FromFlags"/> (podman's CLI checks and their messages).
/// </summary>
public sealed record NetworkCreateRequest
{
    /// <summary>Empty: a free podmanN name is chosen (and used as the bridge name).</summary>
    public string Name { get; init; } = "";

    /// <summary>bridge (the default when empty) or macvlan.</summary>
    public string Driver { get; init; } = "";

    /// <summary>The bridge name or the macvlan parent; empty = chosen (bridge) or the default route's interface (macvlan).</summary>
    public string NetworkInterface { get; init; } = "";

    public IReadOnlyList<SubnetRequest> Subnets { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--ipam-driver</c>; null when not given.</summary>
    public string? IpamDriver { get; init; }

    public bool Internal { get; init; }

    public bool DnsEnabled { get; init; } = true;

    public bool Ipv6 { get; init; }

    /// <summary><c>--dns</c> (podman 4.5's network_dns_servers).</summary>
    public IReadOnlyList<string> DnsServers { get; init; } = [];
}

/// <summary>One <c>--subnet</c> with the <c>--gateway</c> and <c>--ip-range</c> of the same position.</summary>
public sealed record SubnetRequest(IPNetwork Subnet, IPAddress? Gateway = null, LeaseRange? LeaseRange = null);

/// <summary>The raw flag values of <c>network create</c>.</summary>
public sealed record NetworkCreateFlags
{
    public string Name { get; init; } = "";
    public string Driver { get; init; } = "bridge";
    public IReadOnlyList<string> Subnets { get; init; } = [];
    public IReadOnlyList<IPAddress> Gateways { get; init; } = [];
    public IReadOnlyList<string> Ranges { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Options { get; init; } = [];
    public string? IpamDriver { get; init; }
    public bool Internal { get; init; }
    public bool DisableDns { get; init; }
    public bool Ipv6 { get; init; }
    /// <summary>The deprecated hidden <c>--macvlan PARENT</c>.</summary>
    public string MacVlan { get; init; } = "";
    /// <summary><c>--interface-name</c> (podman 4.4+; hidden here, podman 4.3.1 has no such flag).</summary>
    public string InterfaceName { get; init; } = "";
    public IReadOnlyList<string> DnsServers { get; init; } = [];
}

public static class NetworkCreateRequestParser
{
    /// <summary>podman 4.3.1's cmd/podman/networks/create.go: labels, options, the macvlan parent, subnets with their gateways and ranges.</summary>
    /// <exception cref="BerthException">podman's message for the first mistake.</exception>
    public static NetworkCreateRequest FromFlags(NetworkCreateFlags flags)
    {
        var labels = KeyValues(flags.Labels, "failed to parse labels");
        var options = KeyValues(flags.Options, "unable to parse options");
        var driver = flags.Driver;
        var iface = flags.InterfaceName;
        if (flags.MacVlan.Length > 0)
        {
            driver = "macvlan";
            iface = flags.MacVlan;
        }
        else if (driver == "macvlan" && options.Remove("parent", out var parent))
        {
            iface = parent;
        }

        var subnets = new List<SubnetRequest>();
        if (flags.Subnets.Count > 0)
        {
            if (flags.Gateways.Count > flags.Subnets.Count)
            {
                throw Invalid("cannot set more gateways than subnets");
            }

            if (flags.Ranges.Count > flags.Subnets.Count)
            {
                throw Invalid("cannot set more ranges than subnets");
            }

            for (var i = 0; i < flags.Subnets.Count; i++)
            {
                if (!GoNet.TryParseCidr(flags.Subnets[i], out _, out var subnet))
                {
                    throw Invalid(GoNet.InvalidCidr(flags.Subnets[i]));
                }

                LeaseRange? range = null;
                if (i < flags.Ranges.Count)
                {
                    if (!GoNet.TryParseCidr(flags.Ranges[i], out _, out var r))
                    {
                        throw Invalid(GoNet.InvalidCidr(flags.Ranges[i]));
                    }

                    range = new LeaseRange { StartIp = GoNet.Format(GoNet.FirstIp(r)), EndIp = GoNet.Format(GoNet.LastIp(r)) };
                }

                subnets.Add(new SubnetRequest(subnet, i < flags.Gateways.Count ? flags.Gateways[i] : null, range));
            }
        }
        else if (flags.Ranges.Count > 0 || flags.Gateways.Count > 0)
        {
            throw Invalid("cannot set gateway or range without subnet");
        }

        return new NetworkCreateRequest
        {
            Name = flags.Name,
            Driver = driver,
            NetworkInterface = iface,
            Subnets = subnets,
            Labels = labels,
            Options = options,
            IpamDriver = flags.IpamDriver,
            Internal = flags.Internal,
            DnsEnabled = !flags.DisableDns,
            Ipv6 = flags.Ipv6,
            DnsServers = flags.DnsServers,
        };
    }

    /// <summary>parse.GetAllLabels: key=value or key (empty value); the last one of a key wins; an empty key is refused.</summary>
    private static Dictionary<string, string> KeyValues(IReadOnlyList<string> items, string context)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? item : item[..eq];
            if (key.Length == 0)
            {
                throw Invalid($"{context}: invalid label format: \"{item}\"");
            }

            result[key] = eq < 0 ? "" : item[(eq + 1)..];
        }

        return result;
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
