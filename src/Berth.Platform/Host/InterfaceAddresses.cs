using System.Net;
using Berth.Platform.Interop;

namespace Berth.Platform.Host;

/// <summary>
/// The host's IP addresses from getifaddrs(3), in its order (IPv4 by interface index, then IPv6). A fraction of what
/// <see cref="System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces"/> costs, which reads every
/// interface's files under /sys and /proc as well.
/// </summary>
public static class InterfaceAddresses
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>Every IPv4 and IPv6 address of every interface; empty when they cannot be listed.</summary>
    public static unsafe List<IPAddress> List()
    {
        var addresses = new List<IPAddress>();
        Libc.IfAddrs* list;
        if (Libc.Getifaddrs(&list) != 0)
        {
            return addresses;
        }

        try
        {
            for (var entry = list; entry != null; entry = entry->Next)
            {
                var sockaddr = entry->Addr;
                if (sockaddr == null)
                {
                    continue;
                }

                switch (*(ushort*)sockaddr)
                {
                    case AfInet:
                        // struct sockaddr_in: family, port, then the 4 address bytes.
                        addresses.Add(new IPAddress(new ReadOnlySpan<byte>(sockaddr + 4, 4)));
                        break;
                    case AfInet6:
                        // struct sockaddr_in6: family, port, flow info, the 16 address bytes, scope ID.
                        addresses.Add(new IPAddress(new ReadOnlySpan<byte>(sockaddr + 8, 16), *(uint*)(sockaddr + 24)));
                        break;
                }
            }
        }
        finally
        {
            Libc.Freeifaddrs(list);
        }

        return addresses;
    }
}
