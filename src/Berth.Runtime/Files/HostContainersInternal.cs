using System.Net;
using System.Net.Sockets;

namespace Berth.Runtime.Files;

/// <summary>The address podman 4.3 gives <c>host.containers.internal</c> (containers/common etchosts).</summary>
public static class HostContainersInternal
{
    /// <summary>
    /// containers.conf <c>host_containers_internal_ip</c>: "none" = no entry, an address = that address; unset = the
    /// gateway of the container's first bridge network (IPv4 preferred), for rootless or without a bridge the host's
    /// first global unicast address (IPv4 preferred).
    /// </summary>
    /// <param name="configured">The containers.conf value, null or "" when unset.</param>
    /// <param name="bridgeGateways">Gateways of the container's bridge networks.</param>
    /// <param name="rootless">Rootless: bridge gateways live in another namespace and are not used.</param>
    /// <param name="hostAddresses">The host's addresses in interface order; null = read them from the system.</param>
    public static string? Resolve(string? configured, IReadOnlyList<string> bridgeGateways, bool rootless, IReadOnlyList<IPAddress>? hostAddresses = null)
    {
        switch (configured)
        {
            case null or "":
                break;
            case "none":
                return null;
            default:
                return configured;
        }

        if (!rootless)
        {
            string? v6 = null;
            foreach (var gateway in bridgeGateways)
            {
                if (IPAddress.TryParse(gateway, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return address.ToString();
                }

                v6 ??= gateway;
            }

            if (v6 is not null)
            {
                return v6;
            }
        }

        return LocalAddress(hostAddresses ?? SystemAddresses());
    }

    /// <summary>The first global unicast IPv4 address, else the first global unicast IPv6 one, else null.</summary>
    public static string? LocalAddress(IReadOnlyList<IPAddress> addresses)
    {
        string? v6 = null;
        foreach (var address in addresses)
        {
            if (!IsGlobalUnicast(address))
            {
                continue;
            }

            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                return address.ToString();
            }

            v6 ??= address.ToString();
        }

        return v6;
    }

    // Go's net.IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or the IPv4 broadcast address.
    private static bool IsGlobalUnicast(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] < 224 && !(b[0] == 169 && b[1] == 254);
        }

        return !address.IsIPv6LinkLocal && !address.IsIPv6Multicast;
    }

    private static List<IPAddress> SystemAddresses() => Berth.Platform.Host.InterfaceAddresses.List();
}
