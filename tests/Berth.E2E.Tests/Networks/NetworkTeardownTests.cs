using System.Diagnostics;
using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Networks;

/// <summary>Runs alone, after the parallel tests: it counts the machine's links, firewall rules and namespaces.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineNetworkCollection
{
    public const string Name = "machine network counts";
}

/// <summary>
/// 50 containers on a bridge network with a published port, ended every way there is (exit, stop, kill, rm -f, the
/// container's process killed, berth itself SIGKILLed midway), leave no link, firewall rule, namespace or address behind.
/// </summary>
[Collection(MachineNetworkCollection.Name)]
public sealed class NetworkTeardownTests : IClassFixture<ContainerStoreFixture>
{
    private const string LeaseDb = "/run/containers/networks/berth-ipam.db";
    private readonly ContainerStoreFixture _f;

    public NetworkTeardownTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    [Fact]
    public void FiftyRuns_EveryEnding_LeaveNothingBehind()
    {
        var net = TestNetworks.Define(_f.NetworkConfigDir, dns: true);
        var port = TestNetworks.FreePort();
        // Warm-up: netavark's machine-wide chains exist from then on; they are not per container.
        Assert.Equal(0, Berth("run", "--rm", "--network", net.Name, "-p", $"{port}:80", "box", "true").ExitCode);
        var before = Snapshot(net);

        var runs = 0;
        for (var i = 0; i < 20; i++, runs++)
        {
            Assert.Equal(0, Berth("run", "--rm", "--network", net.Name, "-p", $"{port}:80", "box", "true").ExitCode);
        }

        for (var i = 0; i < 6; i++, runs++)
        {
            Detached($"td-stop-{i}", net, port);
            Assert.Equal(0, Berth("stop", "-t", "0", $"td-stop-{i}").ExitCode);
            Assert.Equal(0, Berth("rm", $"td-stop-{i}").ExitCode);
        }

        for (var i = 0; i < 6; i++, runs++)
        {
            Detached($"td-kill-{i}", net, port);
            Assert.Equal(0, Berth("kill", $"td-kill-{i}").ExitCode);
            Assert.Equal(0, Berth("wait", $"td-kill-{i}").ExitCode);
            // conmon's exit command cleans up on its own; rm is then only the record.
            Assert.True(ContainerStoreFixture.Eventually(() => Berth("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", $"td-kill-{i}").Stdout.Trim().Length == 0));
            Assert.Equal(0, Berth("rm", $"td-kill-{i}").ExitCode);
        }

        for (var i = 0; i < 6; i++, runs++)
        {
            Detached($"td-rmf-{i}", net, port);
            Assert.Equal(0, Berth("rm", "-f", "-t", "0", $"td-rmf-{i}").ExitCode);
        }

        for (var i = 0; i < 6; i++, runs++)
        {
            Detached($"td-crash-{i}", net, port);
            var pid = Berth("inspect", "--format", "{{.State.Pid}}", $"td-crash-{i}").Stdout.Trim();
            using (var kill = Process.Start("kill", ["-9", pid]))
            {
                kill.WaitForExit();
            }

            Assert.True(ContainerStoreFixture.Eventually(() => Berth("inspect", "--format", "{{.State.Status}}", $"td-crash-{i}").Stdout.Trim() == "exited"));
            Assert.Equal(0, Berth("rm", "-f", $"td-crash-{i}").ExitCode);
        }

        for (var i = 0; i < 6; i++, runs++)
        {
            // berth SIGKILLed while it sets the container up (at a different moment each time), then cleaned by rm -f.
            var name = $"td-dead-{i}";
            using var p = Process.Start(BerthRunner.Binary, [.. _f.Globals, "run", "-d", "--name", name, "--network", net.Name, "-p", $"{port}:80", "box", "sleep", "100"]);
            Thread.Sleep(30 + (i * 40));
            p.Kill();
            p.WaitForExit();
            Berth("rm", "-f", "-t", "0", "--ignore", name);
        }

        Assert.Equal(50, runs);
        var after = Snapshot(net);
        Assert.True(ContainerStoreFixture.Eventually(() => (after = Snapshot(net)) == before, 30), $"before {before}, after {after}");
    }

    private void Detached(string name, TestNetwork net, int port)
    {
        var r = Berth("run", "-d", "--name", name, "--network", net.Name, "-p", $"{port}:80", "box", "sleep", "100");
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static Counts Snapshot(TestNetwork net) => new(
        Lines(TestNetworks.Run("ip", "-o", "link", "show")),
        Lines(TestNetworks.Run("iptables-save")) - Comments(TestNetworks.Run("iptables-save")),
        Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns").Length : 0,
        File.Exists(LeaseDb) ? int.Parse(TestNetworks.Run("sqlite3", LeaseDb, $"SELECT count(*) FROM network_leases WHERE network = '{net.Name}'").Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0,
        TestNetworks.Run("iptables-save").Split('\n').Count(l => l.Contains(net.Subnet, StringComparison.Ordinal)));

    private static int Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static int Comments(string text) => text.Split('\n').Count(l => l.StartsWith('#'));

    private sealed record Counts(int Links, int FirewallRules, int Namespaces, int Leases, int SubnetRules);
}
