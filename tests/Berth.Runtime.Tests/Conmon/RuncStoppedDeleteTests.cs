using System.Text.Json;
using Berth.Platform.Host;
using Berth.Runtime.Conmon;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>When Berth removes a stopped runc container itself and when it leaves that to <c>runc delete</c>.</summary>
public sealed class RuncStoppedDeleteTests
{
    // A PID no process has (above the kernel's pid_max limit of 2^22).
    private const int GonePid = 5_000_000;

    private static string State(
        int pid = GonePid, ulong start = 42, string systemd = "", string hooks = "null", string pidNamespace = """{"type":"NEWPID","path":""}""",
        string rootless = "false", string rdt = "") => $$$"""
        {"id":"c1","init_process_pid":{{{pid}}},"init_process_start":{{{start}}},"rootless":{{{rootless}}},"intel_rdt_path":"{{{rdt}}}",
         "cgroup_paths":{"":"/sys/fs/cgroup/unified/libpod_parent/libpod-c1","memory":"/sys/fs/cgroup/memory/libpod_parent/libpod-c1",
                         "bad":"/etc/passwd","up":"/sys/fs/cgroup/../../etc"},
         "config":{"cgroups":{"path":"/libpod_parent/libpod-c1"{{{systemd}}}},"Hooks":{"poststop":{{{hooks}}}},
                   "namespaces":[{{{pidNamespace}}},{"type":"NEWNET","path":""}]}}
        """;

    private static List<string>? Decide(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RuncStoppedDelete.PlainStoppedCgroups(document.RootElement);
    }

    [Fact]
    public void PlainStoppedState_RemovesOnlyCgroupDirectories()
    {
        Assert.Equal(
            ["/sys/fs/cgroup/unified/libpod_parent/libpod-c1", "/sys/fs/cgroup/memory/libpod_parent/libpod-c1"],
            Decide(State()));
    }

    [Theory]
    [InlineData("systemd")]
    [InlineData("hooks")]
    [InlineData("joined-pid-namespace")]
    [InlineData("no-pid-namespace")]
    [InlineData("rootless")]
    [InlineData("intel-rdt")]
    public void OtherCases_AreLeftToRunc(string which)
    {
        var json = which switch
        {
            "systemd" => State(systemd: ""","systemd":true"""),
            "hooks" => State(hooks: """[{"path":"/bin/true"}]"""),
            "joined-pid-namespace" => State(pidNamespace: """{"type":"NEWPID","path":"/proc/1/ns/pid"}"""),
            "no-pid-namespace" => State(pidNamespace: """{"type":"NEWUTS","path":""}"""),
            "rootless" => State(rootless: "true"),
            _ => State(rdt: "/sys/fs/resctrl/c1"),
        };
        Assert.Null(Decide(json));
    }

    [Fact]
    public void LiveInit_IsLeftToRunc_ButAReusedPidIsNot()
    {
        var self = ProcessFiles.TryReadStat(Environment.ProcessId)!;
        Assert.Null(Decide(State(pid: self.Pid, start: (ulong)self.StartTicks)));
        Assert.NotNull(Decide(State(pid: self.Pid, start: (ulong)self.StartTicks + 1)));
    }

    [Fact]
    public void MissingOrBrokenState_IsLeftToRunc()
    {
        Assert.False(RuncStoppedDelete.TryDelete(Path.Combine(Path.GetTempPath(), "berth-no-such-root-" + Guid.NewGuid().ToString("N")), "c1"));
        Assert.Null(Decide("""{"id":"c1"}"""));

        var root = Directory.CreateTempSubdirectory("berth-runc-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "c1"));
            File.WriteAllText(Path.Combine(root, "c1", "state.json"), """{"init_process_pid":"x","config":{"namespaces":[{"type":1}]}}""");
            Assert.False(RuncStoppedDelete.TryDelete(root, "c1"));
            Assert.True(File.Exists(Path.Combine(root, "c1", "state.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
