using System.Net;
using Berth.Network.Model;

namespace Berth.Network.Tests;

/// <summary>podman 4.3.1's create.go checks, with podman's messages.</summary>
public sealed class NetworkCreateRequestParserTests
{
    [Theory]
    [InlineData(new[] { "" }, new string[0], "failed to parse labels: invalid label format: \"\"")]
    [InlineData(new[] { "=x" }, new string[0], "failed to parse labels: invalid label format: \"=x\"")]
    [InlineData(new string[0], new[] { "=1" }, "unable to parse options: invalid label format: \"=1\"")]
    public void FromFlags_BadLabelOrOption_Fails(string[] labels, string[] options, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags { Labels = labels, Options = options })).Message);

    [Fact]
    public void FromFlags_GatewayWithoutSubnet_Fails() =>
        Assert.Equal(
            "cannot set gateway or range without subnet",
            Assert.Throws<BerthException>(() => NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags { Gateways = [IPAddress.Parse("10.91.0.1")] })).Message);

    [Fact]
    public void FromFlags_MoreGatewaysThanSubnets_Fails() =>
        Assert.Equal(
            "cannot set more gateways than subnets",
            Assert.Throws<BerthException>(() => NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags
            {
                Subnets = ["10.90.0.0/24"],
                Gateways = [IPAddress.Parse("10.90.0.1"), IPAddress.Parse("10.90.0.2")],
            })).Message);

    [Fact]
    public void FromFlags_MoreRangesThanSubnets_Fails() =>
        Assert.Equal(
            "cannot set more ranges than subnets",
            Assert.Throws<BerthException>(() => NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags { Subnets = ["10.90.0.0/24"], Ranges = ["10.90.0.0/28", "10.90.0.16/28"] })).Message);

    [Theory]
    [InlineData("garbage", null, "invalid CIDR address: garbage")]
    [InlineData("10.95.0.0/24", "10.95.0.10", "invalid CIDR address: 10.95.0.10")]
    public void FromFlags_BadCidr_Fails(string subnet, string? range, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags
        {
            Subnets = [subnet],
            Ranges = range is null ? [] : [range],
        })).Message);

    [Fact]
    public void FromFlags_LastLabelOfAKeyWins()
    {
        var r = NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags { Labels = ["a=b", "a=c"] });

        Assert.Equal("c", r.Labels["a"]);
    }

    [Fact]
    public void FromFlags_ParentOnBridge_StaysAnOption()
    {
        var r = NetworkCreateRequestParser.FromFlags(new NetworkCreateFlags { Options = ["parent=eth0"] });

        Assert.Equal("eth0", r.Options["parent"]);
        Assert.Equal("", r.NetworkInterface);
    }
}
