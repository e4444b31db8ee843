using System.Net;
using Berth.Network.Model;

namespace Berth.Network.Tests;

public sealed class GoNetTests
{
    [Theory]
    [InlineData("10.89.0.1", "10.89.0.1")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("fd00:0:0:0:0:0:0:1", "fd00::1")]
    [InlineData("FD00:1:0:3:4:5:6:7", "fd00:1:0:3:4:5:6:7")]
    [InlineData("1:0:0:2:0:0:0:3", "1:0:0:2::3")]
    [InlineData("::", "::")]
    public void TryParseIp_GoForms_FormatsAsGo(string text, string expected)
    {
        Assert.True(GoNet.TryParseIp(text, out var ip));
        Assert.Equal(expected, GoNet.Format(ip));
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x0a.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("garbage")]
    [InlineData("")]
    public void TryParseIp_NotGoAddress_Fails(string text) => Assert.False(GoNet.TryParseIp(text, out _));

    [Theory]
    [InlineData("10.89.9.5/24", "10.89.9.0/24")]
    [InlineData("fd00:1:2:3::7/64", "fd00:1:2:3::/64")]
    [InlineData("::ffff:10.97.6.0/120", "10.97.6.0/24")]
    [InlineData("10.97.2.0/32", "10.97.2.0/32")]
    public void TryParseCidr_MasksHostBits(string text, string expected)
    {
        Assert.True(GoNet.TryParseCidr(text, out _, out var subnet));
        Assert.Equal(expected, GoNet.Format(subnet));
    }

    [Theory]
    [InlineData("10.97.0.0/33")]
    [InlineData("10.95.0.10")]
    [InlineData("garbage")]
    [InlineData("10.0.0.0/-1")]
    public void TryParseCidr_Invalid_Fails(string text) => Assert.False(GoNet.TryParseCidr(text, out _, out _));

    [Theory]
    [InlineData("10.97.8.0/31", "10.97.8.1", "10.97.8.1")]
    [InlineData("10.95.0.0/30", "10.95.0.1", "10.95.0.3")]
    [InlineData("10.97.2.0/32", "10.97.2.0", "10.97.2.0")]
    [InlineData("fd01::/64", "fd01::1", "fd01::ffff:ffff:ffff:ffff")]
    public void FirstLastIp_AsLibnetwork(string cidr, string first, string last)
    {
        Assert.True(GoNet.TryParseCidr(cidr, out _, out var subnet));

        Assert.Equal(first, GoNet.Format(GoNet.FirstIp(subnet)));
        Assert.Equal(last, GoNet.Format(GoNet.LastIp(subnet)));
    }

    [Theory]
    [InlineData("10.89.5.0/24", "ffffff00")]
    [InlineData("fd89:7282:5ac2:851::/64", "ffffffffffffffff0000000000000000")]
    public void MaskHex_PrintsAsGoIPMask(string cidr, string expected) =>
        Assert.Equal(expected, GoNet.MaskHex(IPNetwork.Parse(cidr)));
}
