using Berth.Runtime.Files;

namespace Berth.Runtime.Tests.Files;

public sealed class ResolvConfTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-resolv").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Build_HostNetwork_CopiesHostServers() =>
        Assert.Equal(FilesGolden.Text("resolv-host.txt"),
            ResolvConfFile.Build(new ResolvConfInput { HostContent = FilesGolden.Text("host-resolv.conf.txt"), HostNetwork = true }));

    [Fact]
    public void Build_DnsSearchOption_ReplaceHosts() =>
        Assert.Equal(FilesGolden.Text("resolv-dns.txt"), ResolvConfFile.Build(new ResolvConfInput
        {
            HostContent = FilesGolden.Text("host-resolv.conf.txt"),
            HostNetwork = true,
            Nameservers = ["1.1.1.1"],
            Searches = ["example.com"],
            Options = ["ndots:2"],
        }));

    [Fact]
    public void Build_PrivateNetns_DropsLoopbackAndIpv6_DefaultsWhenNoneLeft()
    {
        const string host = "search corp\nnameserver 127.0.0.53\nnameserver ::1\nnameserver fd00::53\noptions edns0\n";
        Assert.Equal("search corp\nnameserver 8.8.8.8\nnameserver 8.8.4.4\noptions edns0\n", ResolvConfFile.Build(new ResolvConfInput { HostContent = host }));
        Assert.Equal("search corp\nnameserver fd00::53\noptions edns0\n", ResolvConfFile.Build(new ResolvConfInput { HostContent = host, Ipv6Enabled = true }));
        Assert.Equal("search corp\nnameserver 127.0.0.53\nnameserver ::1\nnameserver fd00::53\noptions edns0\n",
            ResolvConfFile.Build(new ResolvConfInput { HostContent = host, HostNetwork = true }));
    }

    [Fact]
    public void Build_NetworkServersFirst_UserSearchDotUnsets()
    {
        var input = new ResolvConfInput
        {
            HostContent = "search a b\nnameserver 9.9.9.9\n",
            NetworkNameservers = ["10.89.0.1"],
            NetworkSearchDomains = ["dns.podman"],
        };
        Assert.Equal("search dns.podman a b\nnameserver 10.89.0.1\nnameserver 9.9.9.9\n", ResolvConfFile.Build(input));
        Assert.Equal("nameserver 10.89.0.1\nnameserver 9.9.9.9\n", ResolvConfFile.Build(input with { Searches = ["."] }));
    }

    [Fact]
    public void ReadHost_SystemdResolvedStub_UsesRealFile()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        Directory.CreateDirectory(Path.Combine(_root, "run/systemd/resolve"));
        File.WriteAllText(Path.Combine(_root, "etc/resolv.conf"), "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        File.WriteAllText(Path.Combine(_root, "run/systemd/resolve/resolv.conf"), "nameserver 192.168.1.1\n");
        Assert.Equal("nameserver 192.168.1.1\n", ResolvConfFile.ReadHost(hostNetwork: false, hostRoot: _root));
        Assert.Equal("nameserver 127.0.0.53\noptions edns0 trust-ad\n", ResolvConfFile.ReadHost(hostNetwork: true, hostRoot: _root));
    }

    [Fact]
    public void ReadHost_NamedNetns_UsesEtcNetnsFile()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc/netns/blue"));
        File.WriteAllText(Path.Combine(_root, "etc/resolv.conf"), "nameserver 1.1.1.1\n");
        File.WriteAllText(Path.Combine(_root, "etc/netns/blue/resolv.conf"), "nameserver 2.2.2.2\n");
        Assert.Equal("nameserver 2.2.2.2\n", ResolvConfFile.ReadHost(false, "/run/netns/blue", _root));
        Assert.Equal("nameserver 1.1.1.1\n", ResolvConfFile.ReadHost(false, "/proc/42/ns/net", _root));
    }
}
