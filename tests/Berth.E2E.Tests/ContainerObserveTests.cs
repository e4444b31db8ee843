using System.Diagnostics;
using System.Text.Json;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// logs, top, stats and port with the built binary on real conmon/runc containers, in a private store: a busybox image
/// pushed raw to a loopback registry and pulled once.
/// </summary>
public sealed class ContainerObserveTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        await TestImageBuilder.Busybox().Build().PushRawAsync(_registry, "test/box", "latest");
        _image = $"{_registry.Host}/test/box:latest";
        var pull = Berth("pull", "-q", "--tls-verify=false", _image);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose()
    {
        Berth("rm", "-af", "-t", "0");
        _dir.Dispose();
    }

    private string[] Globals => ["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run"];

    private RunResult Berth(params string[] args) => BerthRunner.Run([.. Globals, .. args]);

    private string Run(params string[] args)
    {
        var r = Berth(["run", "--network", "none", .. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.Trim();
    }

    [Fact]
    public void Logs_ExitedContainer_StreamsSeparatedTimestampsTailSince()
    {
        Run("--name", "printer", _image, "/bin/busybox", "sh", "-c", "echo out1; echo err1 >&2; sleep 0.2; echo out2");

        var plain = Berth("logs", "printer");
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("out1\nout2\n", plain.Stdout);
        Assert.Equal("err1\n", plain.Stderr);

        var stamped = Berth("logs", "-t", "printer");
        var lines = stamped.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d) out1$", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d) err1\n$", stamped.Stderr);

        Assert.Equal("out2\n", Berth("logs", "--tail", "1", "printer").Stdout);
        Assert.Equal("", Berth("logs", "--tail", "0", "printer").Stdout);
        var future = Berth("logs", "--since", "2999-01-01", "printer");
        Assert.Equal(("", ""), (future.Stdout, future.Stderr));
        Assert.Equal("out1\nout2\n", Berth("logs", "--since", "2000-01-01T00:00:00Z", "printer").Stdout);
        Assert.Equal("", Berth("logs", "--until", "2000-01-01", "printer").Stdout);
    }

    [Fact]
    public void Logs_SeveralContainers_PrefixedByIdOrName()
    {
        var id = Run("-d", "--name", "one", _image, "/bin/busybox", "echo", "first");
        Berth("wait", "one");
        Run("--name", "two", _image, "/bin/busybox", "echo", "second");

        var byId = Berth("logs", "one", "two");
        Assert.Equal($"{id[..12]} first\n", byId.Stdout.Split('\n')[0] + "\n");
        Assert.Contains(" second\n", byId.Stdout, StringComparison.Ordinal);
        Assert.Equal("one first\ntwo second\n", Berth("logs", "-n", "one", "two").Stdout);
        Assert.Equal("second\n", Berth("logs", "-n", "two").Stdout);
        Assert.Equal("second\n", Berth("logs", "-l").Stdout);
    }

    [Fact]
    public void Logs_Errors_PodmanMessages()
    {
        var create = Berth("create", "--network", "none", "--log-driver", "none", "--name", "quiet", _image, "/bin/busybox", "true");
        Assert.Equal(0, create.ExitCode);
        var none = Berth("logs", "quiet");
        Assert.Equal(125, none.ExitCode);
        Assert.Equal("Error: this container is using the 'none' log driver, cannot read logs: this container is not logging output\n", none.Stderr);

        Run("--name", "gone", _image, "/bin/busybox", "true");
        Assert.Equal(0, Berth("rm", "gone").ExitCode);
        var missing = Berth("logs", "gone");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: no container with name or ID \"gone\" found: no such container\n", missing.Stderr);

        Assert.Equal("Error: specify at least one container name or ID to log\n", Berth("logs").Stderr);
        Assert.Equal("Error: parsing --since \"soon\": unable to interpret time value\n", Berth("logs", "--since", "soon", "quiet").Stderr);
    }

    [Fact]
    public void LogsFollow_ContainerPrintsThenExits_ReturnsAfterTheLastLine()
    {
        Run("-d", "--name", "talker", _image, "/bin/busybox", "sh", "-c", "echo start; sleep 2; echo end");
        var clock = Stopwatch.StartNew();
        var follow = Berth("logs", "-f", "talker");
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal("start\nend\n", follow.Stdout);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), "follow returned before the container ended");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "follow did not notice the exit");
    }

    [Fact]
    public void Top_RunningSleep_HeaderAndRowWithTheCommand()
    {
        Run("-d", "--name", "sleeper", _image, "/bin/busybox", "sleep", "1000");
        var top = Berth("top", "sleeper");
        Assert.True(top.ExitCode == 0, top.Stderr);
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^USER +PID +PPID +%CPU +ELAPSED +TTY +TIME +COMMAND$", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Matches(@"^\S+ +1 +0 +\d+\.\d{3} +\S+ +\? +\S+ +/bin/busybox sleep 1000 ?$", lines[1]);
        Assert.Equal(lines[0].IndexOf("COMMAND", StringComparison.Ordinal), lines[1].IndexOf("/bin/busybox", StringComparison.Ordinal));

        var chosen = Berth("top", "sleeper", "pid,args", "hpid").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^PID +COMMAND +HPID$", chosen[0]);
        Assert.Matches(@"^1 +/bin/busybox sleep 1000 +\d+$", chosen[1]);

        var unknown = Berth("top", "sleeper", "nosuch");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Equal("Error: 'nosuch': unknown descriptor\n", unknown.Stderr);
        Assert.Equal(0, Berth("stop", "-t", "0", "sleeper").ExitCode);
        Assert.Equal("Error: top can only be used on running containers\n", Berth("top", "sleeper").Stderr);
    }

    [Fact]
    public void Stats_RunningContainerJson_FieldsPidsAndMemory()
    {
        var id = Run("-d", "--name", "busy", _image, "/bin/busybox", "sleep", "1000");
        var stats = Berth("stats", "--no-stream", "--format", "json", "busy");
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        var entry = Assert.Single(JsonDocument.Parse(stats.Stdout).RootElement.EnumerateArray());
        Assert.Equal(["id", "name", "cpu_time", "cpu_percent", "avg_cpu", "mem_usage", "mem_percent", "net_io", "block_io", "pids"],
            entry.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(id[..12], entry.GetProperty("id").GetString());
        Assert.Equal("busy", entry.GetProperty("name").GetString());
        Assert.True(int.Parse(entry.GetProperty("pids").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Matches(@"^[1-9][\d.]*[kMG]?B / [\d.]+[kMGT]?B$", entry.GetProperty("mem_usage").GetString()!);
        Assert.Matches(@"^\d+\.\d\d%$", entry.GetProperty("cpu_percent").GetString()!);

        Run("--name", "done", _image, "/bin/busybox", "true");
        var table = Berth("stats", "--no-stream", "--format", "table {{.Name}} {{.PIDS}} {{.MemUsage}}");
        Assert.Equal(0, table.ExitCode);
        var rows = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME +PIDS +MEM USAGE / LIMIT$", rows[0]);
        Assert.Contains(rows, r => System.Text.RegularExpressions.Regex.IsMatch(r, @"^done +0 +0B / 0B$"));
        Assert.Contains(rows, r => r.StartsWith("busy ", StringComparison.Ordinal));

        Assert.Equal("Error: invalid interval, must be a positive number greater zero\n", Berth("stats", "-i", "0").Stderr);
        Assert.Equal("Error: unable to get list of containers: unable to look up container nope: no container with name or ID \"nope\" found: no such container\n",
            Berth("stats", "--no-stream", "nope").Stderr);
    }

    [Fact]
    public void Port_NothingPublished_NoOutput()
    {
        Run("-d", "--name", "server", _image, "/bin/busybox", "sleep", "1000");
        foreach (var args in new[] { new[] { "port", "server" }, ["port", "server", "80/tcp"], ["port", "-a"], ["port", "-l", "80"] })
        {
            var r = Berth(args);
            Assert.True(r.ExitCode == 0, string.Join(' ', args) + ": " + r.Stderr);
            Assert.Equal("", r.Stdout);
        }

        Assert.Equal("Error: strconv.ParseUint: parsing \"http\": invalid syntax\n", Berth("port", "server", "http").Stderr);
        Assert.Equal("Error: you must supply a running container name or id\n", Berth("port").Stderr);
        Assert.Equal("Error: no arguments are needed with --all\n", Berth("port", "-a", "server").Stderr);
    }
}
