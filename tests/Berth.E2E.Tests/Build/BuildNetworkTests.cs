using Berth.E2E.Tests.Containers;
using Berth.E2E.Tests.Networks;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// RUN networking as podman 4.3.1's build does it: the default network (netavark) unless <c>--network</c> says otherwise,
/// hosts and resolv.conf from <c>--add-host</c>/<c>--dns*</c>/<c>--no-hosts</c>, nothing left behind after the build, and
/// podman's errors for bad values. Runs with the machine-counting tests (it counts links, namespaces and leases).
/// </summary>
[Collection(MachineNetworkCollection.Name)]
public sealed class BuildNetworkTests : IClassFixture<ContainerStoreFixture>, IDisposable
{
    private const string LeaseDb = "/run/containers/networks/berth-ipam.db";
    private readonly ContainerStoreFixture _f;
    private readonly TempDir context = new();

    public BuildNetworkTests(ContainerStoreFixture fixture) => _f = fixture;

    public void Dispose() => context.Dispose();

    private RunResult Build(string containerfile, params string[] args)
    {
        context.Write("Containerfile", containerfile);
        return _f.Berth(["build", "--no-cache", .. args, context.Path]);
    }

    [Fact]
    public void Build_DefaultNetwork_RunGetsAnAddressOnTheDefaultNetworkAndAHostsLine()
    {
        var r = Build("FROM localhost/box\nRUN ip -o -4 addr show eth0; cat /etc/hosts; hostname\n");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var address = System.Text.RegularExpressions.Regex.Match(r.Stdout, @"inet (10\.88\.\d+\.\d+)/16").Groups[1].Value;
        Assert.NotEmpty(address);
        var hostname = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[0-9a-f]{12}$"));
        // podman's hosts file for a build container: host.containers.internal, then the address with hostname and name.
        Assert.Contains("\thost.containers.internal\n", r.Stdout, StringComparison.Ordinal);
        Assert.Matches($"\n{address.Replace(".", "\\.", StringComparison.Ordinal)}\t{hostname} \\S+-working-container\n", r.Stdout);
    }

