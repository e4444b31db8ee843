using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Networks;

/// <summary>Containers on bridge networks through real netavark and aardvark-dns: addresses, hosts, DNS, isolation.</summary>
public sealed class BridgeNetworkTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture _f;

    public BridgeNetworkTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    [Fact]
    public void Run_DefaultNetwork_GetsAddressAndHostsEntries()
    {
        var r = Berth("run", "--rm", "--name", "onbridge", "--hostname", "hh", "box", "sh", "-c", "ip -4 -o addr show eth0; cat /etc/hosts");
        Assert.Equal(0, r.ExitCode);
        var address = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"inet (10\.88\.\d+\.\d+)/16").Groups[1].Value;
        Assert.NotEmpty(address);
        Assert.Contains("10.88.0.1\thost.containers.internal\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{address}\thh onbridge\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameDnsNetwork_NamesAndAliasesResolve()
    {
        var net = TestNetworks.Define(_f.NetworkConfigDir);
        Assert.Equal(0, Berth("run", "-d", "--name", "dnsdb", "--network", net.Name, "--network-alias", "database", "box", "sleep", "100").ExitCode);
        var dbAddress = Berth("exec", "dnsdb", "ip", "-4", "-o", "addr", "show", "eth0").Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3].Split('/')[0];
        try
        {
            // aardvark-dns learns of a new container on a reload signal: the first lookups may come early (up to 20 s on a
            // loaded machine; CI saw more than 5 s).
            var r = Berth("run", "--rm", "--network", net.Name, "box", "sh", "-c",
                "cat /etc/resolv.conf; for i in $(seq 40); do nslookup dnsdb >/dev/null 2>&1 && nslookup database >/dev/null 2>&1 && break; sleep 0.5; done; nslookup dnsdb; nslookup database");
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Contains($"search dns.podman\nnameserver {net.Gateway}\n", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("Name:\tdnsdb.dns.podman\nAddress: ", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("Name:\tdatabase.dns.podman\nAddress: ", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("Name:\tdnsdb.dns.podman\nAddress: " + dbAddress + "\n", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "dnsdb");
        }
    }

    [Fact]
    public void Run_InternalNetwork_HasNoWayOut()
    {
        var outside = TestNetworks.Define(_f.NetworkConfigDir, dns: false);
        var open = TestNetworks.Define(_f.NetworkConfigDir, dns: false);
        var closed = TestNetworks.Define(_f.NetworkConfigDir, dns: false, @internal: true);
        var port = TestNetworks.FreePort();
        using var server = TestNetworks.ServeOnHost(Path.Combine(_f.Dir.Path, "www-internal"), port, "hello from the host");
        // A container keeps the other bridge (and so the host's address on it) in place.
        Assert.Equal(0, Berth("run", "-d", "--name", "keeper", "--network", outside.Name, "box", "sleep", "100").ExitCode);
        try
        {
            var fromOpen = Berth("run", "--rm", "--network", open.Name, "box", "sh", "-c", TestNetworks.HttpGet(outside.Gateway, port));
            Assert.Equal("hello from the host\n", fromOpen.Stdout);

            var fromClosed = Berth("run", "--rm", "--network", closed.Name, "box", "sh", "-c", "ip route; " + TestNetworks.HttpGet(outside.Gateway, port));
            Assert.DoesNotContain("hello", fromClosed.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("default", fromClosed.Stdout, StringComparison.Ordinal);
            Assert.Contains("Network is unreachable", fromClosed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
            Berth("rm", "-f", "-t", "0", "keeper");
        }
    }

    [Fact]
    public void Run_UnknownNetwork_ClearErrorAndNothingCreated()
    {
        var r = Berth("run", "--rm", "--name", "nonet", "--network", "nosuchnet", "box", "true");
        Assert.Equal((125, "Error: unable to find network with name or ID nosuchnet: network not found\n"), (r.ExitCode, r.Stderr));
        Assert.Equal(1, Berth("container", "exists", "nonet").ExitCode);
    }

    [Fact]
    public void Run_StaticIp_TakenByAnother_Refused()
    {
        var net = TestNetworks.Define(_f.NetworkConfigDir, dns: false);
        var ip = net.Gateway[..^1] + "77";
        Assert.Equal(0, Berth("run", "-d", "--name", "fixedip", "--network", net.Name, "--ip", ip, "box", "sleep", "100").ExitCode);
        try
        {
            Assert.Contains($"inet {ip}/24", Berth("exec", "fixedip", "ip", "-4", "-o", "addr", "show", "eth0").Stdout, StringComparison.Ordinal);
            var clash = Berth("run", "--rm", "--network", net.Name, "--ip", ip, "box", "true");
            Assert.NotEqual(0, clash.ExitCode);
            Assert.Contains($"IPAM error: requested ip address {ip} is already allocated to container ID", clash.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "fixedip");
        }
    }

    [Fact]
    public void ConnectDisconnectReload_RunningContainer_InterfacesFollow()
    {
        var first = TestNetworks.Define(_f.NetworkConfigDir, dns: false);
        var second = TestNetworks.Define(_f.NetworkConfigDir, dns: false);
        Assert.Equal(0, Berth("run", "-d", "--name", "hopper", "--network", first.Name, "box", "sleep", "100").ExitCode);
        try
        {
            var connect = Berth("network", "connect", "--alias", "hop", second.Name, "hopper");
            Assert.Equal((0, ""), (connect.ExitCode, connect.Stderr));
            var addresses = Berth("exec", "hopper", "ip", "-4", "-o", "addr").Stdout;
            Assert.Contains("eth1", addresses, StringComparison.Ordinal);
            Assert.Contains("inet " + second.Gateway[..^1], addresses, StringComparison.Ordinal);
            Assert.Equal($"{first.Name},{second.Name}\n", Berth("ps", "--filter", "name=hopper", "--format", "{{.Networks}}").Stdout);

            var again = Berth("network", "connect", second.Name, "hopper");
            Assert.Equal(125, again.ExitCode);
            Assert.Contains("network is already connected", again.Stderr, StringComparison.Ordinal);

            // reload re-applies the rules with the same addresses
            var id = Berth("inspect", "--format", "{{.Id}}", "hopper").Stdout.Trim();
            Assert.Equal(id + "\n", Berth("network", "reload", "hopper").Stdout);
            Assert.Contains("inet " + second.Gateway[..^1], Berth("exec", "hopper", "ip", "-4", "-o", "addr").Stdout, StringComparison.Ordinal);

            Assert.Equal(0, Berth("network", "disconnect", second.Name, "hopper").ExitCode);
            Assert.DoesNotContain("eth1", Berth("exec", "hopper", "ip", "-4", "-o", "addr").Stdout, StringComparison.Ordinal);
            Assert.Equal($"{first.Name}\n", Berth("ps", "--filter", "name=hopper", "--format", "{{.Networks}}").Stdout);
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "hopper");
        }
    }

    [Fact]
    public void Run_ContainerMode_SharesTheOthersNamespace()
    {
        Assert.Equal(0, Berth("run", "-d", "--name", "nsowner", "box", "sleep", "100").ExitCode);
        try
        {
            var owner = Berth("exec", "nsowner", "ip", "-4", "-o", "addr", "show", "eth0").Stdout;
            Assert.Contains("inet 10.88.", owner, StringComparison.Ordinal);
            var joined = Berth("run", "--rm", "--network", "container:nsowner", "box", "ip", "-4", "-o", "addr", "show", "eth0");
            Assert.Equal(0, joined.ExitCode);
            Assert.Equal(owner.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], joined.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "nsowner");
        }
    }

    [Fact]
    public void Run_DnsAndHostFlags_WrittenToFiles()
    {
        var r = Berth("run", "--rm", "--dns", "192.0.2.53", "--dns-search", "example.test", "--dns-option", "ndots:2", "--add-host", "db.local:192.0.2.10", "--add-host", "gw:host-gateway", "box", "sh", "-c", "cat /etc/resolv.conf /etc/hosts");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("nameserver 192.0.2.53\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("search example.test", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("options ndots:2", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("192.0.2.10\tdb.local\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("10.88.0.1\tgw\n", r.Stdout, StringComparison.Ordinal);

        var noHosts = Berth("run", "--rm", "--no-hosts", "--add-host", "a:1.2.3.4", "box", "true");
        Assert.Equal(125, noHosts.ExitCode);
    }
}
