using System.Net;
using Berth.Config;
using Berth.Network.Model;

namespace Berth.Network.Tests;

/// <summary>libnetwork's create rules, with the results and messages podman 4.3.1 gave for the same requests.</summary>
public sealed class NetworkCreatorTests
{
    private static readonly IReadOnlyList<SubnetPool> Pools =
    [
        new(IPNetwork.Parse("10.89.0.0/16"), 24),
        new(IPNetwork.Parse("10.90.0.0/15"), 24),
    ];

    private static readonly NetworkDefinition Default = new NetworkConfigDirectory("/nonexistent", "podman", "10.88.0.0/16").DefaultNetwork();

    private static readonly HostNetworkFacts Host = new(
        ["lo", "eth0"],
        [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("fd00::/64")]);

    [Fact]
    public void Create_NoName_TakesPodman1AsNameAndBridgeAndFirstPoolSubnet()
    {
        var n = Create(new NetworkCreateRequest());

        Assert.Equal("podman1", n.Name);
        Assert.Equal("podman1", n.NetworkInterface);
        Assert.Equal("bridge", n.Driver);
        var s = Assert.Single(n.SubnetList);
        Assert.Equal("10.89.0.0/24", s.Subnet);
        Assert.Equal("10.89.0.1", s.Gateway);
        Assert.True(n.DnsEnabled);
        Assert.False(n.Ipv6Enabled);
        Assert.Equal("host-local", n.IpamDriver);
        Assert.Equal(64, n.Id.Length);
    }

    [Fact]
    public void Create_AfterTwoNetworks_NamedNetworkGetsNextBridgeAndSubnet()
    {
        var first = Create(new NetworkCreateRequest());
        var second = Create(new NetworkCreateRequest(), first);

        var foo = Create(new NetworkCreateRequest { Name = "foo" }, first, second);

        Assert.Equal("podman2", second.Name);
        Assert.Equal("10.89.1.0/24", second.SubnetList[0].Subnet);
        Assert.Equal("podman3", foo.NetworkInterface);
        Assert.Equal("10.89.2.0/24", foo.SubnetList[0].Subnet);
    }

    [Fact]
    public void Create_HostInterfaceAndSubnetTaken_SkipsThem()
    {
        var host = new HostNetworkFacts(["lo", "podman1"], [IPNetwork.Parse("10.89.0.0/16")]);

        var n = NetworkCreator.Create(new NetworkCreateRequest(), Context(host, Default));

        Assert.Equal("podman2", n.Name);
        Assert.Equal("10.90.0.0/24", n.SubnetList[0].Subnet);
    }

    [Fact]
    public void Create_FullRequest_KeepsGatewayRangeSortedLabelsAndNormalisedIsolate()
    {
        var request = Parse(new NetworkCreateFlags
        {
            Name = "full",
            Subnets = ["10.89.5.0/24"],
            Gateways = [IPAddress.Parse("10.89.5.1")],
            Ranges = ["10.89.5.128/25"],
            Labels = ["c", "a=b"],
            Options = ["mtu=1400", "vlan=5", "isolate=1"],
        });

        var n = Create(request);

        var s = Assert.Single(n.SubnetList);
        Assert.Equal("10.89.5.1", s.Gateway);
        Assert.Equal("10.89.5.129", s.LeaseRange!.StartIp);
        Assert.Equal("10.89.5.255", s.LeaseRange.EndIp);
        Assert.Equal(["a", "c"], n.Labels!.Keys);
        Assert.Equal("", n.Labels["c"]);
        Assert.Equal(["isolate", "mtu", "vlan"], n.Options!.Keys);
        Assert.Equal("true", n.Options["isolate"]);
    }

