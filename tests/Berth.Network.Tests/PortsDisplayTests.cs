using Berth.Network.Netavark;
using Berth.Network.Ports;

namespace Berth.Network.Tests;

/// <summary>ps's PORTS and inspect's port maps for podman 4.3.1's recorded container (ports picked by podman: 45057, 34259).</summary>
public sealed class PortsDisplayTests
{
    private static readonly PortMapping[] Recorded =
    [
        new() { ContainerPort = 80, HostPort = 8092 },
        new() { ContainerPort = 9000, HostPort = 9000, Range = 3, Protocol = "udp" },
        new() { HostIp = "127.0.0.1", ContainerPort = 53, HostPort = 45057 },
        new() { ContainerPort = 7000, HostPort = 34259 },
    ];

    [Fact]
    public void PsText_RecordedContainer_PodmansColumn()
    {
        Assert.Equal(
            "0.0.0.0:8092->80/tcp, 0.0.0.0:9000-9002->9000-9002/udp, 127.0.0.1:45057->53/tcp, 0.0.0.0:34259->7000/tcp",
            PortDisplay.PsText(Recorded));
        Assert.Equal("", PortDisplay.PsText([]));
    }

    [Fact]
    public void InspectBindings_RangesExpandedExposedNull()
    {
        var bindings = PortDisplay.InspectBindings(Recorded, [new ExposedPort(7000, "tcp"), new ExposedPort(7001, "udp")]);
        Assert.Equal(["53/tcp", "7000/tcp", "7001/udp", "80/tcp", "9000/udp", "9001/udp", "9002/udp"], bindings.Keys);
        Assert.Equal([new InspectHostPort("127.0.0.1", "45057")], bindings["53/tcp"]);
        Assert.Equal([new InspectHostPort("", "9001")], bindings["9001/udp"]);
        Assert.Null(bindings["7001/udp"]);
    }

    [Fact]
    public void InspectBindings_OnePortSeveralHostSides_InOrder()
    {
        PortMapping[] ports = [new() { HostIp = "1.2.3.4", ContainerPort = 80, HostPort = 8080 }, new() { HostIp = "::1", ContainerPort = 80, HostPort = 8081 }];
        Assert.Equal([new InspectHostPort("1.2.3.4", "8080"), new InspectHostPort("::1", "8081")], PortDisplay.InspectBindings(ports, [])["80/tcp"]);
    }
}
