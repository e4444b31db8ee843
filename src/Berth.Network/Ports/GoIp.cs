using System.Net;
using System.Net.Sockets;
using Berth.Network.Model;

namespace Berth.Network.Ports;

/// <summary>
/// Go's net.ParseIP and IP.String, which podman uses to check and store a published port's host IP: strict dotted
/// decimal (no leading zeros, no short forms), IPv6 without zone; IPv4-mapped IPv6 prints as IPv4, IPv6 in RFC 5952
/// form (<c>[0:0::1]</c> is stored as <c>::1</c>).
/// </summary>
public static class GoIp
{
    /// <summary>The address as Go prints it, or false when Go's net.ParseIP would return nil.</summary>
    public static bool TryCanonicalize(string text, out string canonical)
    {
        canonical = "";
        IPAddress? address;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            var lastColon = text.LastIndexOf(':');
            var tail = text[(lastColon + 1)..];
            if (!text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                || (tail.Contains('.', StringComparison.Ordinal) && !IsStrictIpv4(tail))
                || !IPAddress.TryParse(text, out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (!IsStrictIpv4(text) || !IPAddress.TryParse(text, out address))
        {
            return false;
        }

        canonical = Format(address);
        return true;
    }

    /// <summary>Go's IP.String of an address (an IPv4-mapped one prints as IPv4).</summary>
    public static string Format(IPAddress address) =>
        GoNet.Format(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Four decimal fields 0-255 without leading zeros (Go rejects "1.02.3.4" and "1.2.3").</summary>
    private static bool IsStrictIpv4(string text) => !text.Contains(':', StringComparison.Ordinal) && GoNet.TryParseIp(text, out _);
}
