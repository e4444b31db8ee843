using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// The pod create flags the infra container carries, seen from a member as podman 4.3.1 shows them: the pod's
/// <c>-v</c> volume mounted in every member, <c>--add-host</c> in the members' /etc/hosts (the infra's), and
/// <c>--exit-policy</c>: "stop" stops the pod once its only member has exited, "continue" leaves the infra running.
/// </summary>
public sealed class PodSettingsTests : IClassFixture<ContainerStoreFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ContainerStoreFixture _f;

    public PodSettingsTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private string PodState(string pod) => Ok("pod", "ls", "--filter", $"name=^{pod}$", "--format", "{{.Status}}").Stdout.Trim();

    private string InfraState(string pod)
    {
        var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", pod).Stdout.Trim();
        return Ok("inspect", "--format", "{{.State.Status}}", infra).Stdout.Trim();
    }

    private string PollPodState(string pod, string wanted)
    {
        var deadline = DateTime.UtcNow + Patience;
        var state = PodState(pod);
        while (state != wanted && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            state = PodState(pod);
        }

        return state;
    }

    [Fact]
    public void PodVolume_IsMountedInItsMembers()
    {
        Ok("pod", "create", "--name", "vol-pod", "-v", "podvol:/data");
        try
        {
            Assert.Contains("podvol", Ok("volume", "ls", "--format", "{{.Name}}").Stdout, StringComparison.Ordinal);
            Ok("run", "--rm", "--pod", "vol-pod", "box", "sh", "-c", "echo written-by-first > /data/file");
            Assert.Equal("written-by-first\n", Ok("run", "--rm", "--pod", "vol-pod", "box", "cat", "/data/file").Stdout);
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "vol-pod").Stdout.Trim();
            Assert.Equal("podvol:/data", Ok("inspect", "--format", "{{range .Mounts}}{{.Name}}:{{.Destination}}{{end}}", infra).Stdout.Trim());
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "vol-pod");
            Berth("volume", "rm", "-f", "podvol");
        }
    }

    [Fact]
    public void PodAddHost_IsInTheMembersHostsFile()
    {
        Ok("pod", "create", "--name", "hosts-pod", "--add-host", "db.example:10.1.2.3", "--dns-search", "pods.example");
        try
        {
            var hosts = Ok("run", "--rm", "--pod", "hosts-pod", "box", "cat", "/etc/hosts").Stdout;
            Assert.Contains("10.1.2.3\tdb.example\n", hosts, StringComparison.Ordinal);
            var resolv = Ok("run", "--rm", "--pod", "hosts-pod", "box", "cat", "/etc/resolv.conf").Stdout;
            Assert.Contains("search pods.example", resolv, StringComparison.Ordinal);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "hosts-pod");
        }
    }

    [Fact]
    public void PodAddHost_BadEntry_IsRefusedAndNothingIsCreated()
    {
        var r = Berth("pod", "create", "--name", "bad-hosts-pod", "--add-host", "nocolon");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: bad format for add-host: \"nocolon\"\n", r.Stderr);
        Assert.Equal(1, Berth("pod", "exists", "bad-hosts-pod").ExitCode);
    }

    [Fact]
    public void ExitPolicyStop_StopsThePodAfterItsOnlyMemberExits()
    {
        Ok("pod", "create", "--name", "stop-pod", "--exit-policy", "stop");
        try
        {
            Ok("run", "-d", "--name", "stop-pod-member", "--pod", "stop-pod", "box", "sh", "-c", "sleep 1");
            Assert.Equal("Exited", PollPodState("stop-pod", "Exited"));
            // The pod reads Exited as soon as the infra's process is gone ("stopped"); its cleanup follows.
            Assert.True(ContainerStoreFixture.Eventually(() => InfraState("stop-pod") == "exited", Patience.TotalSeconds), "the infra container was not cleaned up: " + InfraState("stop-pod"));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "stop-pod");
        }
    }

    [Fact]
    public void ExitPolicyContinue_KeepsTheInfraRunningAfterItsOnlyMemberExits()
    {
        Ok("pod", "create", "--name", "continue-pod");
        try
        {
            Ok("run", "--name", "continue-pod-member", "--pod", "continue-pod", "box", "true");
            Assert.Equal("exited", Ok("inspect", "--format", "{{.State.Status}}", "continue-pod-member").Stdout.Trim());
            Thread.Sleep(1000);
            Assert.Equal("Degraded", PodState("continue-pod"));
            Assert.Equal("running", InfraState("continue-pod"));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "continue-pod");
        }
    }
}