    [Theory]
    [InlineData("10.89.5.0/24", "subnet 10.89.5.0/24 is already used on the host or by another config")]
    [InlineData("10.89.5.64/26", "subnet 10.89.5.64/26 is already used on the host or by another config")]
    [InlineData("192.0.2.0/28", "subnet 192.0.2.0/28 is already used on the host or by another config")]
    [InlineData("0.0.0.0/0", "subnet 0.0.0.0/0 is already used on the host or by another config")]
    public void Create_OverlappingSubnet_FailsAsPodman(string subnet, string message)
    {
        var existing = Create(Parse(new NetworkCreateFlags { Name = "full", Subnets = ["10.89.5.0/24"] }));

        var e = Assert.Throws<BerthException>(() => Create(Parse(new NetworkCreateFlags { Subnets = [subnet] }), existing));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Create_NameInUse_FailsAlreadyExists()
    {
        var foo = Create(new NetworkCreateRequest { Name = "foo" });

        var e = Assert.Throws<BerthException>(() => Create(new NetworkCreateRequest { Name = "foo" }, foo));

        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
        Assert.Equal("network name foo already used: network already exists", e.Message);
    }

    [Fact]
    public void Create_NameIsPrefixOfAnId_FailsAlreadyExistsAsPodman() =>
        Assert.Equal(
            "network name 2f259bab already used: network already exists",
            Assert.Throws<BerthException>(() => Create(new NetworkCreateRequest { Name = "2f259bab" })).Message);

    [Theory]
    [InlineData("bad name", "network name bad name invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument")]
    [InlineData(".abc", "network name .abc invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument")]
    [InlineData("none", "cannot create network with name \"none\" because it conflicts with a valid network mode")]
    [InlineData("host", "cannot create network with name \"host\" because it conflicts with a valid network mode")]
    public void Create_BadName_FailsAsPodman(string name, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => Create(new NetworkCreateRequest { Name = name })).Message);

