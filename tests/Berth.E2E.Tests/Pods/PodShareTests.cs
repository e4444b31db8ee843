using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// <c>--share</c> beyond the default (recorded from podman 4.3.1): <c>+pid</c> adds to ipc,net,uts and the members then
/// see the infra's catatonit as PID 1; <c>none</c>/<c>""</c> make a pod without an infra container (and refuse the flags
/// that need one); <c>cgroup</c> needs <c>--share-parent=false</c>. Also: DNS flags refused with <c>--network none</c>,
/// the member's own /etc/hosts in such a pod, and pod rm without -f removing the stopped members.
/// </summary>
public sealed class PodShareTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture _f;

    public PodShareTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public void SharePid_MembersSeeTheInfraAndEachOther()
    {
        Ok("pod", "create", "--name", "pid-pod", "--network", "none", "--share", "+pid");
        try
        {
            Assert.Equal("[ipc net uts pid]\n", Ok("pod", "inspect", "--format", "{{.SharedNamespaces}}", "pid-pod").Stdout);
            Ok("run", "-d", "--pod", "pid-pod", "--name", "pid-sleeper", "box", "sleep", "1000");
            var ps = Ok("run", "--rm", "--pod", "pid-pod", "box", "ps", "-o", "pid,comm").Stdout;
            var lines = ps.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("1 catatonit", lines);
            Assert.Contains(lines, l => l.EndsWith(" sleep", StringComparison.Ordinal));
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "pid-pod").Stdout.Trim();
            Assert.Equal($"container:{infra} container:{infra} container:{infra}\n",
                Ok("inspect", "--format", "{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}", "pid-sleeper").Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "pid-pod");
        }
    }

    [Fact]
    public void DefaultShare_KeepsAPrivatePidNamespace()
    {
        Ok("pod", "create", "--name", "nopid-pod", "--network", "none");
        try
        {
            var ps = Ok("run", "--rm", "--pod", "nopid-pod", "box", "ps", "-o", "pid,comm").Stdout;
            Assert.DoesNotContain("catatonit", ps, StringComparison.Ordinal);
            Assert.Equal("private\n", Ok("inspect", "--format", "{{.HostConfig.PidMode}}", Ok("create", "--pod", "nopid-pod", "box", "true").Stdout.Trim()).Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "nopid-pod");
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    public void ShareNothing_MakesAPodWithoutInfra(string share)
    {
        var id = Ok("pod", "create", "--name", "noinfra-pod", "--share", share).Stdout.Trim();
        try
        {
            Assert.Equal("false [] 0\n", Ok("pod", "inspect", "--format", "{{.CreateInfra}} {{.SharedNamespaces}} {{.NumContainers}}", id).Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", id);
        }
    }

    [Fact]
    public void SharePlusNone_KeepsTheInfraButSharesNothing()
    {
        Ok("pod", "create", "--name", "plusnone-pod", "--share", "+none");
        try
        {
            Assert.Equal("true [] 1\n", Ok("pod", "inspect", "--format", "{{.CreateInfra}} {{.SharedNamespaces}} {{.NumContainers}}", "plusnone-pod").Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "plusnone-pod");
        }
    }

    [Fact]
    public void ShareCgroup_NeedsShareParentFalse()
    {
        var refused = Berth("pod", "create", "--name", "cg-pod", "--share", "cgroup");
        Assert.Equal((125, "Error: cannot define the pod as the cgroup parent at the same time as joining the infra container's cgroupNS: invalid argument\n"), (refused.ExitCode, refused.Stderr));
        Assert.Equal(1, Berth("pod", "exists", "cg-pod").ExitCode);

        Ok("pod", "create", "--name", "cg-pod", "--network", "none", "--share", "cgroup", "--share-parent=false");
        try
        {
            Assert.Equal("[cgroup]\n", Ok("pod", "inspect", "--format", "{{.SharedNamespaces}}", "cg-pod").Stdout);
            Assert.Equal("in-pod\n", Ok("run", "--rm", "--pod", "cg-pod", "box", "echo", "in-pod").Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "cg-pod");
        }
    }

    [Theory]
    [InlineData("--no-hosts", null, "cannot specify --no-hosts without an infra container")]
    [InlineData("--ip", "10.88.0.5", "cannot set --ip without infra container: invalid argument")]
    [InlineData("--mac-address", "92:d0:c6:0a:29:33", "cannot set --mac without infra container: invalid argument")]
    [InlineData("--network-alias", "x", "cannot set --network-alias without infra container: invalid argument")]
    [InlineData("-p", "8080:80", "you must have an infra container to publish port bindings to the host")]
    [InlineData("--network", "none", "NoInfra and network modes cannot be used together")]
    [InlineData("--dns", "1.1.1.1", "NoInfra and DNSServer are mutually exclusive pod options: invalid pod spec")]
    [InlineData("--dns-search", "x.com", "NoInfo and DNSSearch are mutually exclusive pod options: invalid pod spec")]
    [InlineData("--dns-option", "ndots:1", "NoInfra and DNSOption are mutually exclusive pod options: invalid pod spec")]
    [InlineData("--add-host", "a:1.2.3.4", "NoInfra and HostAdd are mutually exclusive pod options: invalid pod spec")]
    public void NoInfra_RefusesWhatNeedsAnInfraContainer(string flag, string? value, string message)
    {
        foreach (var noInfra in new[] { "--infra=false", "--share=none" })
        {
            string[] args = value is null ? ["pod", "create", "--name", "refused-pod", noInfra, flag] : ["pod", "create", "--name", "refused-pod", noInfra, flag, value];
            var r = Berth(args);
            Assert.Equal((125, $"Error: {message}\n"), (r.ExitCode, r.Stderr));
            Assert.Equal(1, Berth("pod", "exists", "refused-pod").ExitCode);
        }
    }

    [Theory]
    [InlineData("--dns", "1.1.1.1")]
    [InlineData("--dns-search", "x.com")]
    [InlineData("--dns-option", "ndots:2")]
    public void DnsWithNetworkNone_IsRefused(string flag, string value)
    {
        var r = Berth("pod", "create", "--name", "dns-none", "--network", "none", flag, value);
        Assert.Equal((125, "Error: conflicting options: dns and the network mode: none\n"), (r.ExitCode, r.Stderr));
        Assert.Equal(1, Berth("pod", "exists", "dns-none").ExitCode);
        Assert.Equal("", Ok("ps", "-a", "--filter", "name=infra", "-q").Stdout);
    }

    [Fact]
    public void NetworkNonePod_MembersHaveTheirOwnHostsFile()
    {
        Ok("pod", "create", "--name", "hosts-none", "--network", "none", "--add-host", "extra.example:1.2.3.4");
        try
        {
            var hosts = Ok("run", "--rm", "--pod", "hosts-none", "--name", "member-one", "box", "cat", "/etc/hosts").Stdout;
            Assert.EndsWith("127.0.0.1\thosts-none member-one\n", hosts, StringComparison.Ordinal);
            Assert.DoesNotContain("extra.example", hosts, StringComparison.Ordinal);
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "hosts-none").Stdout.Trim();
            var infraHosts = File.ReadAllText(Ok("inspect", "--format", "{{.HostsPath}}", infra).Stdout.Trim());
            Assert.StartsWith("1.2.3.4\textra.example\n", infraHosts, StringComparison.Ordinal);
            Assert.DoesNotContain("member-one", infraHosts, StringComparison.Ordinal);
            var resolv = Berth("run", "--rm", "--pod", "hosts-none", "box", "cat", "/etc/resolv.conf");
            Assert.NotEqual(0, resolv.ExitCode);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "hosts-none");
        }
    }

    [Fact]
    public void PodRmWithoutForce_RemovesTheStoppedMembersAndRefuses()
    {
        var podId = Ok("pod", "create", "--name", "rm-pod", "--network", "none").Stdout.Trim();
        try
        {
            Ok("create", "--pod", "rm-pod", "--name", "rm-created", "box", "true");
            var running = Ok("run", "-d", "--pod", "rm-pod", "--name", "rm-running", "box", "sleep", "1000").Stdout.Trim();
            Ok("run", "--pod", "rm-pod", "--name", "rm-exited", "box", "true");
            var infra = Ok("pod", "inspect", "--format", "{{.InfraContainerID}}", "rm-pod").Stdout.Trim();

            var rm = Berth("pod", "rm", "rm-pod");
            Assert.Equal(125, rm.ExitCode);
            Assert.Equal(
                "Error: 2 errors occurred:\n"
                + $"\t* removing container {running} from pod {podId}: cannot remove container {running} as it is running - running or paused containers cannot be removed without force: container state improper\n"
                + $"\t* removing container {infra} from pod {podId}: a container that depends on container {infra} still exists: dependency exists\n\n\n",
                rm.Stderr);
            Assert.Equal("", rm.Stdout);
            Assert.Equal(0, Berth("pod", "exists", "rm-pod").ExitCode);
            Assert.Equal("rm-running\n", Ok("ps", "-a", "--filter", "pod=rm-pod", "--format", "{{.Names}}").Stdout.Replace($"{podId[..12]}-infra\n", "", StringComparison.Ordinal));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "rm-pod");
        }
    }
}
