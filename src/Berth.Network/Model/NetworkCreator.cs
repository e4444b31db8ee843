using System.Net;
using System.Net.Sockets;
using Berth.Config;

namespace Berth.Network.Model;

/// <summary>What <see cref="NetworkCreator"/> decides against: the networks that exist and the host.</summary>
public sealed record NetworkCreateContext
{
    /// <summary>Every network, the default one included.</summary>
    public required IReadOnlyList<NetworkDefinition> Existing { get; init; }

    public required HostNetworkFacts Host { get; init; }

    /// <summary>containers.conf's default_subnet_pools (IPv4 subnets for networks created without --subnet).</summary>
    public required IReadOnlyList<SubnetPool> SubnetPools { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Random bytes for IDs and IPv6 subnets (a seam for tests).</summary>
    public Action<Span<byte>> Random { get; init; } = System.Security.Cryptography.RandomNumberGenerator.Fill;
}

/// <summary>
/// libnetwork's netavark NetworkCreate (containers/common 0.50, podman 4.3.1) as a pure function: validates the request,
/// picks the name, bridge, subnets and gateways, and returns the definition to write. Errors carry podman's text.
/// </summary>
public static class NetworkCreator
{
    /// <summary>Names podman refuses because <c>--network</c> gives them a meaning.</summary>
    public static readonly IReadOnlyList<string> ReservedNames = ["none", "host", "bridge", "private", "slirp4netns", "container", "ns"];

    /// <summary>macvlan's <c>-o mode=</c> values.</summary>
    public static readonly IReadOnlyList<string> MacVlanModes = ["bridge", "private", "vepa", "passthru"];

    private const string BridgePrefix = "podman";