    [Fact]
    public void Build_NamedNetwork_RunReachesAServerOnTheHostAndLeavesNothingBehind()
    {
        var net = TestNetworks.Define(_f.NetworkConfigDir, dns: true);
        var port = TestNetworks.FreePort();
        using var server = TestNetworks.ServeOnHost(Path.Combine(_f.Dir.Path, "www-build"), port, "hello to the build");
        try
        {
            var file = $"FROM localhost/box\nRUN ip -o -4 addr show eth0 && {TestNetworks.HttpGet(net.Gateway, port)} > /fetched\nRUN cat /fetched\n";
            // Warm-up: netavark's machine-wide chains stay from then on; they are not per container.
            Assert.Equal(0, Build(file, "--network", net.Name).ExitCode);
            var before = Snapshot(net);

            var r = Build(file, "--network", net.Name);

            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Contains($"inet {net.Subnet[..^4]}", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("hello to the build\n", r.Stdout, StringComparison.Ordinal);
            var after = Snapshot(net);
            Assert.True(ContainerStoreFixture.Eventually(() => (after = Snapshot(net)) == before, 30), $"before {before}, after {after}");

            // A failing RUN tears its network down too.
            var failed = Build("FROM localhost/box\nRUN ip -o -4 addr show eth0 && exit 3\n", "--network", net.Name);
            Assert.Equal(3, failed.ExitCode);
            Assert.Contains($"inet {net.Subnet[..^4]}", failed.Stdout, StringComparison.Ordinal);
            Assert.True(ContainerStoreFixture.Eventually(() => (after = Snapshot(net)) == before, 30), $"before {before}, after {after}");
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Build_NetworkNone_OnlyLoopbackAndNoHostsOrResolvConf()
    {
        var r = Build("FROM localhost/box\nRUN ip -o link; test -e /etc/hosts || echo no-hosts; test -e /etc/resolv.conf || echo no-resolv\n", "--network", "none");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains(": lo: ", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("eth0", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("no-hosts\nno-resolv\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RunNetworkFlag_OverridesTheBuildsNetworkPerStep()
    {
        var r = Build("FROM localhost/box\nRUN --network=none ip -o link | grep -c eth0 || true\nRUN --network=default ip -o link | grep -c eth0\n");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("\n0\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n1\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NsPath_RunJoinsThatNamespace()
    {
        var name = "berth-e2e-build-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal("", TestNetworks.Run("ip", "netns", "add", name));
        try
        {
            // A veth pair with both ends in the namespace marks it (this kernel has no dummy links).
            TestNetworks.Run("ip", "-n", name, "link", "add", "bmark0", "type", "veth", "peer", "name", "bmark1");
            Assert.Contains("bmark0@", TestNetworks.Run("ip", "-n", name, "-o", "link"), StringComparison.Ordinal);

            var r = Build("FROM localhost/box\nRUN ip -o link | grep -c bmark0@\n", "--network", $"ns:/run/netns/{name}");

            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Contains("\n1\n", r.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            TestNetworks.Run("ip", "netns", "delete", name);
        }
    }

    [Fact]
    public void Build_DnsAndAddHost_WrittenAsPodmanWritesThem()
    {
        var r = Build(
            "FROM localhost/box\nRUN cat /etc/resolv.conf; echo ---; cat /etc/hosts\n",
            "--dns", "9.9.9.9", "--dns-search", "example.com", "--dns-option", "ndots:3", "--add-host", "foo:1.2.3.4", "--add-host", "bar:fd00::9");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        // Recorded from podman 4.3.1 build with the same flags.
        Assert.Contains("search example.com\nnameserver 9.9.9.9\noptions ndots:3\n---\n1.2.3.4\tfoo\nfd00::9\tbar\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoHostsAndDnsNone_LeaveTheImagesFiles()
    {
        var r = Build("FROM localhost/box\nRUN test -e /etc/hosts || echo no-hosts; test -e /etc/resolv.conf || echo no-resolv; ip -o link | grep -c eth0\n", "--no-hosts", "--dns", "none");

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("no-hosts\nno-resolv\n1\n", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    // podman 4.3.1's messages and exit codes.
    [InlineData("Error: the --dns option cannot be used with --network=none", "--dns", "9.9.9.9", "--network", "none")]
    [InlineData("Error: the --dns-search option cannot be used with --network=none", "--dns-search", "x", "--network", "none")]
    [InlineData("Error: invalid value for add-host: bad format for add-host: \"foo\"", "--add-host", "foo")]
    [InlineData("Error: invalid value for add-host: invalid IP address in add-host: \"bar\"", "--add-host", "foo:bar")]
    [InlineData("Error: invalid value for add-host: invalid IP address in add-host: \"host-gateway\"", "--add-host", "gw:host-gateway")]
    [InlineData("Error: --no-hosts and --add-host conflict, can not be used together", "--no-hosts", "--add-host", "a:1.1.1.1")]
    [InlineData("Error: checking network namespace: stat /nonexistent: no such file or directory", "--network", "ns:/nonexistent")]
    public void Build_BadNetworkFlags_RefusedBeforeAnythingRuns(string message, params string[] args)
    {
        var r = Build("FROM localhost/box\nRUN touch /ran\n", args);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal(message + "\n", r.Stderr);
        Assert.DoesNotContain("STEP", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ContainerNetworkOrUnknownNetwork_RefusedClearly()
    {
        var container = Build("FROM localhost/box\nRUN true\n", "--network", "container:abc");
        Assert.Equal(125, container.ExitCode);
        Assert.Contains("container:abc", container.Stderr, StringComparison.Ordinal);
        Assert.Contains("not supported for build containers", container.Stderr, StringComparison.Ordinal);

        var unknown = Build("FROM localhost/box\nRUN true\n", "--network", "nosuchnet");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("unable to find network with name or ID nosuchnet: network not found", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Buildah_FromDnsAndAddHost_UsedByRunAndRunNetworkNone()
    {
        var from = _f.Berth("buildah", "from", "--dns", "8.8.4.4", "--dns-search", "x.org", "--add-host", "a:1.2.3.4", "localhost/box");
        Assert.True(from.ExitCode == 0, from.Stderr);
        var name = from.Stdout.Trim();
        try
        {
            var run = _f.Berth("buildah", "run", name, "--", "sh", "-c", "ip -o link | grep -c eth0; cat /etc/resolv.conf /etc/hosts");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.StartsWith("1\nsearch x.org\nnameserver 8.8.4.4\n1.2.3.4\ta\n", run.Stdout, StringComparison.Ordinal);

            var none = _f.Berth("buildah", "run", "--network", "none", name, "--", "sh", "-c", "ip -o link | grep -c eth0; test -e /etc/hosts || echo no-hosts");
            Assert.Equal("0\nno-hosts\n", none.Stdout);

            var noHosts = _f.Berth("buildah", "run", "--no-hosts", name, "--", "sh", "-c", "test -e /etc/hosts || echo no-hosts");
            Assert.Equal("no-hosts\n", noHosts.Stdout);
        }
        finally
        {
            _f.Berth("buildah", "rm", name);
        }
    }

    private static Counts Snapshot(TestNetwork net) => new(
        Lines(TestNetworks.Run("ip", "-o", "link", "show")),
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Length : 0,
        File.Exists(LeaseDb) ? int.Parse(TestNetworks.Run("sqlite3", LeaseDb, $"SELECT count(*) FROM network_leases WHERE network = '{net.Name}'").Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0,
        TestNetworks.Run("iptables-save").Split('\n').Count(l => l.Contains(net.Subnet, StringComparison.Ordinal)));

    private static int Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private sealed record Counts(int Links, int Namespaces, int Leases, int SubnetRules);
}
