using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

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

    /// <summary>Go's IP.String of an address.</summary>
    public static string Format(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        var bytes = address.GetAddressBytes();
        var groups = new int[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (bytes[2 * i] << 8) | bytes[(2 * i) + 1];
        }

        // The longest run of zero groups (the first of equal ones) becomes "::", never a single group.
        int e0 = -1, e1 = -1;
        for (var i = 0; i < 8; i++)
        {
            var j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }

            if (j > i && j - i > e1 - e0)
            {
                e0 = i;
                e1 = j;
                i = j;
            }
        }

        if (e1 - e0 <= 1)
        {
            e0 = e1 = -1;
        }

        var b = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == e0)
            {
                b.Append("::");
                i = e1 - 1;
                continue;
            }

            if (i > 0 && i != e1)
            {
                b.Append(':');
            }

            b.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return b.ToString();
    }

    /// <summary>Four decimal fields 0-255 without leading zeros (Go rejects "1.02.3.4" and "1.2.3").</summary>
    private static bool IsStrictIpv4(string text)
    {
        var fields = text.Split('.');
        return fields.Length == 4 && fields.All(f =>
            f.Length is >= 1 and <= 3 && f.All(char.IsAsciiDigit) && (f.Length == 1 || f[0] != '0') && int.Parse(f, CultureInfo.InvariantCulture) <= 255);
    }
}
