using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Model;

/// <summary>
/// host-local IPAM as podman's: leases come from the subnet's lease range (or the whole subnet), never the network
/// address, the gateway or the IPv4 broadcast address; the search starts after the last address handed out, so a
/// freed address is not reused at once.
/// </summary>
public static class AddressAllocator
{
    /// <summary>The first free address after <paramref name="last"/> (wrapping), or null when the subnet is full.</summary>
    public static IPAddress? Next(NetworkSubnet subnet, IReadOnlySet<string> used, string? last)
    {
        var (first, end) = Bounds(subnet);
        var gateway = subnet.Gateway;
        var firstN = IpArithmetic.ToNumber(first);
        var endN = IpArithmetic.ToNumber(end);
        if (endN < firstN)
        {
            return null;
        }

        var start = firstN;
        if (last is not null && IPAddress.TryParse(last, out var lastAddress) && lastAddress.AddressFamily == first.AddressFamily)
        {
            var l = IpArithmetic.ToNumber(lastAddress);
            if (l >= firstN && l < endN)
            {
                start = l + 1;
            }
        }

        var count = endN - firstN + 1;
        var candidate = start;
        // Bounded: a /8 has 16M addresses; in practice the first few candidates are free.
        for (UInt128 i = 0; i < count && i < 1 << 24; i++)
        {
            var address = IpArithmetic.FromNumber(candidate, first.AddressFamily);
            var text = address.ToString();
            if (text != gateway && !used.Contains(text))
            {
                return address;
            }

            candidate = candidate == endN ? firstN : candidate + 1;
        }

        return null;
    }

    /// <summary>The addresses leases may take: the lease range within the subnet, minus the network and broadcast addresses.</summary>
    public static (IPAddress First, IPAddress Last) Bounds(NetworkSubnet subnet)
    {
        if (!IpArithmetic.TryParseSubnet(subnet.Subnet, out var net))
        {
            throw new FormatException($"invalid subnet {subnet.Subnet}");
        }

        var first = IpArithmetic.Add(net.BaseAddress, 1);
        var last = IpArithmetic.Last(net);
        if (net.BaseAddress.AddressFamily == AddressFamily.InterNetwork && net.PrefixLength < 31)
        {
            last = IpArithmetic.Add(last, -1);
        }

        if (subnet.LeaseRange?.StartIp is { } s && IPAddress.TryParse(s, out var start) && IpArithmetic.Compare(start, first) > 0)
        {
            first = start;
        }

        if (subnet.LeaseRange?.EndIp is { } e && IPAddress.TryParse(e, out var endIp) && IpArithmetic.Compare(endIp, last) < 0)
        {
            last = endIp;
        }

        return (first, last);
    }

    /// <summary>Whether a static address (<c>--ip</c>) lies in the subnet and is not its network, gateway or broadcast address.</summary>
    public static bool IsUsable(NetworkSubnet subnet, IPAddress address)
    {
        if (!IpArithmetic.TryParseSubnet(subnet.Subnet, out var net) || !net.Contains(address))
        {
            return false;
        }

        var text = address.ToString();
        if (text == subnet.Gateway || address.Equals(net.BaseAddress))
        {
            return false;
        }

        return !(net.BaseAddress.AddressFamily == AddressFamily.InterNetwork && net.PrefixLength < 31 && address.Equals(IpArithmetic.Last(net)));
    }
}
