using System.Diagnostics;
using Berth.Runtime.Top;

namespace Berth.Runtime.Tests.Top;

/// <summary>
/// The table over real processes in their own PID namespace (util-linux unshare: a busy sh as PID 1 with a sleep child),
/// the way a container's processes look from the host, and the headers against podman 4.3.1's recorded output.
/// </summary>
public sealed class ProcessTableTests : IDisposable
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "top");

    private readonly Process _unshare;
    private readonly int _init;

    public ProcessTableTests()
    {
        _unshare = Process.Start(new ProcessStartInfo("unshare", (string[])["--pid", "--fork", "sh", "-c", "sleep 1000 & while :; do :; done"]))
            ?? throw new InvalidOperationException("unshare did not start");
        _init = WaitForChild(_unshare.Id);
        WaitUntil(() => ContainerProcesses.ListPids(_init).Count == 2);
    }

    public void Dispose()
    {
        foreach (var pid in SafeList())
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        _unshare.Kill(entireProcessTree: true);
        _unshare.WaitForExit();
        _unshare.Dispose();
    }

    [Fact]
    public void ListPids_PidNamespace_FindsInitAndChildOnly()
    {
        var pids = ContainerProcesses.ListPids(_init);
        Assert.Equal(2, pids.Count);
        Assert.Equal(_init, pids[0]);
        Assert.DoesNotContain(Environment.ProcessId, pids);
        Assert.DoesNotContain(_unshare.Id, pids);
    }

    [Fact]
    public void Build_Default_PrintsNamespacePidsAndPsgoCells()
    {
        // psgo counts whole CPU seconds: wait until the busy loop has used one.
        WaitUntil(() => ProcessTable.Build([_init], ["time"]).Rows[0][0] != "0s");
        var table = ProcessTable.Build(ContainerProcesses.ListPids(_init), []);
        Assert.Equal(["USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND"], table.Header);
        Assert.Equal(2, table.Rows.Count);

        var init = table.Rows[0];
        Assert.Equal("root", init[0]);
        Assert.Equal("1", init[1]);
        Assert.Equal("0", init[2]); // the parent (unshare) is outside the namespace
        Assert.Matches(@"^\d+\.\d{3}$", init[3]);
        Assert.True(double.Parse(init[3], System.Globalization.CultureInfo.InvariantCulture) > 0, init[3]);
        Assert.Matches(@"^\d+(\.\d+)?s$", init[4]);
        Assert.Matches(@"^\d+s$", init[6]);
        Assert.Equal("sh -c sleep 1000 & while :; do :; done ", init[7]);

        var sleep = table.Rows[1];
        Assert.Equal("1", sleep[2]);
        Assert.Equal("0.000", sleep[3]);
        Assert.Equal("0s", sleep[6]);
        Assert.Equal("sleep 1000 ", sleep[7]);
        Assert.Equal(table.Header.Count, sleep.Count);
    }

    [Fact]
    public void Build_HostDescriptors_ShowHostPidAndNames()
    {
        var table = ProcessTable.Build([_init], ["hpid,huser", "hgroup", "pid", "comm", "state", "seccomp", "capamb", "stime"]);
        var row = Assert.Single(table.Rows);
        Assert.Equal(_init.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
        Assert.Equal("root", row[1]);
        Assert.Equal("root", row[2]);
        Assert.Equal("1", row[3]);
        Assert.Equal("sh", row[4]);
        Assert.Contains(row[5], new[] { "R", "S" });
        Assert.Equal("disabled", row[6]);
        Assert.Equal("none", row[7]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} ", row[8]);
    }

    [Fact]
    public void Build_UnknownDescriptor_ThrowsPsgoMessage()
    {
        var e = Assert.Throws<UnknownDescriptorException>(() => ProcessTable.Build([_init], ["pid", "uid"]));
        Assert.Equal("'uid': unknown descriptor", e.Message);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.False(ProcessTable.AreKnown(["%cpu"]));
        Assert.True(ProcessTable.AreKnown(["pid,%C", "args"]));
    }

    [Theory]
    [InlineData("default.txt", new string[0])]
    [InlineData("comma.txt", new[] { "pid,user", "group", "comm" })]
    [InlineData("aix.txt", new[] { "%C", "%G", "%P", "%U", "%a", "%c", "%g", "%n", "%p", "%r", "%t", "%u", "%x", "%y", "%z" })]
    [InlineData("extra.txt", new[] { "capamb", "capbnd", "capeff", "capinh", "capprm", "huser", "hgroup", "hpid", "label", "seccomp", "state", "stime" })]
    [InlineData("more.txt", new[] { "groups", "hgroups", "rss", "vsz", "nice", "pgid", "ruser", "rgroup", "args" })]
    public void Build_Headers_MatchPodman(string golden, string[] descriptors)
    {
        var header = File.ReadLines(Path.Combine(Golden, golden)).First();
        var expected = System.Text.RegularExpressions.Regex.Split(header.Trim(), "  +");
        Assert.Equal(expected, ProcessTable.Build([_init], descriptors).Header);
    }

    private IReadOnlyList<int> SafeList()
    {
        try
        {
            return ContainerProcesses.ListPids(_init);
        }
        catch (BerthException)
        {
            return [];
        }
    }

    private static int WaitForChild(int parent)
    {
        int found = 0;
        WaitUntil(() =>
        {
            var children = File.Exists($"/proc/{parent}/task/{parent}/children")
                ? File.ReadAllText($"/proc/{parent}/task/{parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            return children.Length > 0 && int.TryParse(children[0], out found);
        });
        return found;
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("the test processes did not come up");
            }

            Thread.Sleep(20);
        }
    }
}
