using System.Text.Json;

namespace Berth.E2E.Tests.Networks;

/// <summary>
/// network create/ls/inspect/rm/prune/exists driving the built binary, each test with its own --network-config-dir
/// (never /etc/containers/networks) and private --root/--runroot.
/// </summary>
public sealed class NetworkCommandTests : IDisposable
{
    private readonly TempDir dir = new();

    private string NetDir => Path.Combine(dir.Path, "networks");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Create_NoName_WritesPodman1WithFirstPoolSubnet()
    {
        var r = Berth("network", "create");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("podman1\n", r.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(NetDir, "podman1.json")));
        var root = doc.RootElement;
        Assert.Equal("podman1", root.GetProperty("network_interface").GetString());
        Assert.Equal("bridge", root.GetProperty("driver").GetString());
        Assert.True(root.GetProperty("dns_enabled").GetBoolean());
        Assert.Equal("host-local", root.GetProperty("ipam_options").GetProperty("driver").GetString());
        Assert.EndsWith(".0/24", root.GetProperty("subnets")[0].GetProperty("subnet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NameInUse_Exit125WithPodmansMessage()
    {
        Assert.Equal(0, Berth("network", "create", "foo").ExitCode);

        var r = Berth("network", "create", "foo");

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: network name foo already used: network already exists\n", r.Stderr);
    }

    [Fact]
    public void Create_OverlappingSubnetOrGatewayOutside_FailsAndWritesNothing()
    {
        // Names that are no hex prefix: podman (and Berth) take a name matching another network's ID prefix as used.
        Assert.Equal(0, Berth("network", "create", "--subnet", "10.123.0.0/24", "net-a").ExitCode);

        var overlap = Berth("network", "create", "--subnet", "10.123.0.128/25", "net-b");
        var gateway = Berth("network", "create", "--subnet", "10.124.0.0/24", "--gateway", "10.125.0.1", "net-c");

        Assert.Equal("Error: subnet 10.123.0.128/25 is already used on the host or by another config\n", overlap.Stderr);
        Assert.Equal("Error: gateway 10.125.0.1 not in subnet 10.124.0.0/24\n", gateway.Stderr);
        Assert.Equal(125, gateway.ExitCode);
        Assert.Equal(["net-a.json"], Directory.GetFiles(NetDir, "*.json").Select(Path.GetFileName));
    }

    [Fact]
    public void Create_Concurrently_NeverSharesSubnetOrBridge()
    {
        var results = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6).Select(i => Berth("network", "create", "n" + i)).ToList();

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var networks = Directory.GetFiles(NetDir, "*.json").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();
        Assert.Equal(6, networks.Count);
        Assert.Equal(6, networks.Select(n => n.GetProperty("subnets")[0].GetProperty("subnet").GetString()).Distinct().Count());
        Assert.Equal(6, networks.Select(n => n.GetProperty("network_interface").GetString()).Distinct().Count());
    }

    [Fact]
    public void Inspect_DefaultNetwork_FiveSpaceJsonAsPodman()
    {
        var r = Berth("network", "inspect", "podman");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("[\n     {\n          \"name\": \"podman\",\n          \"id\": \"2f259bab93aaaaa2542ba43ef33eb990d0999ee1b9924b557b7be53c0b7a1bb9\",\n          \"driver\": \"bridge\",\n          \"network_interface\": \"podman0\",\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("          \"subnets\": [\n               {\n                    \"subnet\": \"10.88.0.0/16\",\n                    \"gateway\": \"10.88.0.1\"\n               }\n          ],\n          \"ipv6_enabled\": false,\n          \"internal\": false,\n          \"dns_enabled\": false,\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Missing_PrintsFoundThenFailsAsPodman()
    {
        Berth("network", "create", "foo");

        var r = Berth("network", "inspect", "--format", "{{.Name}} {{.DNSEnabled}}", "foo", "nosuch");

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("foo true\n", r.Stdout);
        Assert.Equal("Error: inspecting object: network nosuch: unable to find network with name or ID nosuch: network not found\n", r.Stderr);
    }

    [Fact]
    public void List_FiltersAndFormats()
    {
        Berth("network", "create", "--label", "team=a", "alpha");
        Berth("network", "create", "--internal", "beta");

        Assert.Equal("alpha\n", Berth("network", "ls", "-q", "--filter", "label=team=a").Stdout);
        Assert.Equal("alpha\nbeta\n", Berth("network", "ls", "-q", "--filter", "dangling=true").Stdout);
        Assert.Equal("podman\n", Berth("network", "ls", "-q", "--filter", "name=^pod").Stdout);
        Assert.Equal("beta true\n", Berth("network", "ls", "--filter", "name=beta", "--format", "{{.Name}} {{.Internal}}").Stdout);
        var bad = Berth("network", "ls", "--filter", "bogus=1");
        Assert.Equal((125, "Error: invalid filter \"bogus\"\n"), (bad.ExitCode, bad.Stderr));
        var json = JsonDocument.Parse(Berth("network", "ls", "--format", "json").Stdout).RootElement;
        Assert.Equal(["alpha", "beta", "podman"], json.EnumerateArray().Select(n => n.GetProperty("name").GetString()));
    }

    [Fact]
    public void Remove_ExitCodesAsPodman()
    {
        Berth("network", "create", "foo");

        var defaultNet = Berth("network", "rm", "podman");
        var missing = Berth("network", "rm", "nosuch", "foo");
        var forcedMissing = Berth("network", "rm", "-f", "nosuch");
        var timeWithoutForce = Berth("network", "rm", "-t", "5", "x");

        Assert.Equal((125, "Error: default network podman cannot be removed\n"), (defaultNet.ExitCode, defaultNet.Stderr));
        Assert.Equal((1, "foo\n", "Error: unable to find network with name or ID nosuch: network not found\n"), (missing.ExitCode, missing.Stdout, missing.Stderr));
        Assert.Equal((0, ""), (forcedMissing.ExitCode, forcedMissing.Stderr));
        Assert.Equal((125, "Error: --force option must be specified to use the --time option\n"), (timeWithoutForce.ExitCode, timeWithoutForce.Stderr));
        Assert.False(File.Exists(Path.Combine(NetDir, "foo.json")));
    }

    [Fact]
    public void Exists_ZeroOrOne()
    {
        Assert.Equal(0, Berth("network", "exists", "podman").ExitCode);
        Assert.Equal(1, Berth("network", "exists", "nosuch").ExitCode);
    }

    [Fact]
    public void Prune_Force_RemovesUnusedKeepsDefaultAndUnmatched()
    {
        Berth("network", "create", "--label", "gone=yes", "one");
        Berth("network", "create", "two");

        var labelled = Berth("network", "prune", "-f", "--filter", "label=gone");
        var rest = Berth("network", "prune", "-f");

        Assert.Equal("one\n", labelled.Stdout);
        Assert.Equal("two\n", rest.Stdout);
        Assert.Equal("podman\n", Berth("network", "ls", "-q").Stdout);
    }

    [Fact]
    public void Connect_MissingContainer_Podman125()
    {
        var r = Berth("network", "connect", "podman", "ctr");
        Assert.Equal((125, "Error: no container with name or ID \"ctr\" found: no such container\n"), (r.ExitCode, r.Stderr));
    }

    private RunResult Berth(params string[] args) =>
        BerthRunner.Run(["--root", dir.Path + "/root", "--runroot", dir.Path + "/run", "--network-config-dir", NetDir, .. args]);
}
