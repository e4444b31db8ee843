using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Berth.Network.Model;

/// <summary>Addresses as numbers: offsets, ranges and overlap tests for IPv4 and IPv6 subnets.</summary>
public static class IpArithmetic
{
    public static UInt128 ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress FromNumber(UInt128 value, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, (uint)value);
            return new IPAddress(b);
        }

        var b6 = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(b6, value);
        return new IPAddress(b6);
    }

    public static IPAddress Add(IPAddress address, long offset) =>
        FromNumber(offset >= 0 ? ToNumber(address) + (UInt128)offset : ToNumber(address) - (UInt128)(-offset), address.AddressFamily);

    /// <summary>The last address of the subnet (the broadcast address for IPv4).</summary>
    public static IPAddress Last(IPNetwork subnet) =>
        FromNumber(ToNumber(subnet.BaseAddress) | HostMask(subnet), subnet.BaseAddress.AddressFamily);

    public static UInt128 HostMask(IPNetwork subnet)
    {
        var bits = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var hostBits = bits - subnet.PrefixLength;
        return hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    /// <summary>Parses a CIDR, masking host bits as libnetwork does ("10.89.0.5/24" is the subnet 10.89.0.0/24).</summary>
    public static bool TryParseSubnet(string text, out IPNetwork subnet)
    {
        subnet = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), out var prefix))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix < 0 || prefix > bits)
        {
            return false;
        }

        subnet = GoNet.Masked(address, prefix);
        return true;
    }

    public static int Compare(IPAddress a, IPAddress b) => ToNumber(a).CompareTo(ToNumber(b));

    internal static BigInteger Size(IPNetwork subnet) => (BigInteger)HostMask(subnet) + 1;
}
