using Berth.Engine.Containers;
using Berth.Network.Model;

namespace Berth.Engine.Tests.Containers;

public sealed class NetworkModeResolverTests
{
    private static NetworkDefinition Find(string name) => name switch
    {
        "podman" or "web" or "db" => new NetworkDefinition
        {
            Name = name,
            Id = NetworkNames.DefaultNetworkId(name),
            Driver = "bridge",
            Created = "2026-12-05T15:11:14Z",
            Subnets = [new NetworkSubnet { Subnet = name == "db" ? "10.89.1.0/24" : "10.89.0.0/24", Gateway = name == "db" ? "10.89.1.1" : "10.89.0.1" }],
        },
        _ => throw new BerthException(ErrorKind.NotFound, $"unable to find network with name or ID {name}: network not found"),
    };

    private static ResolvedNetworking Resolve(NetworkRequest r) => NetworkModeResolver.Resolve(r, "podman", Find);

    [Fact]
    public void Resolve_Nothing_BridgeOnDefaultNetwork()
    {
        var n = Resolve(new NetworkRequest());
        Assert.Equal("bridge", n.Mode);
        Assert.Equal("eth0", Assert.Single(n.Networks).Value.InterfaceName);
        Assert.Equal("podman", n.Networks.Keys.Single());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("host")]
    [InlineData("container:abc")]
    [InlineData("ns:/run/netns/x")]
    public void Resolve_Modes_NoNetworks(string mode)
    {
        var n = Resolve(new NetworkRequest { Networks = [mode] });
        Assert.Equal(mode, n.Mode);
        Assert.Empty(n.Networks);
    }

    [Fact]
    public void Resolve_NamesWithOptions_InterfacesInOrder()
    {
        var n = Resolve(new NetworkRequest { Networks = ["web:ip=10.89.0.7,alias=front,mac=AA:BB:CC:DD:EE:FF", "db:interface_name=dbnet"], Aliases = ["all"] });
        Assert.Equal(["web", "db"], n.Networks.Keys);
        var web = n.Networks["web"];
        Assert.Equal(("eth0", "aa:bb:cc:dd:ee:ff"), (web.InterfaceName, web.StaticMac));
        Assert.Equal(["10.89.0.7"], web.StaticIps);
        Assert.Equal(["front", "all"], web.Aliases);
        Assert.Equal("dbnet", n.Networks["db"].InterfaceName);
        Assert.Equal(["all"], n.Networks["db"].Aliases);
    }

    [Fact]
    public void Resolve_BridgeAndPrivate_MeanTheDefaultNetwork()
    {
        Assert.Equal("podman", Resolve(new NetworkRequest { Networks = ["bridge"] }).Networks.Keys.Single());
        Assert.Equal("podman", Resolve(new NetworkRequest { Networks = ["private"], Ip = "10.89.0.9" }).Networks.Keys.Single());
    }

    [Theory]
    [InlineData(new[] { "host", "web" }, "can only set extra network names, selected mode host conflicts with bridge: invalid argument")]
    [InlineData(new[] { "web", "none" }, "can only set extra network names, selected mode none conflicts with bridge: invalid argument")]
    [InlineData(new[] { "web:foo=1" }, "unknown bridge network option: foo: invalid argument")]
    [InlineData(new[] { "web:mac=zz" }, "address zz: invalid MAC address: invalid argument")]
    [InlineData(new[] { "nosuch" }, "unable to find network with name or ID nosuch: network not found")]
    [InlineData(new[] { "web:ip=10.90.0.5" }, "requested static ip 10.90.0.5 not in any subnet on network web: invalid argument")]
    [InlineData(new[] { "slirp4netns" }, "network mode slirp4netns is for rootless containers, which this berth does not run yet: use bridge: invalid argument")]
    public void Resolve_Bad_PodmansErrors(string[] networks, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<BerthException>(() => Resolve(new NetworkRequest { Networks = networks })).Message);

    [Fact]
    public void Resolve_IpWithSeveralNetworksOrNone_Refused()
    {
        Assert.Equal("--ip, --ip6 and --mac-address can only be set for a single network: invalid argument",
            Assert.ThrowsAny<BerthException>(() => Resolve(new NetworkRequest { Networks = ["web", "db"], Ip = "10.89.0.5" })).Message);
        Assert.Equal("--ip can only be set when the network mode is bridge: invalid argument",
            Assert.ThrowsAny<BerthException>(() => Resolve(new NetworkRequest { Networks = ["none"], Ip = "10.89.0.5" })).Message);
    }
}
