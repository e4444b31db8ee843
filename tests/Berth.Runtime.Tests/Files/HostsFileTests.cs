using System.Net;
using Berth.Runtime.Files;

namespace Berth.Runtime.Tests.Files;

public class HostsFileTests
{
    private static HostsInput Input(string golden, string name, bool none) => new()
    {
        BaseContent = FilesGolden.Text("host-hosts.txt"),
        Hostname = "myh",
        Name = name,
        NetworkNone = none,
        HostContainersInternalIp = FilesGolden.HostInternalIp(FilesGolden.Text(golden)),
    };

    [Fact]
    public void Build_NetworkNone_MatchesPodman() =>
        Assert.Equal(FilesGolden.Text("hosts-none.txt"), HostsFile.Build(Input("hosts-none.txt", "c1", none: true)));

    [Fact]
    public void Build_NetworkHost_HasNoContainerEntry() =>
        Assert.Equal(FilesGolden.Text("hosts-host.txt"), HostsFile.Build(Input("hosts-host.txt", "x", none: false)));

    [Fact]
    public void Build_AddHost_FirstAndHidesSpecialNamesOnly() =>
        Assert.Equal(FilesGolden.Text("hosts-addhost.txt"),
            HostsFile.Build(Input("hosts-addhost.txt", "c2", none: true) with { ExtraHosts = ["foo:1.2.3.4", "localhost:9.9.9.9"] }));

    [Fact]
    public void Build_ContainerIps_EachGetsHostnameAndName()
    {
        var text = HostsFile.Build(new HostsInput
        {
            BaseContent = "# comment\n10.0.0.1\n10.0.0.2   gw  # trailing\n",
            Hostname = "abc",
            Name = "web",
            ContainerIps = ["10.88.0.9", "fd00::9"],
            HostContainersInternalIp = "10.88.0.1",
        });
        Assert.Equal("10.0.0.2\tgw\n127.0.0.1\tlocalhost\n::1\tlocalhost\n10.88.0.1\thost.containers.internal\n10.88.0.9\tabc web\nfd00::9\tabc web\n", text);
    }

    [Theory]
    [InlineData("nocolon", "unable to parse host entry \"nocolon\": incorrect format")]
    [InlineData(":1.2.3.4", "hostname in host entry \":1.2.3.4\" is empty")]
    [InlineData("name:", "IP address in host entry \"name:\" is empty")]
    public void Build_BadAddHost_PodmansError(string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => HostsFile.Build(new HostsInput { Hostname = "h", Name = "n", ExtraHosts = [value] }));
        Assert.Equal("failed to create new hosts file: " + message, e.Message);
    }

    [Fact]
    public void Validate_NoHostsWithAddHost_Refused() =>
        Assert.Equal("cannot add to /etc/hosts if using image's /etc/hosts: invalid argument",
            Assert.Throws<BerthException>(() => HostsFile.Validate(true, ["a:1.2.3.4"])).Message);

    [Fact]
    public void HostContainersInternal_PrefersBridgeGatewayThenFirstGlobalIpv4()
    {
        IPAddress[] host = [IPAddress.Loopback, IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::5"), IPAddress.Parse("192.0.2.2"), IPAddress.Parse("10.88.0.1")];
        Assert.Equal("10.88.0.1", HostContainersInternal.Resolve(null, ["fd00::1", "10.88.0.1"], rootless: false, host));
        Assert.Equal("192.0.2.2", HostContainersInternal.Resolve("", [], rootless: false, host));
        Assert.Equal("192.0.2.2", HostContainersInternal.Resolve(null, ["10.88.0.1"], rootless: true, host));
        Assert.Null(HostContainersInternal.Resolve("none", ["10.88.0.1"], rootless: false, host));
        Assert.Equal("1.2.3.4", HostContainersInternal.Resolve("1.2.3.4", [], rootless: false, host));
        Assert.Equal("2001:db8::5", HostContainersInternal.LocalAddress([IPAddress.Loopback, IPAddress.Parse("2001:db8::5")]));
    }

    [Fact]
    public void Hostname_NoTrailingNewline_LikePodman() =>
        Assert.Equal(FilesGolden.Text("hostname.txt"), HostnameFile.Build("myh"));

    [Theory]
    [InlineData("a:1.2.3.4", true, null)]
    [InlineData("a:fd00::9", false, null)]
    [InlineData("gw:host-gateway", true, null)]
    [InlineData("gw:host-gateway", false, "invalid IP address in add-host: \"host-gateway\"")]
    [InlineData("noip", true, "bad format for add-host: \"noip\"")]
    [InlineData(":1.2.3.4", true, "bad format for add-host: \":1.2.3.4\"")]
    [InlineData("a:b", true, "invalid IP address in add-host: \"b\"")]
    public void CheckExtraHost_PodmansRules(string entry, bool hostGateway, string? problem) =>
        Assert.Equal(problem, HostsFile.CheckExtraHost(entry, hostGateway));
}
