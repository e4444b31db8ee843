namespace Berth.E2E.Tests;

/// <summary>A store with one running container, "exectarget", shared by the exec tests.</summary>
public sealed class ExecFixture : IDisposable
{
    public ExecFixture() => Id = Store.RunDetached("--name", "exectarget", ContainerStore.Image, "sleep", "1000");

    public ContainerStore Store { get; } = new();

    public string Id { get; }

    public void Dispose() => Store.Dispose();
}

/// <summary>berth exec against real conmon/runc; expected codes and messages observed from podman 4.3.1.</summary>
public sealed class ContainerExecTests(ExecFixture fixture) : IClassFixture<ExecFixture>
{
    private readonly ContainerStore _store = fixture.Store;
    private readonly string _id = fixture.Id;

    [Fact]
    public void Exec_Echo_PrintsOutputAndExitsZero()
    {
        var r = _store.Berth("exec", "exectarget", "echo", "hello", "world");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("hello world\n", r.Stdout);
    }

    [Fact]
    public void Exec_CommandExitCode_IsPassedThrough()
    {
        var r = _store.Berth("exec", "exectarget", "sh", "-c", "echo out; echo err >&2; exit 7");
        Assert.Equal(7, r.ExitCode);
        Assert.Equal("out\n", r.Stdout);
        Assert.Equal("err\n", r.Stderr);
    }

    [Fact]
    public void Exec_MissingCommand_Exits127WithPodmansMessage()
    {
        var r = _store.Berth("exec", "exectarget", "nonexistent");
        Assert.Equal(127, r.ExitCode);
        Assert.Equal("Error: runc: exec failed: unable to start container process: exec: \"nonexistent\": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found\n", r.Stderr);
    }

    [Fact]
    public void Exec_NotExecutable_Exits126WithPodmansMessage()
    {
        var r = _store.Berth("exec", "exectarget", "/etc/passwd");
        Assert.Equal(126, r.ExitCode);
        Assert.Equal("Error: runc: exec failed: unable to start container process: exec: \"/etc/passwd\": permission denied: OCI permission denied\n", r.Stderr);
    }

    [Fact]
    public void Exec_EnvWorkdirUser_Applied()
    {
        var r = _store.Berth("exec", "-e", "GREETING=hi there", "-w", "/etc", "-u", "alice", "exectarget", "sh", "-c", "echo \"$GREETING\"; pwd; id; echo $HOME");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("hi there\n/etc\nuid=1000(alice) gid=1000(alice)\n/home/alice\n", r.Stdout);

        var numeric = _store.Berth("exec", "-u", "1000:0", "exectarget", "id");
        Assert.Equal("uid=1000(alice) gid=0(root)\n", numeric.Stdout);

        var unknown = _store.Berth("exec", "-u", "nobody", "exectarget", "id");
        Assert.Equal(255, unknown.ExitCode);
        Assert.Equal("Error: unable to find user nobody: no matching entries in passwd file\n", unknown.Stderr);
    }

    [Fact]
    public void Exec_EnvFileAndReplacedVariable()
    {
        using var dir = new TempDir();
        var file = dir.Write("env", "# comment\nFROMFILE=1\nPATH=/bin\n");
        var r = _store.Berth("exec", "--env-file", file, "-e", "FROMFILE=2", "exectarget", "env");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("FROMFILE=2", lines);
        Assert.Contains("PATH=/bin", lines);
        Assert.Contains("HOME=/root", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PATH=/usr", StringComparison.Ordinal));
    }

    [Fact]
    public void Exec_Interactive_ReadsPipedStdin()
    {
        var r = _store.BerthWithInput("line one\nline two\n", "exec", "-i", "exectarget", "cat");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("line one\nline two\n", r.Stdout);

        // Without -i the process gets no stdin: cat ends at once.
        var closed = _store.BerthWithInput("ignored\n", "exec", "exectarget", "cat");
        Assert.Equal(0, closed.ExitCode);
        Assert.Equal("", closed.Stdout);
    }

    [Fact]
    public void Exec_Privileged_GetsFullBoundingSet()
    {
        string Bounding(params string[] flags) =>
            _store.Berth(["exec", .. flags, "exectarget", "grep", "CapBnd", "/proc/self/status"]).Stdout.Trim();

        var host = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal)).Split('\t')[^1];
        Assert.Equal("CapBnd:\t" + host, Bounding("--privileged"));
        Assert.NotEqual("CapBnd:\t" + host, Bounding());
    }

    [Fact]
    public void Exec_Detached_PrintsSessionIdAndSessionIsRemovedWhenItEnds()
    {
        // The session lasts until the test ends it, however slow the machine is between the exec and the look.
        var r = _store.Berth("exec", "-d", "exectarget", "sh", "-c", "while [ ! -e /tmp/end-detached ]; do sleep 0.1; done");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var session = r.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", session);
        Assert.Contains(_store.State(_id).GetProperty("ExecIds").EnumerateArray(), e => e.GetString() == session);
        Assert.Equal(0, _store.Berth("exec", "exectarget", "sh", "-c", ": > /tmp/end-detached").ExitCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_store.State(_id).GetProperty("ExecIds").EnumerateArray().Any(e => e.GetString() == session))
        {
            Assert.True(DateTime.UtcNow < deadline, "the detached session was not removed after it ended");
            Thread.Sleep(200);
        }
    }

    [Fact]
    public void Exec_NotRunningOrMissing_FailsLikePodman()
    {
        _store.Berth("create", "--name", "execstopped", ContainerStore.Image, "sleep", "10");
        var attached = _store.Berth("exec", "execstopped", "true");
        Assert.Equal(255, attached.ExitCode);
        Assert.Equal("Error: can only create exec sessions on running containers: container state improper\n", attached.Stderr);

        var detached = _store.Berth("exec", "-d", "execstopped", "true");
        Assert.Equal(125, detached.ExitCode);
        Assert.Equal("Error: can only create exec sessions on running containers: container state improper\n", detached.Stderr);

        var missing = _store.Berth("exec", "nosuch", "true");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: no container with name or ID \"nosuch\" found: no such container\n", missing.Stderr);

        var empty = _store.Berth("exec", "exectarget");
        Assert.Equal(255, empty.ExitCode);
        Assert.Equal("Error: must provide a non-empty command to start an exec session: invalid argument\n", empty.Stderr);
    }

    [Fact]
    public void Exec_PreserveFdsNotPassed_Refused()
    {
        var r = _store.Berth("exec", "--preserve-fds", "1", "exectarget", "true");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: file descriptor 3 is not available - the preserve-fds option requires that file descriptors must be passed\n", r.Stderr);
    }
}
