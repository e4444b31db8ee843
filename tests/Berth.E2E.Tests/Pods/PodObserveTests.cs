using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// pod logs, pod top and pod stats against real conmon/runc in a private store: two members of a <c>--network none</c>
/// pod printing lines and sleeping, observed as podman 4.3.1 shows them (recorded shapes in the comments).
/// </summary>
public sealed class PodObserveTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture _f;

    public PodObserveTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void TwoMembers_LogsTopStats_ShowBoth()
    {
        var podId = Ok("pod", "create", "--name", "watch", "--network", "none").Stdout.Trim();
        try
        {
            var one = Ok("run", "-d", "--pod", "watch", "--name", "one", "box", "sh", "-c", "echo a1; sleep 0.3; echo a2; exec sleep 1000").Stdout.Trim();
            var two = Ok("run", "-d", "--pod", "watch", "--name", "two", "box", "sh", "-c", "sleep 0.15; echo b1; sleep 0.3; echo b2; exec sleep 1000").Stdout.Trim();
            Assert.True(ContainerStoreFixture.Eventually(() => Lines(Berth("pod", "logs", "watch").Stdout).Length == 4), "pod logs never had four lines");

            // podman: "<short ID> line" per member (the infra container has no log), lines of each member in order.
            var logs = Lines(Ok("pod", "logs", "watch").Stdout);
            Assert.Equal([$"{one[..12]} a1", $"{one[..12]} a2"], logs.Where(l => l.StartsWith(one[..12], StringComparison.Ordinal)));
            Assert.Equal([$"{two[..12]} b1", $"{two[..12]} b2"], logs.Where(l => l.StartsWith(two[..12], StringComparison.Ordinal)));
            // Merged by time: a1 was written before b1, b2 after a1.
            Assert.True(Array.IndexOf(logs, $"{one[..12]} a1") < Array.IndexOf(logs, $"{two[..12]} b1"), string.Join('|', logs));
            Assert.Equal(["one a1", "one a2", "two b1", "two b2"], Lines(Ok("pod", "logs", "-n", "watch").Stdout).Order(StringComparer.Ordinal));
            Assert.Equal("a1\na2\n", Ok("pod", "logs", "-c", "one", "watch").Stdout);
            Assert.Equal(["one a2", "two b2"], Lines(Ok("pod", "logs", "--names", "--tail", "1", "watch").Stdout).Order(StringComparer.Ordinal));
            Assert.Matches($"^{one[..12]} \\d{{4}}-\\d\\d-\\d\\dT[0-9:.]+Z a1$", Lines(Ok("pod", "logs", "-t", "watch").Stdout).Single(l => l.EndsWith(" a1", StringComparison.Ordinal)));

            // podman pod top: one header, then every running member's processes, the infra container's catatonit first.
            var top = Lines(Ok("pod", "top", "watch").Stdout);
            Assert.Matches("^USER +PID +PPID +%CPU +ELAPSED +TTY +TIME +COMMAND$", top[0]);
            Assert.Equal(4, top.Length);
            Assert.Contains("catatonit", top[1], StringComparison.Ordinal);
            Assert.Equal(2, top.Count(l => l.Contains("sleep 1000", StringComparison.Ordinal)));
            Assert.Equal(["PID", "1", "1", "1"], Lines(Ok("pod", "top", "watch", "pid").Stdout).Select(l => l.Trim()));

            // podman pod stats: a row per container of the pod, the infra container included.
            var stats = Lines(Ok("pod", "stats", "--no-stream", "watch").Stdout);
            Assert.Matches("^POD +CID +NAME +CPU % +MEM USAGE/ LIMIT +MEM % +NET IO +BLOCK IO +PIDS$", stats[0]);
            Assert.Equal(4, stats.Length);
            foreach (var (id, name) in new[] { (one, "one"), (two, "two") })
            {
                Assert.Matches($"^{podId[..12]}  {id[..12]}  {name} +\\S+ +[0-9.]+[kMG]?B / [0-9.]+[kMGT]?B +\\S+ +-- / -- +\\S+ / \\S+ +1$", stats.Single(l => l.Contains(id[..12], StringComparison.Ordinal)));
            }

            Assert.Contains(stats, l => l.Contains($"{podId[..12]}-infra", StringComparison.Ordinal));
            Assert.Equal(
                [$"{podId[..12]}-infra", "one", "two"],
                Lines(Ok("pod", "stats", "--no-stream", "--format", "{{.Name}}", "watch").Stdout).Skip(1).Order(StringComparer.Ordinal));
            Assert.Equal("NAME\n", Ok("pod", "stats", "--no-stream", "--format", "{{.Name}}", "watch").Stdout[..5]);
            Assert.Contains("\"CID\": \"" + one[..12] + "\"", Ok("pod", "stats", "--no-stream", "--format", "json", "watch").Stdout, StringComparison.Ordinal);

            // Stopped: no processes (podman prints nothing), stats rows of dashes, logs still there.
            Ok("pod", "stop", "-t", "0", "watch");
            Assert.Equal("", Ok("pod", "top", "watch").Stdout);
            Assert.Equal(
                ["-- -- -- / --", "-- -- -- / --", "-- -- -- / --"],
                Lines(Ok("pod", "stats", "--no-stream", "--format", "{{.CPU}} {{.PIDS}} {{.NetIO}}", "watch").Stdout).Skip(1));
            Assert.Equal(4, Lines(Ok("pod", "logs", "watch").Stdout).Length);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "watch");
        }
    }

    [Fact]
    public void BadInput_PodmansErrors()
    {
        Assert.Equal((125, "Error: specify at least one pod name or ID to log\n"), Fail("pod", "logs"));
        Assert.Equal((125, "Error: no pod with name or ID nope found: no such pod\n"), Fail("pod", "logs", "nope"));
        Assert.Equal((125, "Error: requires exactly 1 arg\n"), Fail("pod", "logs", "a", "b"));
        Assert.Equal((125, "Error: you must provide the name or id of a running pod\n"), Fail("pod", "top"));
        Assert.Equal((125, "Error: unable to look up requested container: no pod with name or ID nope found: no such pod\n"), Fail("pod", "top", "nope"));
        Assert.Equal((125, "Error: unable to get list of pods: no pod with name or ID nope found: no such pod\n"), Fail("pod", "stats", "--no-stream", "nope"));
        Assert.Equal((125, "Error: --all, --latest and arguments cannot be used together\n"), Fail("pod", "stats", "--no-stream", "-a", "nope"));

        Ok("pod", "create", "--name", "quiet", "--network", "none");
        try
        {
            Assert.Equal((125, "Error: container nope is not in pod quiet: no such container\n"), Fail("pod", "logs", "-c", "nope", "quiet"));
            // podman checks descriptors only when a member runs: a created pod prints nothing.
            Assert.Equal("", Ok("pod", "top", "quiet", "bogus").Stdout);
            Ok("pod", "start", "quiet");
            Assert.Equal((125, "Error: 'bogus': unknown descriptor\n"), Fail("pod", "top", "quiet", "bogus"));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "quiet");
        }
    }

    private (int, string) Fail(params string[] args)
    {
        var r = Berth(args);
        return (r.ExitCode, r.Stderr);
    }
}
