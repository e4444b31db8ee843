using Berth.Network.Ports;

namespace Berth.Network.Tests;

public sealed class PortsGoIpTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("FE80::AB", "fe80::ab")]
    [InlineData("::", "::")]
    [InlineData("::1.2.3.4", "::102:304")]
    public void TryCanonicalize_Valid_GoString(string text, string expected)
    {
        Assert.True(GoIp.TryCanonicalize(text, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("1.02.3.4")]
    [InlineData("1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("fe80::1%eth0")]
    [InlineData("::ffff:01.2.3.4")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData(" 1.2.3.4")]
    public void TryCanonicalize_Invalid_False(string text)
    {
        Assert.False(GoIp.TryCanonicalize(text, out _));
    }
}