    public static NetworkDefinition Create(NetworkCreateRequest request, NetworkCreateContext context)
    {
        if (ReservedNames.Contains(request.Name))
        {
            throw Invalid($"cannot create network with name \"{request.Name}\" because it conflicts with a valid network mode");
        }

        var driver = request.Driver.Length == 0 ? "bridge" : request.Driver;
        var existing = context.Existing;
        var id = NewId(existing, context.Random);
        var name = request.Name;
        var iface = request.NetworkInterface;
        if (name.Length > 0)
        {
            if (!NetworkNames.IsValidName(name))
            {
                throw Invalid($"network name {name} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }

            if (Lookup(existing, name) is not null)
            {
                throw new BerthException(ErrorKind.AlreadyExists, $"network name {name} already used: network already exists");
            }
        }
        else
        {
            name = FreeDeviceName(existing, context.Host);
            if (driver == "bridge" && iface.Length == 0)
            {
                iface = name;
            }
        }

        var ipam = request.IpamDriver ?? "";
        ValidateIpamDriver(ipam, request.Subnets.Count);
        var used = new List<IPNetwork>();
        if (driver == "bridge")
        {
            foreach (var n in existing)
            {
                foreach (var s in n.SubnetList)
                {
                    if (IpArithmetic.TryParseSubnet(s.Subnet, out var parsed))
                    {
                        used.Add(parsed);
                    }
                }
            }

            used.AddRange(context.Host.UsedSubnets);
        }

        var subnets = new List<SubnetRequest>(request.Subnets);
        var options = new SortedDictionary<string, string>(request.Options.ToDictionary(), StringComparer.Ordinal);
        switch (driver)
        {
            case "bridge":
                iface = Bridge(iface, existing, context, subnets, used, request.Ipv6, ref ipam);
                ValidateBridgeOptions(options);
                break;
            case "macvlan":
                MacVlan(iface, context.Host, subnets.Count, options, ref ipam);
                break;
            default:
                throw Invalid($"unsupported driver {driver}: invalid argument");
        }

        var dnsEnabled = request.DnsEnabled && ipam != "none";
        var addGateway = !request.Internal || dnsEnabled;
        var final = new List<NetworkSubnet>();
        var ipv6 = request.Ipv6;
        foreach (var s in subnets)
        {
            final.Add(ValidateSubnet(s, addGateway, used));
            ipv6 |= s.Subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return new NetworkDefinition
        {
            Name = name,
            Id = id,
            Driver = driver,
            NetworkInterface = iface.Length == 0 ? null : iface,
            Created = FormatCreated(context.Now),
            Subnets = final.Count == 0 ? null : final,
            Ipv6Enabled = ipv6,
            Internal = request.Internal,
            DnsEnabled = dnsEnabled,
            NetworkDnsServers = request.DnsServers.Count == 0 ? null : request.DnsServers,
            Labels = request.Labels.Count == 0 ? null : new SortedDictionary<string, string>(request.Labels.ToDictionary(), StringComparer.Ordinal),
            Options = options.Count == 0 ? null : options,
            IpamOptions = new Dictionary<string, string> { ["driver"] = ipam.Length == 0 ? "host-local" : ipam },
        };
    }

    /// <summary>Go's RFC 3339 with nanoseconds as podman writes <c>created</c>: trailing zeros dropped, "Z" for UTC.</summary>
    public static string FormatCreated(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>getNetwork: by name, else by a unique ID prefix (an ambiguous prefix finds nothing here).</summary>
    public static NetworkDefinition? Lookup(IReadOnlyList<NetworkDefinition> networks, string nameOrId)
    {
        if (networks.FirstOrDefault(n => n.Name == nameOrId) is { } byName)
        {
            return byName;
        }

        var matches = networks.Where(n => n.Id.StartsWith(nameOrId, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The first podmanN (N from 1) that is no bridge of a network, no network's name and no host interface.</summary>
    public static string FreeDeviceName(IReadOnlyList<NetworkDefinition> existing, HostNetworkFacts host)
    {
        var taken = new HashSet<string>(host.InterfaceNames, StringComparer.Ordinal);
        foreach (var n in existing)
        {
            // podman counts bridge names only; Berth also skips network names, so an auto-named network never collides.
            taken.Add(n.Name);
            if (n.Driver == "bridge" && n.NetworkInterface is { } b)
            {
                taken.Add(b);
            }
        }

        for (var i = 1; i < 1_000_000; i++)
        {
            var candidate = BridgePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        throw new BerthException(ErrorKind.Conflict, "could not find free device name, to many iterations");
    }

    /// <summary>The first subnet of the pools that overlaps nothing used (pools in order, subnets in order).</summary>
    public static IPNetwork FreeIpv4Subnet(IReadOnlyList<SubnetPool> pools, IReadOnlyList<IPNetwork> used)
    {
        foreach (var pool in pools)
        {
            if (pool.Base.BaseAddress.AddressFamily != AddressFamily.InterNetwork || pool.Size is < 0 or > 32)
            {
                continue;
            }

            var step = UInt128.One << (32 - pool.Size);
            var candidate = IpArithmetic.ToNumber(pool.Base.BaseAddress);
            while (candidate <= uint.MaxValue)
            {
                var address = IpArithmetic.FromNumber(candidate, AddressFamily.InterNetwork);
                if (!pool.Base.Contains(address))
                {
                    break;
                }

                var net = new IPNetwork(address, pool.Size);
                if (!used.Any(u => IpArithmetic.Overlaps(u, net)))
                {
                    return net;
                }

                candidate += step;
            }
        }

        throw new BerthException(ErrorKind.Conflict, "could not find free subnet from subnet pools");
    }

    /// <summary>A random unique local /64 (fdXX:XXXX:XXXX:XXXX::/64, RFC 4193) that overlaps nothing used.</summary>
    public static IPNetwork FreeIpv6Subnet(IReadOnlyList<IPNetwork> used, Action<Span<byte>> random)
    {
        for (var i = 0; i < 10000; i++)
        {
            var bytes = new byte[16];
            random(bytes.AsSpan(0, 8));
            bytes[0] = 0xfd;
            var net = new IPNetwork(new IPAddress(bytes), 64);
            if (!used.Any(u => IpArithmetic.Overlaps(u, net)))
            {
                return net;
            }
        }

        throw new BerthException(ErrorKind.Conflict, "failed to get random ipv6 subnet");
    }

    private static string Bridge(string iface, IReadOnlyList<NetworkDefinition> existing, NetworkCreateContext context, List<SubnetRequest> subnets, List<IPNetwork> used, bool ipv6, ref string ipam)
    {
        if (iface.Length > 0)
        {
            if (existing.Any(n => n.Driver == "bridge" && n.NetworkInterface == iface))
            {
                throw new BerthException(ErrorKind.AlreadyExists, $"bridge name {iface} already in use");
            }

            if (!NetworkNames.IsValidName(iface))
            {
                throw Invalid($"bridge name {iface} invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
            }
        }
        else
        {
            iface = FreeDeviceName(existing, context.Host);
        }

        if (ipam is "" or "host-local")
        {
            if (subnets.Count == 0)
            {
                subnets.Add(new SubnetRequest(FreeIpv4Subnet(context.SubnetPools, used)));
            }

            if (ipv6)
            {
                if (!subnets.Any(s => s.Subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork))
                {
                    subnets.Add(new SubnetRequest(FreeIpv4Subnet(context.SubnetPools, used)));
                }

                if (!subnets.Any(s => s.Subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6))
                {
                    subnets.Add(new SubnetRequest(FreeIpv6Subnet(used, context.Random)));
                }
            }

            ipam = "host-local";
        }

        return iface;
    }

    /// <summary>Bridge options: mtu, vlan, isolate (normalised to true/false, as netavark reads only those words).</summary>
    private static void ValidateBridgeOptions(SortedDictionary<string, string> options)
    {
        foreach (var (key, value) in options.ToList())
        {
            switch (key)
            {
                case "mtu":
                    ParseMtu(value);
                    break;
                case "vlan":
                    ParseVlan(value);
                    break;
                case "isolate":
                    options[key] = GoStrconv.ParseBool(value) ? "true" : "false";
                    break;
                default:
                    throw Invalid($"unsupported bridge network option {key}");
            }
        }
    }

    private static void MacVlan(string parent, HostNetworkFacts host, int subnetCount, SortedDictionary<string, string> options, ref string ipam)
    {
        if (parent.Length > 0 && !host.InterfaceNames.Contains(parent))
        {
            throw new BerthException(ErrorKind.NotFound, $"parent interface {parent} does not exist");
        }

        switch (ipam)
        {
            case "":
                if (subnetCount == 0)
                {
                    throw Invalid("macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark");
                }

                ipam = "host-local";
                break;
            case "host-local" when subnetCount == 0:
                throw Invalid("macvlan driver needs at least one subnet specified, when the host-local ipam driver is set");
        }

        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case "mode":
                    if (!MacVlanModes.Contains(value))
                    {
                        throw Invalid($"unknown macvlan mode \"{value}\"");
                    }

                    break;
                case "mtu":
                    ParseMtu(value);
                    break;
                default:
                    throw Invalid($"unsupported macvlan network option {key}");
            }
        }
    }

    private static void ValidateIpamDriver(string ipam, int subnetCount)
    {
        switch (ipam)
        {
            case "" or "host-local":
                return;
            case "none":
                if (subnetCount > 0)
                {
                    throw Invalid("none ipam driver is set but subnets are given");
                }

                return;
            case "dhcp":
                throw Invalid("dhcp ipam driver is not yet supported with netavark");
            default:
                throw Invalid($"unsupported ipam driver \"{ipam}\"");
        }
    }

    /// <summary>ValidateSubnet: no overlap with used subnets; the gateway (or the first address) and the range inside.</summary>
    private static NetworkSubnet ValidateSubnet(SubnetRequest s, bool addGateway, List<IPNetwork> used)
    {
        var subnet = s.Subnet;
        var text = GoNet.Format(subnet);
        if (used.Any(u => IpArithmetic.Overlaps(u, subnet)))
        {
            throw new BerthException(ErrorKind.Conflict, $"subnet {text} is already used on the host or by another config");
        }

        string? gateway = null;
        if (s.Gateway is { } g)
        {
            if (!GoNet.Contains(subnet, g))
            {
                throw Invalid($"gateway {GoNet.Format(g)} not in subnet {text}");
            }

            gateway = GoNet.Format(g);
        }
        else if (addGateway)
        {
            gateway = GoNet.Format(GoNet.FirstIp(subnet));
        }

        if (s.LeaseRange is { } range)
        {
            CheckInside(range.StartIp, "start", subnet, text);
            CheckInside(range.EndIp, "end", subnet, text);
        }

        return new NetworkSubnet { Subnet = text, Gateway = gateway, LeaseRange = s.LeaseRange };
    }

    private static void CheckInside(string? ip, string which, IPNetwork subnet, string text)
    {
        if (ip is not null && GoNet.TryParseIp(ip, out var address) && !GoNet.Contains(subnet, address))
        {
            throw Invalid($"lease range {which} ip {ip} not in subnet {text}");
        }
    }

    /// <summary>ParseMTU: empty (the default) or a non-negative integer.</summary>
    public static int ParseMtu(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var m = GoStrconv.Atoi(value);
        return m < 0 ? throw Invalid($"mtu {m} is less than zero") : (int)m;
    }

    /// <summary>ParseVlan: empty or 0..4094.</summary>
    public static int ParseVlan(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var v = GoStrconv.Atoi(value);
        return v is < 0 or > 4094 ? throw Invalid($"vlan ID {v} must be between 0 and 4094") : (int)v;
    }

    /// <summary>A random ID that is not all digits in its short form and no existing network's ID starts with.</summary>
    private static string NewId(IReadOnlyList<NetworkDefinition> existing, Action<Span<byte>> random)
    {
        var bytes = new byte[32];
        for (var i = 0; i < 1000; i++)
        {
            random(bytes);
            var id = Convert.ToHexStringLower(bytes);
            if (!id[..12].All(char.IsAsciiDigit) && Lookup(existing, id) is null)
            {
                return id;
            }
        }

        throw new BerthException(ErrorKind.Internal, "failed to create random network ID");
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    /// <summary>Go's strconv errors, as podman prints them for option values.</summary>
    private static class GoStrconv
    {
        public static long Atoi(string s)
        {
            var digits = s.StartsWith('-') || s.StartsWith('+') ? s[1..] : s;
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            {
                throw Invalid($"strconv.Atoi: parsing \"{s}\": invalid syntax");
            }

            return long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? n
                : throw Invalid($"strconv.Atoi: parsing \"{s}\": value out of range");
        }

        public static bool ParseBool(string s) => s switch
        {
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw Invalid($"strconv.ParseBool: parsing \"{s}\": invalid syntax"),
        };
    }
}
