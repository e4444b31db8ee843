using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Ports;

/// <summary>
/// <see cref="IHostPortProbe"/> with real sockets: a tcp, udp or sctp socket bound (not listening) on the host IP, or on
/// every address when the IP is empty or not on this host (podman binds ":0" for every protocol and IP; binding the
/// mapping's own protocol and address sees more conflicts). sctp falls back to tcp where the kernel has no sctp.
/// </summary>
public sealed class SocketPortProbe : IHostPortProbe
{
    private const ProtocolType SctpProtocol = (ProtocolType)132;

    private readonly List<Socket> _held = [];

    public ushort BindAny(string hostIp, string protocol)
    {
        try
        {
            return Bind(hostIp, protocol, 0) ?? throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }
        catch (SocketException e)
        {
            throw new BerthException(ErrorKind.Unavailable, $"finding a free host port for {protocol}: {e.Message}", e);
        }
    }

    public bool TryBind(string hostIp, string protocol, ushort port)
    {
        try
        {
            return Bind(hostIp, protocol, port) is not null;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var socket in _held)
        {
            socket.Dispose();
        }

        _held.Clear();
    }

    /// <summary>The bound port, or null when it is in use.</summary>
    private ushort? Bind(string hostIp, string protocol, ushort port)
    {
        var address = Address(hostIp);
        var socket = Open(address.AddressFamily, protocol);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            try
            {
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable && hostIp.Length > 0)
            {
                // Not an address of this host (yet): what is free on every address is free on it too.
                socket.Dispose();
                return Bind("", protocol, port);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                socket.Dispose();
                return null;
            }

            _held.Add(socket);
            return (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress Address(string hostIp)
    {
        if (hostIp.Length > 0 && IPAddress.TryParse(hostIp, out var ip))
        {
            return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        }

        return Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
    }

    private static Socket Open(AddressFamily family, string protocol)
    {
        if (protocol == PortProtocols.Udp)
        {
            return new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        }

        if (protocol == PortProtocols.Sctp)
        {
            try
            {
                return new Socket(family, SocketType.Stream, SctpProtocol);
            }
            catch (SocketException)
            {
                // No sctp module: tcp's ports are the best guess.
            }
        }

        return new Socket(family, SocketType.Stream, ProtocolType.Tcp);
    }
}
