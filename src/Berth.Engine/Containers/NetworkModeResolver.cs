using System.Net;
using Berth.Network.Model;
using Berth.Network.Netavark;
using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary><c>--network</c> and its companions as the user gave them.</summary>
public sealed record NetworkRequest
{
    /// <summary>The <c>--network</c> values in order; empty = containers.conf's default (bridge on the default network).</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Ip { get; init; }

    public string? Ip6 { get; init; }

    public string? Mac { get; init; }
}

/// <summary>The resolved mode and attachments.</summary>
public sealed record ResolvedNetworking(string Mode, IReadOnlyDictionary<string, PerNetworkOptions> Networks);

/// <summary>
/// podman 4.3's reading of <c>--network</c> (specgenutil ParseNetworkFlag): a mode (none, host, private, bridge[:opts],
/// container:&lt;id&gt;, ns:&lt;path&gt;) or network names with per-network options <c>name:ip=…,mac=…,alias=…,interface_name=…</c>;
/// several values only as network names. <c>--ip</c>, <c>--ip6</c> and <c>--mac-address</c> need exactly one network;
/// <c>--network-alias</c> applies to every network.
/// </summary>
public static class NetworkModeResolver
{
    public static ResolvedNetworking Resolve(NetworkRequest request, string defaultNetwork, Func<string, NetworkDefinition> find)
    {
        var values = request.Networks.Count > 0 ? request.Networks : ["private"];
        var first = values[0];
        var (head, _) = Split(first);
        if (head is "none" or "host" || first.StartsWith("container:", StringComparison.Ordinal) || first.StartsWith("ns:", StringComparison.Ordinal))
        {
            if (values.Count > 1)
            {
                throw Invalid($"can only set extra network names, selected mode {head} conflicts with bridge");
            }

            if (first.StartsWith("container:", StringComparison.Ordinal) && first.Length == "container:".Length
                || first.StartsWith("ns:", StringComparison.Ordinal) && first.Length == "ns:".Length)
            {
                throw Invalid($"invalid network mode \"{first}\": the value after ':' is empty");
            }

            foreach (var (flag, given) in (ReadOnlySpan<(string, bool)>)[("--ip", request.Ip is not null), ("--ip6", request.Ip6 is not null), ("--mac-address", request.Mac is not null), ("--network-alias", request.Aliases.Count > 0)])
            {
                if (given)
                {
                    throw Invalid($"{flag} can only be set when the network mode is bridge");
                }
            }

            return new ResolvedNetworking(head is "none" or "host" ? head : first, new Dictionary<string, PerNetworkOptions>());
        }

        if (head is "slirp4netns" or "pasta")
        {
            throw Invalid($"network mode {head} is for rootless containers, which this berth does not run yet: use bridge");
        }

        var networks = new Dictionary<string, PerNetworkOptions>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var (name, options) = Split(value);
            if (name is "none" or "host" || value.StartsWith("container:", StringComparison.Ordinal) || value.StartsWith("ns:", StringComparison.Ordinal))
            {
                throw Invalid($"can only set extra network names, selected mode {name} conflicts with bridge");
            }

            if (name is "private" or "bridge")
            {
                name = defaultNetwork;
            }

            var definition = find(name);
            if (networks.ContainsKey(definition.Name))
            {
                throw Invalid($"network {definition.Name} is given more than once");
            }

            networks[definition.Name] = ParseOptions(options, $"eth{networks.Count}");
        }

        if ((request.Ip is not null || request.Ip6 is not null || request.Mac is not null) && networks.Count != 1)
        {
            throw Invalid("--ip, --ip6 and --mac-address can only be set for a single network");
        }

        foreach (var name in networks.Keys.ToList())
        {
            var o = networks[name];
            var ips = (o.StaticIps ?? []).ToList();
            AddIp(ips, request.Ip, "--ip");
            AddIp(ips, request.Ip6, "--ip6");
            var definition = find(name);
            foreach (var ip in ips)
            {
                // podman finds this only at start; refusing it at create leaves nothing behind.
                if (!definition.SubnetList.Any(subnet => AddressAllocator.IsUsable(subnet, IPAddress.Parse(ip))))
                {
                    throw Invalid($"requested static ip {ip} not in any subnet on network {definition.Name}");
                }
            }

            networks[name] = o with
            {
                StaticIps = ips.Count > 0 ? ips : null,
                StaticMac = request.Mac is { } mac ? ValidMac(mac) : o.StaticMac,
                Aliases = request.Aliases.Count > 0 || o.Aliases is not null ? [.. o.Aliases ?? [], .. request.Aliases] : null,
            };
        }

        return new ResolvedNetworking("bridge", networks);
    }

    private static (string Name, string Options) Split(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (value, "") : (value[..colon], value[(colon + 1)..]);
    }

    private static PerNetworkOptions ParseOptions(string text, string defaultInterface)
    {
        var ips = new List<string>();
        var aliases = new List<string>();
        string? mac = null;
        var interfaceName = defaultInterface;
        foreach (var option in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "" : option[(eq + 1)..];
            switch (key)
            {
                case "ip" or "ip6":
                    AddIp(ips, value, key);
                    break;
                case "mac":
                    mac = ValidMac(value);
                    break;
                case "alias":
                    aliases.Add(value);
                    break;
                case "interface_name":
                    interfaceName = value;
                    break;
                default:
                    throw Invalid($"unknown bridge network option: {key}");
            }
        }

        return new PerNetworkOptions
        {
            InterfaceName = interfaceName,
            StaticIps = ips.Count > 0 ? ips : null,
            StaticMac = mac,
            Aliases = aliases.Count > 0 ? aliases : null,
        };
    }

    private static void AddIp(List<string> ips, string? value, string flag)
    {
        if (value is null)
        {
            return;
        }

        if (!IPAddress.TryParse(value, out var address))
        {
            throw Invalid($"{value} is not an ip address ({flag})");
        }

        ips.Add(address.ToString());
    }

    private static string ValidMac(string mac)
    {
        var parts = mac.Split(':');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !p.All(char.IsAsciiHexDigit)))
        {
            throw Invalid($"address {mac}: invalid MAC address");
        }

        return mac.ToLowerInvariant();
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message + ": invalid argument");
}
