using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests.Pods;

/// <summary>
/// Init containers (<c>create --init-ctr always|once --pod</c>) as podman 4.3.1 runs them: at pod start, after the infra
/// container and before the other members, one by one in creation order, each to completion; "once" ones are removed
/// after their first run; a failing one stops the pod start ("init container ID exited with code N", exit 125) and
/// leaves the other members unstarted; pod restart does not run them; they do not count in the pod's status.
/// </summary>
public sealed class PodInitContainerTests : IClassFixture<ContainerStoreFixture>, IDisposable
{
    private readonly ContainerStoreFixture _f;
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-init-ctr-").FullName;

    public PodInitContainerTests(ContainerStoreFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private string Log => File.Exists(Path.Combine(_dir, "log")) ? File.ReadAllText(Path.Combine(_dir, "log")) : "";

    /// <summary>The log once it ends with <paramref name="suffix"/> (the app member writes its line after it started).</summary>
    private string LogEndingWith(string suffix)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Log.EndsWith(suffix, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        return Log;
    }

    private string Status(string name) => Ok("ps", "-a", "--filter", $"name=^{name}$", "--format", "{{.Status}}").Stdout.Trim();

    [Fact]
    public void InitContainers_RunInOrderBeforeTheMembers_OnceOnesOnlyOnce()
    {
        Ok("pod", "create", "--name", "init-pod", "--network", "none", "-v", $"{_dir}:/data");
        try
        {
            Ok("create", "--pod", "init-pod", "--init-ctr", "always", "--name", "init-always", "box", "sh", "-c", "sleep 0.3; echo always >> /data/log");
            Ok("create", "--pod", "init-pod", "--init-ctr", "once", "--name", "init-once", "box", "sh", "-c", "echo once >> /data/log");
            Ok("create", "--pod", "init-pod", "--name", "init-app", "--stop-signal", "KILL", "box", "sh", "-c", "echo app >> /data/log; exec sleep 1000");
            Assert.Equal("", Log);

            Ok("pod", "start", "init-pod");
            Assert.Equal("always\nonce\napp\n", LogEndingWith("app\n"));
            Assert.Equal(1, Berth("container", "exists", "init-once").ExitCode);
            Assert.StartsWith("Exited (0)", Status("init-always"), StringComparison.Ordinal);
            Assert.Equal("Running 3\n", Ok("pod", "ls", "--format", "{{.Status}} {{.NumberOfContainers}}").Stdout);

            Ok("pod", "stop", "-t", "0", "init-pod");
            Ok("pod", "start", "init-pod");
            Assert.Equal("always\nonce\napp\nalways\napp\n", LogEndingWith("always\napp\n"));

            // pod restart starts the ordinary members only.
            Ok("pod", "restart", "init-pod");
            Assert.Equal("always\nonce\napp\nalways\napp\napp\n", LogEndingWith("app\napp\n"));
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "init-pod");
        }
    }

    [Fact]
    public void FailingInitContainer_StopsThePodStart()
    {
        Ok("pod", "create", "--name", "init-fail", "--network", "none");
        try
        {
            var failing = Ok("create", "--pod", "init-fail", "--init-ctr", "always", "--name", "fail-first", "box", "sh", "-c", "exit 3").Stdout.Trim();
            Ok("create", "--pod", "init-fail", "--init-ctr", "always", "--name", "fail-second", "box", "true");
            Ok("create", "--pod", "init-fail", "--name", "fail-app", "box", "sleep", "1000");

            var start = Berth("pod", "start", "init-fail");
            Assert.Equal((125, $"Error: init container {failing} exited with code 3\n", ""), (start.ExitCode, start.Stderr, start.Stdout));
            Assert.StartsWith("Exited (3)", Status("fail-first"), StringComparison.Ordinal);
            Assert.Equal("Created", Status("fail-second"));
            Assert.Equal("Created", Status("fail-app"));
            Assert.Equal("Degraded\n", Ok("pod", "ls", "--filter", "name=init-fail", "--format", "{{.Status}}").Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "init-fail");
        }
    }

    [Fact]
    public void InitContainerExit_DoesNotStopAPodWithExitPolicyStop()
    {
        Ok("pod", "create", "--name", "init-stop", "--network", "none", "--exit-policy", "stop");
        try
        {
            Ok("create", "--pod", "init-stop", "--init-ctr", "always", "--name", "stop-init", "box", "true");
            Ok("create", "--pod", "init-stop", "--name", "stop-app", "--stop-signal", "KILL", "box", "sleep", "1000");
            Ok("pod", "start", "init-stop");
            // The init container's cleanup (conmon's exit command) has run by now.
            Thread.Sleep(2000);
            Assert.Equal("Running\n", Ok("pod", "ls", "--filter", "name=init-stop", "--format", "{{.Status}}").Stdout);
            Assert.StartsWith("Up", Status("stop-app"), StringComparison.Ordinal);

            // The last ordinary member's exit still stops the pod.
            Ok("kill", "stop-app");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Ok("pod", "ls", "--filter", "name=init-stop", "--format", "{{.Status}}").Stdout != "Exited\n" && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }

            Assert.Equal("Exited\n", Ok("pod", "ls", "--filter", "name=init-stop", "--format", "{{.Status}}").Stdout);
        }
        finally
        {
            Berth("pod", "rm", "-f", "-t", "0", "init-stop");
        }
    }

    [Fact]
    public void InitCtr_BadInput_PodmansErrors()
    {
        var noPod = Berth("create", "--init-ctr", "always", "box", "true");
        Assert.Equal((125, "Error: must specify pod value with init-ctr\n"), (noPod.ExitCode, noPod.Stderr));
        var noPodBadValue = Berth("create", "--init-ctr", "bogus", "box", "true");
        Assert.Equal((125, "Error: must specify pod value with init-ctr\n"), (noPodBadValue.ExitCode, noPodBadValue.Stderr));
        var badValue = Berth("create", "--pod", "no-such-pod", "--init-ctr", "bogus", "box", "true");
        Assert.Equal((125, "Error: init-ctr value must be 'always' or 'once'\n"), (badValue.ExitCode, badValue.Stderr));
        var run = Berth("run", "--init-ctr", "always", "box", "true");
        Assert.Equal((125, "Error: unknown flag: --init-ctr\nSee 'berth run --help'\n"), (run.ExitCode, run.Stderr));
        Assert.Equal("", Ok("ps", "-a", "-q").Stdout);
    }
}