    [Theory]
    [InlineData("foo", "unsupported driver foo: invalid argument")]
    [InlineData("ipvlan", "unsupported driver ipvlan: invalid argument")]
    public void Create_UnknownDriver_Fails(string driver, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => Create(new NetworkCreateRequest { Driver = driver })).Message);

    [Theory]
    [InlineData("foo=bar", "unsupported bridge network option foo")]
    [InlineData("metric=100", "unsupported bridge network option metric")]
    [InlineData("parent=eth0", "unsupported bridge network option parent")]
    [InlineData("mtu=abc", "strconv.Atoi: parsing \"abc\": invalid syntax")]
    [InlineData("mtu=-1", "mtu -1 is less than zero")]
    [InlineData("vlan=5000", "vlan ID 5000 must be between 0 and 4094")]
    [InlineData("isolate=maybe", "strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    public void Create_BadBridgeOption_FailsAsPodman(string option, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => Create(Parse(new NetworkCreateFlags { Options = [option] }))).Message);

    [Fact]
    public void Create_EmptyOptionValues_Accepted()
    {
        var n = Create(Parse(new NetworkCreateFlags { Options = ["mtu", "vlan=", "isolate=0"] }));

        Assert.Equal("", n.Options!["mtu"]);
        Assert.Equal("false", n.Options["isolate"]);
    }

    [Theory]
    [InlineData("10.90.0.0/24", "10.91.0.1", null, "gateway 10.91.0.1 not in subnet 10.90.0.0/24")]
    [InlineData("10.90.0.0/24", null, "10.91.0.0/28", "lease range start ip 10.91.0.1 not in subnet 10.90.0.0/24")]
    [InlineData("fd05::/64", "10.1.1.1", null, "gateway 10.1.1.1 not in subnet fd05::/64")]
    public void Create_GatewayOrRangeOutside_FailsAsPodman(string subnet, string? gateway, string? range, string message)
    {
        var flags = new NetworkCreateFlags
        {
            Subnets = [subnet],
            Gateways = gateway is null ? [] : [IPAddress.Parse(gateway)],
            Ranges = range is null ? [] : [range],
        };

        Assert.Equal(message, Assert.Throws<BerthException>(() => Create(Parse(flags))).Message);
    }

    [Theory]
    [InlineData("10.97.1.0/31", "10.97.1.1")]
    [InlineData("10.97.2.0/32", "10.97.2.0")]
    [InlineData("fd02::/48", "fd02::1")]
    [InlineData("::ffff:10.97.6.0/120", "10.97.6.1")]
    public void Create_SmallOrOddSubnets_GatewayAsPodman(string subnet, string gateway) =>
        Assert.Equal(gateway, Create(Parse(new NetworkCreateFlags { Subnets = [subnet] })).SubnetList[0].Gateway);

    [Fact]
    public void Create_Ipv6WithoutSubnet_AddsPoolSubnetAndRandomUla64()
    {
        var n = Create(new NetworkCreateRequest { Ipv6 = true });

        Assert.True(n.Ipv6Enabled);
        Assert.Equal("10.89.0.0/24", n.SubnetList[0].Subnet);
        Assert.Equal("fda1:a2a3:a4a5:a6a7::/64", n.SubnetList[1].Subnet);
        Assert.Equal("fda1:a2a3:a4a5:a6a7::1", n.SubnetList[1].Gateway);
    }

    [Fact]
    public void Create_Ipv6SubnetOnlyWithIpv6Flag_AddsIpv4FromPool()
    {
        var n = Create(Parse(new NetworkCreateFlags { Subnets = ["fd01::/64"], Gateways = [IPAddress.Parse("fd01::5")], Ipv6 = true }));

        Assert.Equal(["fd01::/64", "10.89.0.0/24"], n.SubnetList.Select(s => s.Subnet));
        Assert.Equal("fd01::5", n.SubnetList[0].Gateway);
    }

    [Fact]
    public void Create_Ipv6SubnetWithoutFlag_EnablesIpv6()
    {
        var n = Create(Parse(new NetworkCreateFlags { Subnets = ["fd00:1:2:3::/64"] }));

        Assert.True(n.Ipv6Enabled);
        Assert.Single(n.SubnetList);
    }

    [Fact]
    public void Create_InternalWithoutDns_HasNoGateway()
    {
        var n = Create(new NetworkCreateRequest { Internal = true, DnsEnabled = false });

        Assert.Null(n.SubnetList[0].Gateway);
        Assert.True(n.Internal);
    }

    [Fact]
    public void Create_InternalWithDns_KeepsGateway() =>
        Assert.Equal("10.89.0.1", Create(new NetworkCreateRequest { Internal = true }).SubnetList[0].Gateway);

    [Fact]
    public void Create_IpamNone_NoSubnetsNoDns()
    {
        var n = Create(new NetworkCreateRequest { IpamDriver = "none" });

        Assert.Null(n.Subnets);
        Assert.False(n.DnsEnabled);
        Assert.Equal("none", n.IpamDriver);
    }

    [Theory]
    [InlineData("dhcp", null, "dhcp ipam driver is not yet supported with netavark")]
    [InlineData("foo", null, "unsupported ipam driver \"foo\"")]
    [InlineData("none", "10.99.0.0/24", "none ipam driver is set but subnets are given")]
    public void Create_BadIpam_FailsAsPodman(string ipam, string? subnet, string message) =>
        Assert.Equal(
            message,
            Assert.Throws<BerthException>(() => Create(Parse(new NetworkCreateFlags { IpamDriver = ipam, Subnets = subnet is null ? [] : [subnet] }))).Message);

    [Fact]
    public void Create_MacvlanWithParent_UsesParentAsInterfaceAndDropsOption()
    {
        var n = Create(Parse(new NetworkCreateFlags { Name = "mac2", Driver = "macvlan", Options = ["parent=eth0", "mode=passthru"], Subnets = ["192.168.77.0/24"] }));

        Assert.Equal("macvlan", n.Driver);
        Assert.Equal("eth0", n.NetworkInterface);
        Assert.Equal(["mode"], n.Options!.Keys);
        Assert.Equal("192.168.77.1", n.SubnetList[0].Gateway);
    }

    [Fact]
    public void Create_MacvlanWithoutParent_HasNoInterface() =>
        Assert.Null(Create(Parse(new NetworkCreateFlags { Name = "m", Driver = "macvlan", Subnets = ["192.168.81.0/24"] })).NetworkInterface);

    [Fact]
    public void Create_MacvlanSubnetOverlapsHost_AllowedAsPodman() =>
        Assert.Equal("192.0.2.0/24", Create(Parse(new NetworkCreateFlags { Name = "m", Driver = "macvlan", Subnets = ["192.0.2.0/24"] })).SubnetList[0].Subnet);

    [Fact]
    public void Create_MacvlanIpamNone_Accepted() =>
        Assert.Equal("none", Create(new NetworkCreateRequest { Name = "m3", Driver = "macvlan", IpamDriver = "none" }).IpamDriver);

    [Theory]
    [InlineData(new[] { "parent=nope" }, "192.168.78.0/24", null, "parent interface nope does not exist")]
    [InlineData(new string[0], null, null, "macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark")]
    [InlineData(new string[0], null, "host-local", "macvlan driver needs at least one subnet specified, when the host-local ipam driver is set")]
    [InlineData(new[] { "mode=foo" }, "192.168.81.0/24", null, "unknown macvlan mode \"foo\"")]
    [InlineData(new[] { "vlan=3" }, "192.168.82.0/24", null, "unsupported macvlan network option vlan")]
    public void Create_BadMacvlan_FailsAsPodman(string[] options, string? subnet, string? ipam, string message)
    {
        var flags = new NetworkCreateFlags { Name = "m", Driver = "macvlan", Options = options, Subnets = subnet is null ? [] : [subnet], IpamDriver = ipam };

        Assert.Equal(message, Assert.Throws<BerthException>(() => Create(Parse(flags))).Message);
    }

    [Fact]
    public void Create_OldMacvlanFlag_SetsDriverAndParent()
    {
        var n = Create(Parse(new NetworkCreateFlags { Name = "oldmac", MacVlan = "eth0", Subnets = ["192.168.80.0/24"] }));

        Assert.Equal("macvlan", n.Driver);
        Assert.Equal("eth0", n.NetworkInterface);
    }

    [Fact]
    public void Create_InterfaceNameInUse_Fails()
    {
        var first = Create(new NetworkCreateRequest());

        var e = Assert.Throws<BerthException>(() => Create(Parse(new NetworkCreateFlags { Name = "x", InterfaceName = "podman1" }), first));

        Assert.Equal("bridge name podman1 already in use", e.Message);
    }

    [Fact]
    public void Create_TwoSubnetsGatewayAndRangeForFirst_SecondGetsFirstAddress()
    {
        var n = Create(Parse(new NetworkCreateFlags
        {
            Subnets = ["10.95.0.0/24", "10.96.0.0/24"],
            Gateways = [IPAddress.Parse("10.95.0.7")],
            Ranges = ["10.95.0.0/30"],
        }));

        Assert.Equal("10.95.0.7", n.SubnetList[0].Gateway);
        Assert.Equal("10.95.0.1", n.SubnetList[0].LeaseRange!.StartIp);
        Assert.Equal("10.95.0.3", n.SubnetList[0].LeaseRange!.EndIp);
        Assert.Equal("10.96.0.1", n.SubnetList[1].Gateway);
    }

    [Theory]
    [InlineData(0, "2026-12-05T15:17:18.6181382Z")]
    [InlineData(60, "2026-12-05T15:17:18.6181382+01:00")]
    public void FormatCreated_GoRfc3339Nano(int offsetMinutes, string expected)
    {
        var time = new DateTimeOffset(2026, 12, 5, 15, 17, 18, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(6181382);

        Assert.Equal(expected, NetworkCreator.FormatCreated(time));
    }

    [Fact]
    public void FreeIpv4Subnet_PoolsExhausted_FailsAsPodman()
    {
        var e = Assert.Throws<BerthException>(() => NetworkCreator.FreeIpv4Subnet(Pools, [IPNetwork.Parse("10.0.0.0/8")]));

        Assert.Equal("could not find free subnet from subnet pools", e.Message);
    }

    private static NetworkDefinition Create(NetworkCreateRequest request, params NetworkDefinition[] existing) =>
        NetworkCreator.Create(request, Context(Host, [Default, .. existing]));

    private static NetworkCreateContext Context(HostNetworkFacts host, params NetworkDefinition[] existing) => new()
    {
        Existing = existing.Length == 0 ? [Default] : existing,
        Host = host,
        SubnetPools = Pools,
        Now = DateTimeOffset.UnixEpoch,
        Random = Counting,
    };

    private static int calls;

    /// <summary>
    /// Bytes a0, a1, a2, … : IDs start with letters (their last byte counts calls, so each differs); the IPv6 subnet is
    /// fda1:a2a3:a4a5:a6a7::/64.
    /// </summary>
    private static void Counting(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(0xa0 + i);
        }

        if (bytes.Length == 32)
        {
            bytes[31] = (byte)Interlocked.Increment(ref calls);
        }
    }

    private static NetworkCreateRequest Parse(NetworkCreateFlags flags) => NetworkCreateRequestParser.FromFlags(flags);
}
