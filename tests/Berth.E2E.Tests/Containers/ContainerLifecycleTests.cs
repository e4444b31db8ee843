using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Berth.E2E.Tests.Containers;

/// <summary>run/create/start/stop/kill/rm/wait/attach with the built binary against real conmon and runc.</summary>
public sealed partial class ContainerLifecycleTests : IClassFixture<ContainerStoreFixture>
{
    private readonly ContainerStoreFixture _f;

    public ContainerLifecycleTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    [Fact]
    public void Run_Foreground_StreamsAndExitCode()
    {
        var ok = Berth("run", "--rm", "box", "echo", "hello");
        Assert.Equal((0, "hello\n", ""), (ok.ExitCode, ok.Stdout, ok.Stderr));

        var mixed = Berth("run", "--rm", "box", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal((3, "out\n", "err\n"), (mixed.ExitCode, mixed.Stdout, mixed.Stderr));
    }

    [Fact]
    public void Run_PassthroughLogDriver_ContainerWritesToBerthsOwnStreams()
    {
        // podman 4.3.1: no attach socket to copy from; the container's stdout and stderr are the caller's own.
        var r = Berth("run", "--rm", "--log-driver", "passthrough", "--name", "pass", "box", "sh", "-c", "echo out; echo err >&2; exit 3");

        Assert.Equal((3, "out\n", "err\n"), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal(1, Berth("container", "exists", "pass").ExitCode);
    }

    [Fact]
    public void AttachedRun_CleansUpItself_AndDropsConmonsDelayedExitCommand()
    {
        // conmon would start `berth container cleanup` a second after the exit (the delay is for a client that is gone);
        // the attached run did that work already, so conmon and its waiting exit command end with the run.
        var cidFile = Path.Combine(_f.Dir.Path, "attached.cid");
        Assert.Equal(3, Berth("run", "--rm", "--cidfile", cidFile, "box", "sh", "-c", "exit 3").ExitCode);
        var id = File.ReadAllText(cidFile).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);

        Assert.True(ContainerStoreFixture.Eventually(() => ProcessesNaming(id).Count == 0, 0.5), string.Join("; ", ProcessesNaming(id)));
    }

    /// <summary>Command lines of the processes whose arguments hold <paramref name="text"/>.</summary>
    private static List<string> ProcessesNaming(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(cmdline);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not a process, or it ended meanwhile
            }
        }

