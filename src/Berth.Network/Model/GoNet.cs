using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Model;

/// <summary>
/// Go's <c>net</c> package as libnetwork uses it: strict <c>ParseIP</c>/<c>ParseCIDR</c> (.NET's parser also takes
/// forms such as "10.1" or "0x0a.0.0.1" that Go refuses), IPv4-in-IPv6 addresses reduced to IPv4 as Go's To4 does, and
/// libnetwork's first/last address of a subnet.
/// </summary>
public static class GoNet
{
    /// <summary>net.ParseIP: dotted decimal IPv4 (no leading zeros) or IPv6 without a zone; IPv4-mapped addresses become IPv4.</summary>
    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.IndexOfAny(['%', '[', ']', ' ', '/']) >= 0 || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit))
            {
                return false;
            }

            var n = int.Parse(p, CultureInfo.InvariantCulture);
            if (n > 255)
            {
                return false;
            }

            bytes[i] = (byte)n;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>
    /// net.ParseCIDR: the address as written and the subnet with host bits cleared. An IPv4-mapped IPv6 subnet of prefix
    /// 96 or more becomes the IPv4 subnet (Go prints it so). Fails with Go's "invalid CIDR address: …" text.
    /// </summary>
    public static bool TryParseCidr(string text, out IPAddress address, out IPNetwork subnet)
    {
        address = IPAddress.None;
        subnet = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var ipText = text[..slash];
        var maskText = text[(slash + 1)..];
        var isV6Text = ipText.Contains(':', StringComparison.Ordinal);
        if (!TryParseIp(ipText, out address) || maskText.Length == 0 || !maskText.All(char.IsAsciiDigit) || maskText.Length > 4)
        {
            return false;
        }

        var prefix = int.Parse(maskText, CultureInfo.InvariantCulture);
        if (prefix > (isV6Text ? 128 : 32))
        {
            return false;
        }

        if (isV6Text && address.AddressFamily == AddressFamily.InterNetwork)
        {
            // "::ffff:10.0.0.0/120": Go keeps 16 bytes but prints the IPv4 subnet with the mask's last 32 bits.
            if (prefix < 96)
            {
                address = address.MapToIPv6();
            }
            else
            {
                prefix -= 96;
            }
        }

        subnet = Masked(address, prefix);
        return true;
    }

    /// <summary>The error Go's ParseCIDR returns.</summary>
    public static string InvalidCidr(string text) => $"invalid CIDR address: {text}";

    /// <summary>The subnet of <paramref name="address"/> with <paramref name="prefix"/> bits.</summary>
    public static IPNetwork Masked(IPAddress address, int prefix)
    {
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var hostBits = bits - prefix;
        var mask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return new IPNetwork(IpArithmetic.FromNumber(IpArithmetic.ToNumber(address) & ~mask, address.AddressFamily), prefix);
    }

    /// <summary>libnetwork's FirstIPInSubnet: the network address plus one in its last byte (the address itself for a /32 or /128).</summary>
    public static IPAddress FirstIp(IPNetwork subnet)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        if (subnet.PrefixLength == bytes.Length * 8)
        {
            return subnet.BaseAddress;
        }

        bytes[^1]++;
        return new IPAddress(bytes);
    }

    /// <summary>libnetwork's LastIPInSubnet: every host bit set.</summary>
    public static IPAddress LastIp(IPNetwork subnet) => IpArithmetic.Last(subnet);

    /// <summary>IPNet.Contains: false across address families.</summary>
    public static bool Contains(IPNetwork subnet, IPAddress address) =>
        subnet.BaseAddress.AddressFamily == address.AddressFamily && subnet.Contains(address);

    /// <summary>How Go prints an address (RFC 5952 for IPv6: lower case, the longest run of two or more zero groups as ::).</summary>
    public static string Format(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.ToString();
        }

        var b = address.GetAddressBytes();
        var groups = new int[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (b[2 * i] << 8) | b[(2 * i) + 1];
        }

        int bestStart = -1, bestLen = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }

            if (j - i > bestLen && j - i >= 2)
            {
                bestStart = i;
                bestLen = j - i;
            }

            i = j;
        }

        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::");
                i += bestLen - 1;
                continue;
            }

            if (sb.Length > 0 && sb[^1] != ':')
            {
                sb.Append(':');
            }

            sb.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>How Go prints a subnet: address/prefix.</summary>
    public static string Format(IPNetwork subnet) => $"{Format(subnet.BaseAddress)}/{subnet.PrefixLength}";

    /// <summary>net.IPMask's String: the mask bytes in hex (ffffff00).</summary>
    public static string MaskHex(IPNetwork subnet)
    {
        var bits = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var mask = ~IpArithmetic.HostMask(subnet) & (bits == 32 ? uint.MaxValue : UInt128.MaxValue);
        var bytes = IpArithmetic.FromNumber(mask, subnet.BaseAddress.AddressFamily).GetAddressBytes();
        return Convert.ToHexStringLower(bytes);
    }
}
