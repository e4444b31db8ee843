using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Berth.Network.Model;

namespace Berth.Network;

/// <summary>
/// Reads <see cref="HostNetworkFacts"/>: interface names from /sys/class/net, the subnets of every interface address
/// (what podman 4.3 avoids) and of the host's IPv4/IPv6 routes other than default routes (/proc/net/route,
/// /proc/net/ipv6_route), so a new network never shadows a route the host already uses.
/// </summary>
public static class HostNetworkProbe
{
    public static HostNetworkFacts Read()
    {
        var names = new List<string>();
        if (Directory.Exists("/sys/class/net"))
        {
            names.AddRange(Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).OfType<string>());
        }

        var subnets = new List<IPNetwork>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (!names.Contains(nic.Name))
                {
                    names.Add(nic.Name);
                }

                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address;
                    if (a.PrefixLength >= 0 && a.PrefixLength <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
                    {
                        subnets.Add(GoNet.Masked(new IPAddress(address.GetAddressBytes()), a.PrefixLength));
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list: the routes below still keep new subnets off the host's networks.
        }

        subnets.AddRange(ParseIpv4Routes(ReadOrEmpty("/proc/net/route")));
        subnets.AddRange(ParseIpv6Routes(ReadOrEmpty("/proc/net/ipv6_route")));
        return new HostNetworkFacts(names, subnets);
    }

    /// <summary>/proc/net/route: destination and mask in host byte order (hex, little-endian on x86); default routes skipped.</summary>
    public static IEnumerable<IPNetwork> ParseIpv4Routes(string text)
    {
        foreach (var line in text.Split('\n').Skip(1))
        {
            var f = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8
                || !uint.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var dest)
                || !uint.TryParse(f[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                continue;
            }

            var maskBytes = BitConverter.GetBytes(mask);
            var prefix = maskBytes.Sum(b => System.Numerics.BitOperations.PopCount(b));
            if (prefix == 0)
            {
                continue;
            }

            yield return GoNet.Masked(new IPAddress(BitConverter.GetBytes(dest)), prefix);
        }
    }

    /// <summary>/proc/net/ipv6_route: 32 hex digits of destination, then its prefix length in hex; ::/0 skipped.</summary>
    public static IEnumerable<IPNetwork> ParseIpv6Routes(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2 || f[0].Length != 32
                || !int.TryParse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var prefix)
                || prefix is <= 0 or > 128)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(f[0]);
            }
            catch (FormatException)
            {
                continue;
            }

            yield return GoNet.Masked(new IPAddress(bytes), prefix);
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