        return found;
    }

    [Fact]
    public void RunRm_RootFileSystemIsVolatile_OtherContainersAreNot()
    {
        // podman 4.3 (containers/storage): --rm containers get overlay's "volatile" (no syncs, none at unmount either).
        const string root = "grep ' / / ' /proc/self/mountinfo";
        var removed = Berth("run", "--rm", "box", "sh", "-c", root);
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains("volatile", removed.Stdout, StringComparison.Ordinal);

        var kept = Berth("run", "--name", "not-volatile", "box", "sh", "-c", root);
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains("upperdir=", kept.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("volatile", kept.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Berth("rm", "not-volatile").ExitCode);
    }

    [Fact]
    public void RunRm_And_RmOfStopped_LeaveNoRuntimeStateAndNoCgroups()
    {
        // runc's delete for an exited container is done by Berth (RuncStoppedDelete): its state directory and its
        // cgroup in every hierarchy must go, as with runc delete.
        var id = Berth("run", "-d", "box", "sh", "-c", "exit 0").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        var runtimeDir = Path.Combine(_f.Dir.Path, "run", "runtime", id);
        Assert.True(ContainerStoreFixture.Eventually(() => Berth("inspect", "--format", "{{.State.Status}}", id).Stdout.Trim() == "exited"), "the container did not exit");
        Assert.Equal(0, Berth("rm", id).ExitCode);
        Assert.False(Directory.Exists(runtimeDir), runtimeDir);
        Assert.Empty(ContainerCgroups(id));

        var named = Berth("run", "--rm", "--name", "rm-cg", "box", "sh", "-c", "cat /proc/self/cgroup; exit 4");
        Assert.Equal(4, named.ExitCode);
        var fromInside = Regex.Match(named.Stdout, "libpod-([0-9a-f]{64})").Groups[1].Value;
        Assert.Equal(64, fromInside.Length);
        Assert.Empty(ContainerCgroups(fromInside));
        Assert.False(Directory.Exists(Path.Combine(_f.Dir.Path, "run", "runtime", fromInside)));
    }

    private static IEnumerable<string> ContainerCgroups(string id) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup")
            .SelectMany(h => new[] { Path.Combine(h, "libpod_parent", "libpod-" + id), Path.Combine(h, "machine.slice", "libpod-" + id + ".scope") })
            .Where(Directory.Exists)
            .ToList();

    [Fact]
    public void Run_CommandNotFoundOrNotExecutable_Exits127Or126AndRemovesWithRm()
    {
        var missing = Berth("run", "--rm", "--name", "nf", "box", "nosuch");
        Assert.Equal(127, missing.ExitCode);
        Assert.Equal("Error: runc: runc create failed: unable to start container process: exec: \"nosuch\": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found\n", missing.Stderr);
        Assert.Equal(1, Berth("container", "exists", "nf").ExitCode);

        var notExecutable = Berth("run", "--rm", "box", "/etc/passwd");
        Assert.Equal(126, notExecutable.ExitCode);
        Assert.StartsWith("Error: runc: runc create failed: unable to start container process: exec: \"/etc/passwd\": permission denied", notExecutable.Stderr, StringComparison.Ordinal);

        var kept = Berth("run", "--name", "nf-kept", "box", "nosuch");
        Assert.Equal(127, kept.ExitCode);
        Assert.Equal(0, Berth("container", "exists", "nf-kept").ExitCode);
        Assert.Equal(0, Berth("rm", "nf-kept").ExitCode);
    }

    [Fact]
    public void Run_Interactive_PassesStdin()
    {
        var r = _f.BerthWithInput("line one\nline two\n", "run", "--rm", "-i", "box", "cat");
        Assert.Equal((0, "line one\nline two\n"), (r.ExitCode, r.Stdout));
    }

    [Fact]
    public void Run_Detached_WaitStopRemove()
    {
        var run = Berth("run", "-d", "--name", "sleeper", "box", "sleep", "1000");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(IdLine(), run.Stdout);
        var id = run.Stdout.Trim();

        var rm = Berth("rm", "sleeper");
        Assert.Equal(2, rm.ExitCode);
        Assert.Equal($"Error: cannot remove container {id} as it is running - running or paused containers cannot be removed without force: container state improper\n", rm.Stderr);

        var stop = Berth("stop", "-t", "1", "sleeper");
        Assert.Equal((0, "sleeper\n"), (stop.ExitCode, stop.Stdout));
        // sleep as PID 1 ignores SIGTERM: SIGKILL after the timeout, 128+9.
        Assert.Equal("137\n", Berth("wait", id[..12]).Stdout);

        var again = Berth("stop", "sleeper");
        Assert.Equal((0, "sleeper\n"), (again.ExitCode, again.Stdout));

        Assert.Equal((0, "sleeper\n"), (Berth("rm", "sleeper").ExitCode, Berth("container", "exists", "sleeper").ExitCode == 1 ? "sleeper\n" : "still there"));
    }

    [Fact]
    public void Remove_Missing_Exits1()
    {
        var r = Berth("rm", "nosuch");
        Assert.Equal((1, "Error: no container with name or ID \"nosuch\" found: no such container\n"), (r.ExitCode, r.Stderr));
        Assert.Equal(0, Berth("rm", "--ignore", "nosuch").ExitCode);
        var stop = Berth("stop", "nosuch");
        Assert.Equal((125, "Error: no container with name or ID \"nosuch\" found: no such container\n"), (stop.ExitCode, stop.Stderr));
    }

    [Fact]
    public void Run_DetachedWithRm_IsRemovedByConmonsExitCommand()
    {
        var run = Berth("run", "-d", "--rm", "--name", "gone", "box", "sh", "-c", "sleep 0.5");
        Assert.Equal(0, run.ExitCode);
        Assert.True(ContainerStoreFixture.Eventually(() => Berth("container", "exists", "gone").ExitCode == 1), "the --rm container was not removed after it exited");
    }

    [Fact]
    public void Create_NameInUse_ErrorsUnlessReplace()
    {
        var first = Berth("create", "--name", "dup", "box", "true").Stdout.Trim();
        var second = Berth("create", "--name", "dup", "box", "true");
        Assert.Equal(125, second.ExitCode);
        Assert.Equal($"Error: creating container storage: the container name \"dup\" is already in use by {first}. You have to remove that container to be able to reuse that name: that name is already in use\n", second.Stderr);
        var replaced = Berth("create", "--replace", "--name", "dup", "box", "true");
        Assert.Equal(0, replaced.ExitCode);
        Assert.NotEqual(first, replaced.Stdout.Trim());
        Assert.Equal(1, Berth("container", "exists", first).ExitCode);
        Berth("rm", "dup");
    }

    [Fact]
    public void Create_ThenStartAttach_ReturnsExitCode()
    {
        var id = Berth("create", "box", "sh", "-c", "echo started; exit 4").Stdout.Trim();
        var start = Berth("start", "-a", id);
        Assert.Equal((4, "started\n"), (start.ExitCode, start.Stdout));
        Assert.Equal("4\n", Berth("wait", id).Stdout);
        var restart = Berth("start", "-a", id);
        Assert.Equal((4, "started\n"), (restart.ExitCode, restart.Stdout));
        Berth("rm", id);
    }

    [Fact]
    public void Kill_SendsSignal_AndStateErrors()
    {
        // The signal is sent once the trap is set: PID 1 of a namespace ignores a signal it has no handler for.
        var id = Berth("run", "-d", "box", "sh", "-c", "trap 'exit 42' USR1; touch /ready; while true; do sleep 0.1; done").Stdout.Trim();
        Assert.True(ContainerStoreFixture.Eventually(() => Berth("exec", id, "test", "-e", "/ready").ExitCode == 0), "the trap was not set");
        var kill = Berth("kill", "-s", "USR1", id);
        Assert.Equal((0, id + "\n"), (kill.ExitCode, kill.Stdout));
        Assert.Equal("42\n", Berth("wait", id).Stdout);
        var again = Berth("kill", id);
        Assert.Equal(125, again.ExitCode);
        // "stopped" until conmon's exit command has cleaned up, "exited" after (podman words it the same way).
        Assert.Matches($"^Error: can only kill running containers. {id} is in state (stopped|exited): container state improper\n$", again.Stderr);
        Berth("rm", id);
    }

    [Fact]
    public void PauseUnpause_FreezesTheProcess()
    {
        var id = Berth("run", "-d", "box", "sleep", "1000").Stdout.Trim();
        Assert.Equal((0, id + "\n"), (Berth("pause", id).ExitCode, Berth("wait", "--condition", "paused", id).ExitCode == 0 ? id + "\n" : "not paused"));
        var twice = Berth("pause", id);
        Assert.Equal($"Error: \"{id}\" is already paused: container state improper\n", twice.Stderr);
        Assert.Equal(0, Berth("unpause", id).ExitCode);
        Assert.Equal(0, Berth("wait", "--condition", "running", id).ExitCode);
        Assert.Equal(0, Berth("rm", "-f", "-t", "0", id).ExitCode);
    }

    [Fact]
    public void RestartPolicy_OnFailure_RestartsWithNoBerthRunning()
    {
        var id = Berth("run", "-d", "--restart", "on-failure:2", "box", "sh", "-c", "echo run; exit 1").Stdout.Trim();
        Assert.Matches(IdLine(), id + "\n");
        var log = Directory.GetFiles(Path.Combine(_f.Dir.Path, "root", "userdata", id), "ctr.log").Single();
        Assert.True(ContainerStoreFixture.Eventually(() => File.ReadAllText(log).Split('\n').Count(l => l.EndsWith(" F run", StringComparison.Ordinal)) == 3, 30), "expected the first run and two restarts");
        Thread.Sleep(1000);
        Assert.Equal(3, File.ReadAllText(log).Split('\n').Count(l => l.EndsWith(" F run", StringComparison.Ordinal)));
        Assert.Equal("1\n", Berth("wait", id).Stdout);
        Berth("rm", id);
    }

    [Fact]
    public async Task TwentyDetachedRunsAtOnce_AllRecordedOnce()
    {
        var runs = Enumerable.Range(0, 20).Select(i => Task.Run(() => Berth("run", "-d", "--name", $"many-{i}", "box", "sleep", "30"))).ToArray();
        await Task.WhenAll(runs);
        Assert.All(runs, r => Assert.True(r.Result.ExitCode == 0, r.Result.Stderr));
        var ids = runs.Select(r => r.Result.Stdout.Trim()).ToList();
        Assert.Equal(20, ids.Distinct().Count());
        var stored = _f.Ids();
        Assert.All(ids, id => Assert.Contains(id, stored));
        var removals = ids.Select(id => Task.Run(() => Berth("rm", "-f", "-t", "0", id))).ToArray();
        await Task.WhenAll(removals);
        Assert.All(removals, r => Assert.True(r.Result.ExitCode == 0, r.Result.Stderr));
        Assert.DoesNotContain(_f.Ids(), id => ids.Contains(id));
    }

    [Fact]
    public void EmptiedRunRoot_ContainersShowAsExited_AndStartAgain()
    {
        // A reboot empties the run root (tmpfs): simulate it on a store of its own.
        using var fixture = new ContainerStoreFixture();
        var id = fixture.Berth("run", "-d", "box", "sleep", "1000").Stdout.Trim();
        var bundle = Path.Combine(fixture.Dir.Path, "run", "containers", id, "userdata");
        var conmon = int.Parse(File.ReadAllText(Path.Combine(bundle, "conmon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var pid = int.Parse(File.ReadAllText(Path.Combine(bundle, "pidfile")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(conmon).Kill();
        Process.GetProcessById(pid).Kill();
        Thread.Sleep(300);
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            var point = line.Split(' ')[4];
            if (point.StartsWith(fixture.Dir.Path, StringComparison.Ordinal))
            {
                using var umount = Process.Start("umount", ["-l", point]);
                umount.WaitForExit();
            }
        }

        Directory.Delete(Path.Combine(fixture.Dir.Path, "run"), recursive: true);
        var wait = fixture.Berth("wait", id);
        Assert.Equal(0, wait.ExitCode);
        var start = fixture.Berth("start", id);
        Assert.Equal((0, id + "\n"), (start.ExitCode, start.Stdout));
        Assert.Equal(0, fixture.Berth("rm", "-f", "-t", "0", id).ExitCode);
    }

    [Fact]
    public void Monitor_IsTheConmonOfThePidFile_LeaderOfASessionOfItsOwn()
    {
        // conmon runs with --sync: the process Berth starts is the monitor (no double fork), started as a session
        // leader so it is as detached from Berth's terminal and process group as a daemonized conmon.
        var id = Berth("run", "-d", "box", "sleep", "1000").Stdout.Trim();
        var bundle = Path.Combine(_f.Dir.Path, "run", "containers", id, "userdata");
        var pidText = File.ReadAllText(Path.Combine(bundle, "conmon.pid"));
        var conmon = int.Parse(pidText, System.Globalization.CultureInfo.InvariantCulture);
        var stat = File.ReadAllText($"/proc/{conmon}/stat");
        var comm = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(("conmon", pidText, pidText), (comm, fields[2], fields[3]));
        Assert.Equal(pidText + "\n", Berth("inspect", "--format", "{{.State.ConmonPid}}", id).Stdout);
        Assert.Equal(0, Berth("rm", "-f", "-t", "0", id).ExitCode);
    }

    [Fact]
    public void RunRefusedAfterConmonWasStarted_LeavesNoConmonAndNoDirectories()
    {
        // run spawns conmon while it creates the container (--network none): a create refused after that point
        // (--volumes-from an unknown container) kills that conmon and removes the directories made for it.
        var runDir = Path.Combine(_f.Dir.Path, "run", "containers");
        var dirsBefore = Directory.Exists(runDir) ? Directory.GetDirectories(runDir).Length : 0;
        var conmonsBefore = ConmonsOfThisStore().Count;

        var r = Berth("run", "--rm", "--network", "none", "--volumes-from", "nosuch", "box", "true");

        Assert.Equal(125, r.ExitCode);
        Assert.Contains("no container with name or ID \"nosuch\" found", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(dirsBefore, Directory.Exists(runDir) ? Directory.GetDirectories(runDir).Length : 0);
        Assert.True(ConmonsOfThisStore().Count <= conmonsBefore);
    }

    /// <summary>The conmon processes working for this fixture's store (their command lines name its directories).</summary>
    private List<int> ConmonsOfThisStore() =>
        [.. Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ReadCmdline(pid) is { } cmdline
                && cmdline.StartsWith("/usr/bin/conmon\0", StringComparison.Ordinal) && cmdline.Contains(_f.Dir.Path, StringComparison.Ordinal))];

    private static string? ReadCmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ConmonEndingBeforeTheRuntime_ErrorGivesItsStatusAndWords_RunRmLeavesNothing()
    {
        using var dir = new TempDir();
        var conmon = dir.Write("conmon", "#!/bin/sh\necho 'conmon: refused' >&2\nexit 2\n");
        File.SetUnixFileMode(conmon, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var conf = dir.Write("containers.conf", $"[engine]\nconmon_path = [\"{conmon}\"]\n");
        var before = _f.Ids();

        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF_OVERRIDE"] = conf }, [.. _f.Globals, "run", "--rm", "box", "true"]);

        Assert.Equal((125, "", "Error: conmon failed: exit status 2: conmon: refused\n"), (r.ExitCode, r.Stdout, r.Stderr));
        Assert.Equal(before, _f.Ids());
    }

    [Fact]
    public void ConmonKilledFromOutside_ContainerStillStopsAndRemoves()
    {
        // conmon killed, process alive: stop kills the process and records an unknown (-1) exit.
        var id = Berth("run", "-d", "box", "sleep", "1000").Stdout.Trim();
        var bundle = Path.Combine(_f.Dir.Path, "run", "containers", id, "userdata");
        Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(bundle, "conmon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture)).Kill();
        Thread.Sleep(200);
        var stop = Berth("stop", "-t", "1", id);
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.Equal("-1\n", Berth("wait", id).Stdout);
        Assert.Equal(0, Berth("rm", id).ExitCode);

        // conmon and the process both killed: rm -f still removes the ghost.
        var ghost = Berth("run", "-d", "box", "sleep", "1000").Stdout.Trim();
        var ghostBundle = Path.Combine(_f.Dir.Path, "run", "containers", ghost, "userdata");
        foreach (var file in (string[])["conmon.pid", "pidfile"])
        {
            Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(ghostBundle, file)).Trim(), System.Globalization.CultureInfo.InvariantCulture)).Kill();
        }

        Thread.Sleep(200);
        var rm = Berth("rm", "-f", ghost);
        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.Equal(1, Berth("container", "exists", ghost).ExitCode);
    }

    [Fact]
    public void AttachedRun_ConmonKilled_CtrlCEndsTheWaitForTheExit()
    {
        // conmon dies while the container runs: the output ends (its socket closes) and no exit file will come. The
        // attached run then waits for the exit with signal forwarding over, so Ctrl-C ends that wait (podman's own
        // run stops forwarding when its attach ends too); the container is left running, as after any interrupted run.
        var name = "ctrlc-" + Guid.NewGuid().ToString("N")[..6];
        using var run = BerthProcess.Start([.. _f.Globals, "run", "--network", "none", "--name", name, "box", "sleep", "1000"]);
        string? conmonPid = null;
        run.WaitUntil(() => Berth("inspect", "--format", "{{.State.Status}} {{.State.ConmonPid}}", name).Stdout is var s
            && s.StartsWith("running ", StringComparison.Ordinal) && (conmonPid = s.Split(' ')[1].Trim()) is not null, TimeSpan.FromSeconds(60));
        Assert.NotNull(conmonPid);

        Process.GetProcessById(int.Parse(conmonPid, System.Globalization.CultureInfo.InvariantCulture)).Kill();
        Thread.Sleep(300);
        Assert.False(run.HasExited, run.Stderr);
        run.Signal("INT");

        Assert.True(run.Ended(TimeSpan.FromSeconds(20)), "berth still waits after Ctrl-C: " + run.Stderr);
        Assert.Equal((125, "Error: interrupted\n"), (run.WaitForExit(), run.Stderr));
        Assert.Equal(0, Berth("rm", "-f", "-t", "0", name).ExitCode);
    }

    [Fact]
    public void CidFile_WrittenAndUsedByStop()
    {
        var cid = Path.Combine(_f.Dir.Path, "cid-" + Guid.NewGuid().ToString("N")[..6]);
        var id = Berth("run", "-d", "--cidfile", cid, "box", "sleep", "1000").Stdout.Trim();
        Assert.Equal(id, File.ReadAllText(cid));
        var again = Berth("run", "-d", "--cidfile", cid, "box", "true");
        Assert.Equal($"Error: container id file exists. Ensure another container is not using it or delete {cid}\n", again.Stderr);
        Assert.Equal(0, Berth("rm", "-f", "-t", "0", "--cidfile", cid).ExitCode);
    }

    [Fact]
    public void Run_Flags_ReachTheContainer()
    {
        string Out(params string[] args)
        {
            var r = Berth(["run", "--rm", .. args]);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Stderr}");
            return r.Stdout;
        }

        Assert.Equal("uid=1000(box) gid=1000(box) groups=1000(box),2000(extra)\n", Out("-u", "box", "box", "id"));
        Assert.Equal("uid=0(root) gid=0(root) groups=0(root),2000(extra)\n", Out("--group-add", "extra", "box", "id"));
        Assert.Equal("/tmp\n", Out("-w", "/tmp", "box", "pwd"));
        Assert.Equal("web1\n", Out("--hostname", "web1", "box", "hostname"));
        Assert.Contains("A=1\n", Out("-e", "A=1", "box", "env"), StringComparison.Ordinal);
        Assert.Equal("0077\n", Out("--umask", "0077", "box", "sh", "-c", "umask"));
        Assert.Equal("100\n", Out("--oom-score-adj", "100", "box", "cat", "/proc/self/oom_score_adj"));
        Assert.Equal("67108864\n", Out("--memory", "64m", "box", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes"));
        Assert.Equal("50\n", Out("--pids-limit", "50", "box", "cat", "/sys/fs/cgroup/pids/pids.max"));
        Assert.Equal("50000\n", Out("--cpus", "0.5", "box", "cat", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"));
        Assert.Equal("1024\n", Out("--ulimit", "nofile=1024:2048", "box", "sh", "-c", "ulimit -n"));
        Assert.Equal("", Out("--security-opt", "mask=/etc/group", "box", "cat", "/etc/group"));
        // --init: catatonit is PID 1 and the command its child.
        Assert.Equal("/run/podman-init\n", Out("--init", "box", "readlink", "/proc/1/exe"));
        var ro = Berth("run", "--rm", "--read-only", "box", "touch", "/x");
        Assert.Equal(1, ro.ExitCode);
        Assert.Contains("Read-only file system", ro.Stderr, StringComparison.Ordinal);
        Assert.Equal("", Out("--read-only", "box", "touch", "/tmp/x"));
        var caps = Out("--cap-drop", "all", "--cap-add", "chown", "box", "sh", "-c", "grep CapEff /proc/self/status");
        Assert.Equal("CapEff:\t0000000000000001\n", caps);
    }

    [GeneratedRegex("^[0-9a-f]{64}\n$")]
    private static partial Regex IdLine();
}
