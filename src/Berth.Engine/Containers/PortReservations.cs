using System.Net;
using System.Net.Sockets;
using Berth.Network.Netavark;
using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// The host ports of a container's published ports, bound by Berth and then held by conmon for the container's life
/// (podman does the same): another program cannot take them meanwhile, and a port already in use fails the start with
/// podman's error before anything else is set up.
/// </summary>
internal sealed class PortReservations : IDisposable
{
    private readonly List<Socket> sockets = [];

    public IReadOnlyList<System.Runtime.InteropServices.SafeHandle> Handles => [.. sockets.Select(s => s.SafeHandle)];

    public static PortReservations Bind(IReadOnlyList<PortMapping> mappings)
    {
        var held = new PortReservations();
        try
        {
            // One protocol per mapping: podman's merging (PortMappingMerger) splits "80/tcp,udp" into two.
            foreach (var m in mappings)
            {
                for (var i = 0; i < Math.Max((int)m.Range, 1); i++)
                {
                    held.BindOne(m.HostIp, (ushort)(m.HostPort + i), m.Protocol);
                }
            }

            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private void BindOne(string hostIp, ushort port, string protocol)
    {
        if (protocol == "sctp")
        {
            return; // podman does not hold SCTP ports either
        }

        var address = hostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(hostIp);
        var udp = protocol == "udp";
        var socket = new Socket(address.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            if (!udp)
            {
                socket.Listen(1);
            }

            sockets.Add(socket);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "6" : "4";
            var host = hostIp.Length == 0 ? "" : hostIp.Contains(':', StringComparison.Ordinal) ? $"[{hostIp}]" : hostIp;
            var reason = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : e.Message;
            throw new BerthException(ErrorKind.Conflict, $"cannot listen on the {protocol.ToUpperInvariant()} port: listen {protocol}{family} {host}:{port}: bind: {reason}")
            {
                ExitCode = 126,
            };
        }
    }

    public void Dispose()
    {
        foreach (var s in sockets)
        {
            s.Dispose();
        }

        sockets.Clear();
    }
}
