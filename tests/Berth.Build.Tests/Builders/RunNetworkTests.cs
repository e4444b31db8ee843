using Berth.Build.Builders;
using Berth.Oci;

namespace Berth.Build.Tests.Builders;

/// <summary>The network of a build container (<c>--network</c>) and the DNS/hosts flags' checks, with podman 4.3.1's messages.</summary>
public sealed class RunNetworkTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("private")]
    [InlineData("default")]
    [InlineData("bridge")]
    public void Parse_DefaultWords_DefaultNetwork(string? value)
    {
        var network = RunNetwork.Parse(value);

        Assert.Equal(RunNetworkKind.Bridge, network.Kind);
        Assert.Empty(network.Networks);
        Assert.Equal("private", network.Text);
    }

    [Fact]
    public void Parse_Names_BridgeOnThoseNetworks()
    {
        var network = RunNetwork.Parse("one,two");

        Assert.Equal(RunNetworkKind.Bridge, network.Kind);
        Assert.Equal(["one", "two"], network.Networks);
        Assert.Equal("one,two", network.Text);
    }

    [Theory]
    [InlineData("none", RunNetworkKind.None)]
    [InlineData("host", RunNetworkKind.Host)]
    public void Parse_Modes_TheirKind(string value, RunNetworkKind kind)
    {
        var network = RunNetwork.Parse(value);

        Assert.Equal(kind, network.Kind);
        Assert.Equal(value, network.Text);
    }

    [Fact]
    public void Parse_NsPath_JoinsThatNamespace()
    {
        var network = RunNetwork.Parse("ns:/proc/self/ns/net");

        Assert.Equal(RunNetworkKind.Namespace, network.Kind);
        Assert.Equal("/proc/self/ns/net", network.NamespacePath);
    }

    [Theory]
    [InlineData("ns:/nonexistent/netns", "checking network namespace: stat /nonexistent/netns: no such file or directory")]
    [InlineData("container:abc", "network mode \"container:abc\" is not supported for build containers: use a network name, private, none, host or ns:<path>")]
    [InlineData("slirp4netns", "network mode \"slirp4netns\" is for rootless builds, which this berth does not run yet: use the default network")]
    public void Parse_Refused_ClearMessage(string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => RunNetwork.Parse(value));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("the --dns option cannot be used with --network=none", "dns")]
    [InlineData("the --dns-search option cannot be used with --network=none", "search")]
    [InlineData("the --dns-option option cannot be used with --network=none", "option")]
    public void Validate_DnsWithNetworkNone_PodmansMessage(string message, string which)
    {
        var files = which switch
        {
            "dns" => new RunNetworkFiles { DnsServers = ["1.1.1.1"] },
            "search" => new RunNetworkFiles { DnsSearch = ["x"] },
            _ => new RunNetworkFiles { DnsOptions = ["ndots:1"] },
        };

        var e = Assert.Throws<BerthException>(() => files.Validate(RunNetwork.Parse("none")));

        Assert.Equal(message, e.Message);
        files.Validate(RunNetwork.Default);
    }

    [Fact]
    public void Validate_SeveralProblems_PodmansOrder()
    {
        var none = RunNetwork.Parse("none");
        var all = new RunNetworkFiles { DnsServers = ["1.1.1.1"], DnsSearch = ["y"], DnsOptions = ["x"], AddHosts = ["bad"], NoHosts = true };

        Assert.Equal("the --dns option cannot be used with --network=none", Assert.Throws<BerthException>(() => all.Validate(none)).Message);
        Assert.Equal("the --dns-option option cannot be used with --network=none", Assert.Throws<BerthException>(() => (all with { DnsServers = [] }).Validate(none)).Message);
        Assert.Equal("--no-hosts and --add-host conflict, can not be used together", Assert.Throws<BerthException>(() => all.Validate(RunNetwork.Default)).Message);
    }

    [Theory]
    [InlineData("foo", "invalid value for add-host: bad format for add-host: \"foo\"")]
    [InlineData(":1.2.3.4", "invalid value for add-host: bad format for add-host: \":1.2.3.4\"")]
    [InlineData("foo:bar", "invalid value for add-host: invalid IP address in add-host: \"bar\"")]
    [InlineData("gw:host-gateway", "invalid value for add-host: invalid IP address in add-host: \"host-gateway\"")]
    public void Validate_BadAddHost_PodmansMessage(string entry, string message)
    {
        var e = Assert.Throws<BerthException>(() => new RunNetworkFiles { AddHosts = [entry] }.Validate(RunNetwork.Default));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Validate_GoodAddHostsAndNoHostsConflict()
    {
        new RunNetworkFiles { AddHosts = ["a:1.2.3.4", "b:fd00::9"] }.Validate(RunNetwork.Default);

        var e = Assert.Throws<BerthException>(() => new RunNetworkFiles { AddHosts = ["a:1.2.3.4"], NoHosts = true }.Validate(RunNetwork.Default));
        Assert.Equal("--no-hosts and --add-host conflict, can not be used together", e.Message);
    }

    [Fact]
    public void NoResolvConf_OnlyForDnsNone()
    {
        Assert.True(new RunNetworkFiles { DnsServers = ["none"] }.NoResolvConf);
        Assert.False(new RunNetworkFiles { DnsServers = ["none", "1.1.1.1"] }.NoResolvConf);
        Assert.True(new RunNetworkFiles().IsEmpty);
        Assert.False(new RunNetworkFiles { NoHosts = true }.IsEmpty);
    }
}
