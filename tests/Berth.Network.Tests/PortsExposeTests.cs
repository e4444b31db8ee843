using Berth.Network.Ports;
using Berth.Oci;

namespace Berth.Network.Tests;

/// <summary><c>--expose</c> and the image's EXPOSE against podman 4.3.1 (recorded with <c>podman create --expose VALUE</c>).</summary>
public sealed class PortsExposeTests
{
    [Theory]
    [InlineData("7000/tcp/udp", "invalid expose format - protocol can only be specified once")]
    [InlineData("0", "port numbers must be between 1 and 65535 (inclusive), got 0")]
    [InlineData("abc", "invalid range format for --expose: abc: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("80-79", "invalid range format for --expose: 80-79: Invalid range specified for the Port: 80-79")]
    [InlineData("80-80", "the end port of a range must be higher than the start port - 80 is not higher than 80")]
    [InlineData("80-90-100", "invalid port format - port ranges are formatted as startPort-stopPort")]
    [InlineData("/tcp", "invalid range format for --expose: /tcp: Empty string specified for ports.")]
    [InlineData("70000", "invalid range format for --expose: 70000: strconv.ParseUint: parsing \"70000\": value out of range")]
    [InlineData("+80", "invalid range format for --expose: +80: strconv.ParseUint: parsing \"+80\": invalid syntax")]
    [InlineData("80-", "invalid range format for --expose: 80-: strconv.ParseUint: parsing \"\": invalid syntax")]
    public void ParseFlags_Malformed_PodmanError(string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => ExposedPortParser.ParseFlags([value]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ParseFlags_VerifiesEveryValueBeforeExpanding()
    {
        // podman's verifyExpose runs over all values first: the later syntax error wins over the earlier range rule.
        var e = Assert.Throws<BerthException>(() => ExposedPortParser.ParseFlags(["80-80", "abc"]));
        Assert.StartsWith("invalid range format for --expose: abc", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7000/sctp", "validating protocols for exposed port 7000: protocol SCTP is not allowed for exposed ports")]
    [InlineData("7000/foo", "validating protocols for exposed port 7000: unrecognized protocol \"foo\" in port mapping")]
    public void Combine_BadProtocol_PodmanError(string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => ExposedPortParser.Combine(null, ExposedPortParser.ParseFlags([value])));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Combine_ImageAndFlags_DeduplicatedLowerCasedByPort()
    {
        var flags = ExposedPortParser.ParseFlags(["80/udp", "80/tcp", "81/udp", "80/udp", "7000/TCP", "7001/", "9000-9001"]);
        var exposed = ExposedPortParser.Combine(["443/tcp", "80/tcp", "53"], flags);
        Assert.Equal(
            ["53/tcp", "80/tcp", "80/udp", "81/udp", "443/tcp", "7000/tcp", "7001/tcp", "9000/tcp", "9001/tcp"],
            exposed.Select(e => e.ToString()));
    }

    [Fact]
    public void Combine_BadImageExpose_Wrapped()
    {
        var e = Assert.Throws<BerthException>(() => ExposedPortParser.Combine(["http/tcp"], []));
        Assert.Equal("unable to convert image EXPOSE: invalid port number: strconv.Atoi: parsing \"http\": invalid syntax", e.Message);
    }

    [Fact]
    public void FromConfig_StoredStrings_ReadBack()
    {
        Assert.Equal([new ExposedPort(80, "tcp"), new ExposedPort(53, "udp"), new ExposedPort(8080, "tcp")], ExposedPortParser.FromConfig(["80/tcp", "53/udp", "8080", "junk"]));
    }
}
