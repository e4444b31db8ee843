using System.Net;
using System.Net.Sockets;
using Berth.Network.Netavark;
using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Network.Tests;

public sealed class PortsHostPortPickerTests
{
    /// <summary>A probe whose kernel choices and busy ports the test decides.</summary>
    private sealed class FakeProbe(params ushort[] choices) : IHostPortProbe
    {
        private int _next;

        public HashSet<(string Protocol, ushort Port)> Busy { get; } = [];

        public List<string> Calls { get; } = [];

        public ushort BindAny(string hostIp, string protocol)
        {
            Calls.Add($"any {hostIp}/{protocol}");
            return choices[Math.Min(_next++, choices.Length - 1)];
        }

        public bool TryBind(string hostIp, string protocol, ushort port)
        {
            Calls.Add($"bind {hostIp}/{protocol}:{port}");
            return Busy.Add((protocol, port));
        }

        public void Dispose()
        {
        }
    }

    private static PortMapping Map(ushort container, ushort host, ushort range = 1, string protocol = "tcp", string hostIp = "") =>
        new() { ContainerPort = container, HostPort = host, Range = range, Protocol = protocol, HostIp = hostIp };

    [Fact]
    public void Assign_HostPortZero_KernelChoiceOnTheMappingsIpAndProtocol()
    {
        using var probe = new FakeProbe(40000, 40001);
        var result = new HostPortPicker(probe).Assign([Map(80, 8080), Map(53, 0, protocol: "udp", hostIp: "127.0.0.1"), Map(7000, 0)]);
        Assert.Equal([(ushort)8080, (ushort)40000, (ushort)40001], result.Select(m => m.HostPort));
        Assert.Equal(["any 127.0.0.1/udp", "any /tcp"], probe.Calls);
    }

    [Fact]
    public void Assign_ChoiceTheContainerAlreadyMaps_TriesAgain()
    {
        using var probe = new FakeProbe(8080, 8081, 40000);
        var result = new HostPortPicker(probe).Assign([Map(80, 8080, range: 2), Map(90, 0)]);
        Assert.Equal(40000, result[1].HostPort);
    }

    [Fact]
    public void Assign_Range_NeedsConsecutiveFreePorts()
    {
        using var probe = new FakeProbe(40000, 50000);
        probe.Busy.Add(("tcp", 40002));
        var result = new HostPortPicker(probe).Assign([Map(80, 0, range: 3)]);
        Assert.Equal(50000, result[0].HostPort);
        Assert.Equal(3, result[0].Range);
    }

    [Fact]
    public void Assign_RangePastTheLastPort_TriesAgain()
    {
        using var probe = new FakeProbe(65534, 60000);
        Assert.Equal(60000, new HostPortPicker(probe).Assign([Map(80, 0, range: 2)])[0].HostPort);
    }

    [Fact]
    public void Assign_NoChoiceFits_PodmanErrorAfter15Tries()
    {
        using var probe = new FakeProbe(8080);
        var e = Assert.Throws<BerthException>(() => new HostPortPicker(probe).Assign([Map(80, 8080, range: 3), Map(90, 0, range: 3)]));
        Assert.Equal("failed to find an open port to expose container port 90 with range 3 on the host", e.Message);
        Assert.Equal(HostPortPicker.Attempts, probe.Calls.Count);
        using var single = new FakeProbe(8080);
        e = Assert.Throws<BerthException>(() => new HostPortPicker(single).Assign([Map(80, 8080), Map(90, 0)]));
        Assert.Equal("failed to find an open port to expose container port 90 on the host", e.Message);
    }

    [Fact]
    public void AssignRandomPorts_RealSockets_FreeDistinctPortsNotTheListenersOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        var result = HostPortPicker.AssignRandomPorts([Map(80, 0), Map(81, 0, range: 3), Map(53, 0, protocol: "udp", hostIp: "127.0.0.1"), Map(82, 0, hostIp: "192.0.2.1")]);
        Assert.All(result, m => Assert.NotEqual(0, m.HostPort));
        var tcpPorts = result.Where(m => m.Protocol == "tcp").SelectMany(m => Enumerable.Range(m.HostPort, m.Range)).ToList();
        Assert.Equal(tcpPorts.Count, tcpPorts.Distinct().Count());
        Assert.DoesNotContain((int)taken, tcpPorts);

        // The picked ports are released again: netavark binds them when the container starts.
        using var again = new TcpListener(IPAddress.Any, result[0].HostPort);
        again.Start();
    }

    [Fact]
    public void SocketProbe_PortInUse_NotFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        using var probe = new SocketPortProbe();
        Assert.False(probe.TryBind("127.0.0.1", "tcp", taken));
        Assert.False(probe.TryBind("", "tcp", taken));
        var free = probe.BindAny("127.0.0.1", "udp");
        Assert.False(probe.TryBind("127.0.0.1", "udp", free));
    }

    [Fact]
    public void AssignRandomPorts_NoZeroHostPort_SameList()
    {
        PortMapping[] fixedPorts = [Map(80, 8080)];
        Assert.Same(fixedPorts, HostPortPicker.AssignRandomPorts(fixedPorts));
    }
}
