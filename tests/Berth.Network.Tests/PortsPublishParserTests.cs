using Berth.Network.Netavark;
using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Network.Tests;

/// <summary><c>-p</c> values against podman 4.3.1's answers (recorded with <c>podman create -p VALUE</c>, exit 125 on error).</summary>
public sealed class PortsPublishParserTests
{
    [Theory]
    [InlineData("abc", "parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax")]
    [InlineData("70000:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000")]
    [InlineData("0:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 0")]
    [InlineData("80:0", "parsing container port: port numbers must be between 1 and 65535 (inclusive), got 0")]
    [InlineData("::80", "must provide a non-empty container host IP to publish")]
    [InlineData("1.2.3.4:80", "parsing host port: invalid port number: strconv.Atoi: parsing \"1.2.3.4\": invalid syntax")]
    [InlineData("1.2.3.4::", "must provide a non-empty container port to publish")]
    [InlineData("80/", "must provide a non-empty protocol to publish")]
    [InlineData("80/tcp/udp", "invalid port format - protocol can only be specified once")]
    [InlineData("80-", "parsing container port: must provide ending number for port range")]
    [InlineData("-80", "parsing container port: port numbers cannot be negative")]
    [InlineData("80-79", "parsing container port: the end port of a range must be higher than the start port - 79 is not higher than 80")]
    [InlineData("80-80", "parsing container port: the end port of a range must be higher than the start port - 80 is not higher than 80")]
    [InlineData("80-82-84", "parsing container port: invalid port format - port ranges are formatted as startPort-stopPort")]
    [InlineData("8080-8082:80", "host and container port ranges have different lengths: 3 vs 1")]
    [InlineData("8080:80-82", "host and container port ranges have different lengths: 1 vs 3")]
    [InlineData("8080-8081:80-82", "host and container port ranges have different lengths: 2 vs 3")]
    [InlineData("[::1]:80", "invalid port format - must provide host and destination port if specifying an IP")]
    [InlineData("::1:8080:80", "invalid port format - format is [[hostIP:]hostPort:]containerPort")]
    [InlineData("[::1]8080:80", "invalid port format - IPv6 address must be followed by a colon (':')")]
    [InlineData("::1]:8080:80", "invalid port format - IPv6 addresses must be enclosed by []")]
    [InlineData("[::1]:[::2]:80", "invalid port format - at most one IPv6 address can be specified in a --publish")]
    [InlineData("[::1]:1:2:80", "invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort")]
    [InlineData("[]:80:80", "must provide a non-empty container host IP to publish")]
    [InlineData("abc:80:80", "cannot parse \"abc\" as an IP address")]
    [InlineData("1.02.3.4:80:80", "cannot parse \"1.02.3.4\" as an IP address")]
    [InlineData("1:2:3:4", "invalid port format - format is [[hostIP:]hostPort:]containerPort")]
    [InlineData("99999999999999999999", "parsing container port: invalid port number: strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    [InlineData("65535-65536:80-81", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 65536")]
    public void Parse_Malformed_PodmanError(string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => PortPublishParser.Parse(value));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("80", "", 0, 80, 1, "tcp")]
    [InlineData("+80", "", 0, 80, 1, "tcp")]
    [InlineData(":80", "", 0, 80, 1, "tcp")]
    [InlineData("8080:80", "", 8080, 80, 1, "tcp")]
    [InlineData("8080:80/udp", "", 8080, 80, 1, "udp")]
    [InlineData("80/TCP", "", 0, 80, 1, "TCP")]
    [InlineData("80/tcp,udp", "", 0, 80, 1, "tcp,udp")]
    [InlineData("0.0.0.0:80:80", "", 80, 80, 1, "tcp")]
    [InlineData("127.0.0.1::53", "127.0.0.1", 0, 53, 1, "tcp")]
    [InlineData("9000-9002:9000-9002/udp", "", 9000, 9000, 3, "udp")]
    [InlineData("65534-65535:80-81", "", 65534, 80, 2, "tcp")]
    [InlineData("[::1]:8080:80", "::1", 8080, 80, 1, "tcp")]
    [InlineData("[0:0::1]::80", "::1", 0, 80, 1, "tcp")]
    [InlineData("[::ffff:1.2.3.4]:8080:80", "1.2.3.4", 8080, 80, 1, "tcp")]
    [InlineData("[2001:DB8:0:0:1:0:0:1]:1:2", "2001:db8::1:0:0:1", 1, 2, 1, "tcp")]
    public void Parse_Valid_PodmanMapping(string value, string hostIp, int hostPort, int containerPort, int range, string protocol)
    {
        var expected = new PortMapping
        {
            HostIp = hostIp,
            HostPort = (ushort)hostPort,
            ContainerPort = (ushort)containerPort,
            Range = (ushort)range,
            Protocol = protocol,
        };
        Assert.Equal(expected, PortPublishParser.Parse(value));
    }

    [Fact]
    public void Parse_Several_InOrder()
    {
        var ports = PortPublishParser.Parse(["8092:80", "127.0.0.1::53"]);
        Assert.Equal([(ushort)80, (ushort)53], ports.Select(p => p.ContainerPort));
    }
}
