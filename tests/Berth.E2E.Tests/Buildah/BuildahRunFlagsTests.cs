namespace Berth.E2E.Tests.Buildah;

/// <summary>
/// <c>berth buildah run</c>'s namespace, capability and runtime flags (the ones buildah 1.28.2's run has), seen from
/// inside the command, and bad values with buildah's messages (recorded with buildah 1.28.2 on this machine).
/// </summary>
public sealed class BuildahRunFlagsTests : IDisposable
{
    private readonly ContainerStore store = new();

    public void Dispose() => store.Dispose();

    private string From()
    {
        var r = store.Buildah("from", ContainerStore.Image);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Trim();
    }

    private static string HostNamespace(string type) => new FileInfo("/proc/self/ns/" + type).LinkTarget!;

    private string Run(string name, string script, params string[] flags)
    {
        var r = store.Buildah(["run", .. flags, name, "--", "sh", "-c", script]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        return r.Stdout.Trim();
    }

    [Fact]
    public void Run_NamespaceFlags_ShareOrSeparateNamespaces()
    {
        var name = From();
        var seen = $"test -d /proc/{Environment.ProcessId} && echo yes || echo no";

        Assert.Equal("no", Run(name, seen));
        Assert.Equal("yes", Run(name, seen, "--pid", "host"));
        Assert.Equal(HostNamespace("ipc"), Run(name, "busybox readlink /proc/self/ns/ipc", "--ipc", "host"));
        Assert.Equal(HostNamespace("uts"), Run(name, "busybox readlink /proc/self/ns/uts", "--uts", "host"));
        Assert.NotEqual(HostNamespace("cgroup"), Run(name, "busybox readlink /proc/self/ns/cgroup", "--cgroupns", "private"));
    }

    [Fact]
    public void Run_CapAddAndDrop_ChangeTheCommandsCapabilities()
    {
        var name = From();
        const string caps = "grep CapEff /proc/self/status | busybox cut -f2";
        var defaults = Convert.ToUInt64(Run(name, caps), 16);

        Assert.Equal((defaults | (1UL << 21)) & ~1UL, Convert.ToUInt64(Run(name, caps, "--cap-add", "cap_sys_admin", "--cap-drop", "CAP_CHOWN"), 16));
    }

    [Fact]
    public void Run_RuntimeFlag_IsGivenToTheRuntime()
    {
        var name = From();
        Assert.Equal("ok", Run(name, "echo ok", "--runtime-flag", "debug"));

        var r = store.Buildah("run", "--runtime-flag", "bogus", name, "true");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("flag provided but not defined: -bogus", r.Stdout + r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Error: while running runtime: exit status 1\n", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cap-add", "FOO", "Error: adding \"FOO\" to the bounding capability set: capability FOO must start with CAP_\n")]
    [InlineData("--cap-add", "sys_admin", "Error: adding \"sys_admin\" to the bounding capability set: capability SYS_ADMIN must start with CAP_\n")]
    [InlineData("--cap-drop", "CAP_FOO", "Error: removing \"CAP_FOO\" from the bounding capability set: invalid capability: CAP_FOO\n")]
    [InlineData("--pid", "bogus", "Error: checking pid namespace: stat bogus: no such file or directory\n")]
    [InlineData("--cgroupns", "bogus", "Error: checking cgroup namespace: stat bogus: no such file or directory\n")]
    public void Run_BadValue_BuildahsMessage(string flag, string value, string stderr)
    {
        var name = From();

        var r = store.Buildah("run", flag, value, name, "true");

        Assert.Equal(125, r.ExitCode);
        Assert.Equal(stderr, r.Stderr);
    }
}
