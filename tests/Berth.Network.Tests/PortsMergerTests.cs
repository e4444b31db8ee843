using Berth.Network.Netavark;
using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Network.Tests;

/// <summary>
/// Merging as podman 4.3.1 stored it (recorded: <c>podman create -p … ; podman ps --format {{.Ports}}</c>), written in
/// ps's PORTS form; host port 0 is a port the picker chooses at create (podman's random one).
/// </summary>
public sealed class PortsMergerTests
{
    [Theory]
    [InlineData("0.0.0.0:8080->80/tcp, 0.0.0.0:8080->81/tcp", "8080:80", "8080:81")] // podman does not see this conflict
    [InlineData("0.0.0.0:8080->80/tcp", "8080:80", "8080:80")]
    [InlineData("0.0.0.0:8080-8081->80-81/tcp", "8080:80", "8081:81")]
    [InlineData("0.0.0.0:8080-8081->80-81/tcp", "8081:81", "8080:80")]
    [InlineData("0.0.0.0:8080-8082->80-82/tcp", "8080-8082:80-82", "8081:81")]
    [InlineData("0.0.0.0:8080-8082->80-82/tcp", "8080-8081:80-81", "8081-8082:81-82")]
    [InlineData("0.0.0.0:8080->80/tcp, 0.0.0.0:8080->80/udp", "8080:80", "8080:80/udp")]
    [InlineData("0.0.0.0:0->80/tcp", "80", "80")]
    [InlineData("0.0.0.0:0-10->80-90/tcp", "80-85", "83-90")]
    [InlineData("0.0.0.0:0->80/tcp, 0.0.0.0:0->81/tcp, 0.0.0.0:0->82/tcp", "82", "80", "81")]
    [InlineData("1.2.3.4:8080->80/tcp, 1.2.3.4:0->80/tcp, ::1:8081->80/tcp", "1.2.3.4::80", "[::ffff:1.2.3.4]:8080:80", "[0:0::1]:8081:80")]
    [InlineData("0.0.0.0:9090->90/tcp, 0.0.0.0:0->80/tcp", "+80", "0.0.0.0:9090:90")]
    [InlineData("0.0.0.0:8080->80/tcp, 0.0.0.0:0->81/tcp, 0.0.0.0:0->80/udp", "80/udp", "8080:80", "81")]
    [InlineData("1.2.3.4:8080->80/tcp, 1.2.3.4:8082->82/udp, 0.0.0.0:8081->81/tcp", "1.2.3.4:8080:80", "8081:81", "1.2.3.4:8082:82/udp")]
    [InlineData("0.0.0.0:0->80/tcp", "80/TCP")]
    [InlineData("0.0.0.0:0->80/sctp", "80/sctp")]
    [InlineData("0.0.0.0:8080->80/tcp, 0.0.0.0:8080->80/udp", "8080:80/udp,tcp,UDP")]
    public void Merge_Requested_AsPodmanStoresThem(string expected, params string[] publish)
    {
        Assert.Equal(expected, PortDisplay.PsText(PortMappingMerger.Merge(PortPublishParser.Parse(publish))));
    }

    [Theory]
    [InlineData("conflicting port mappings for host port 8081 (protocol tcp)", "8080-8082:80-82", "8081:82")]
    [InlineData("unrecognized protocol \"foo\" in port mapping", "80/foo")]
    [InlineData("unrecognized protocol \"x\" in port mapping", "80/tcp,X")]
    public void Merge_Conflicting_PodmanError(string message, params string[] publish)
    {
        var e = Assert.Throws<BerthException>(() => PortMappingMerger.Merge(PortPublishParser.Parse(publish)));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("container port number must be non-0", "", 0, 8080, 1)]
    [InlineData("container port range exceeds maximum allowable port number", "", 65535, 8080, 2)]
    [InlineData("host port range exceeds maximum allowable port number", "", 80, 65535, 2)]
    [InlineData("invalid IP address \"nope\" in port mapping", "nope", 80, 80, 1)]
    public void Merge_InvalidMappingFromApi_PodmanError(string message, string hostIp, int containerPort, int hostPort, int range)
    {
        PortMapping[] ports = [new() { HostIp = hostIp, ContainerPort = (ushort)containerPort, HostPort = (ushort)hostPort, Range = (ushort)range }];
        Assert.Equal(message, Assert.Throws<BerthException>(() => PortMappingMerger.Merge(ports)).Message);
    }

    [Fact]
    public void Merge_PublishAll_ExposedPortsNoMappingCovers()
    {
        // podman run -p 8092:80 -p 9000-9002:9000-9002/udp -p 127.0.0.1::53 -P --expose 7000 (the image exposes none).
        var exposed = ExposedPortParser.Combine(null, ExposedPortParser.ParseFlags(["7000", "80", "9001/udp"]));
        var merged = PortMappingMerger.Merge(PortPublishParser.Parse(["8092:80", "9000-9002:9000-9002/udp", "127.0.0.1::53"]), exposed);
        Assert.Equal(
            "0.0.0.0:8092->80/tcp, 0.0.0.0:9000-9002->9000-9002/udp, 127.0.0.1:0->53/tcp, 0.0.0.0:0->7000/tcp",
            PortDisplay.PsText(merged));
    }

    [Fact]
    public void Merge_PublishAll_ExposedOnOtherProtocolStillPublished()
    {
        // podman create -P --expose 80-82/udp -p 8080:80
        var exposed = ExposedPortParser.Combine(null, ExposedPortParser.ParseFlags(["80-82/udp"]));
        var merged = PortMappingMerger.Merge(PortPublishParser.Parse(["8080:80"]), exposed);
        Assert.Equal("0.0.0.0:8080->80/tcp, 0.0.0.0:0->80/udp, 0.0.0.0:0->81/udp, 0.0.0.0:0->82/udp", PortDisplay.PsText(merged));
    }

    [Fact]
    public void Merge_Nothing_Empty()
    {
        Assert.Empty(PortMappingMerger.Merge([], []));
        Assert.Empty(PortMappingMerger.Merge([], null));
    }
}
