using System.Text.Json;
using Berth.E2E.Tests.Containers;

namespace Berth.E2E.Tests;

/// <summary>
/// <c>ps</c> and <c>inspect</c> of containers made and run by the built binary on real conmon/runc, in a private store.
/// Every test labels its containers (<c>-l t=NAME</c>) and filters on that label, so tests sharing the store do not see
/// each other's containers.
/// </summary>
public sealed class ContainerListTests : IClassFixture<ContainerStoreFixture>
{
    private static readonly string[] PodmanJsonKeys =
        ["AutoRemove", "Command", "CreatedAt", "Exited", "ExitedAt", "ExitCode", "Id", "Image", "ImageID", "IsInfra", "Labels", "Mounts",
         "Names", "Namespaces", "Networks", "Pid", "Pod", "PodName", "Ports", "Size", "StartedAt", "State", "Status", "Created"];

    private readonly ContainerStoreFixture _f;

    public ContainerListTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = _f.Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    /// <summary>A created (c), a running (r, sleep) and an exited (e, code 3) container labelled t=<paramref name="tag"/>.</summary>
    private (string Created, string Running, string Exited) ThreeStates(string tag)
    {
        var c = Ok("create", "-l", "t=" + tag, "--name", tag + "-c", "box", "sleep", "1000").Stdout.Trim();
        var r = Ok("run", "-d", "-l", "t=" + tag, "--name", tag + "-r", "box", "sleep", "1000").Stdout.Trim();
        var e = Berth("run", "-l", "t=" + tag, "--name", tag + "-e", "box", "sh", "-c", "exit 3");
        Assert.Equal(3, e.ExitCode);
        return (c, r, Ok("inspect", "--format", "{{.ID}}", tag + "-e").Stdout.Trim());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Ps_WithoutAll_ShowsRunningOnly_WithAll_EveryStateInPodmanWords()
    {
        var (_, running, _) = ThreeStates("st");
        Assert.Equal(["st-r"], Lines(Ok("ps", "--filter", "label=t=st", "--format", "{{.Names}}").Stdout));
        Assert.Equal([running[..12]], Lines(Ok("ps", "-q", "--filter", "label=t=st").Stdout));

        var lines = Lines(Ok("ps", "-a", "--filter", "label=t=st", "--format", "{{.Names}} {{.Status}}").Stdout);
        Assert.Equal(3, lines.Length);
        Assert.Equal("st-c Created", lines[0]);
        Assert.Matches(@"^st-r Up (Less than a second|1 second|\d+ seconds) ago$", lines[1]);
        Assert.Matches(@"^st-e Exited \(3\) (Less than a second|1 second|\d+ seconds) ago$", lines[2]);

        var table = Lines(Ok("ps", "-a", "--filter", "label=t=st").Stdout);
        Assert.Matches("^CONTAINER ID  IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$", table[0]);
        Assert.Matches(@"^[0-9a-f]{12}  localhost/box:latest  sleep 1000  .+ ago +Created +st-c$", table[1]);
        Assert.Matches(@"^[0-9a-f]{12}  localhost/box:latest  sh -c exit 3  .+ ago +Exited \(3\) .+ ago +st-e$", table[3]);
    }

    [Fact]
    public void Ps_QuietNoTruncLatestLastSort_SelectAndPrintAsPodman()
    {
        var (created, running, exited) = ThreeStates("sel");
        Assert.Equal([created[..12], running[..12], exited[..12]], Lines(Ok("ps", "-aq", "--filter", "label=t=sel").Stdout));
        Assert.Equal([created, running, exited], Lines(Ok("ps", "-aq", "--no-trunc", "--filter", "label=t=sel").Stdout));
        var noTrunc = Ok("ps", "-a", "--no-trunc", "--filter", "label=t=sel", "--format", "{{.ID}} {{.Command}}").Stdout;
        Assert.Equal($"{created} sleep 1000\n{running} sleep 1000\n{exited} sh -c exit 3\n", noTrunc);

        // --latest and --last apply after the filters and include stopped containers.
        Assert.Equal(["sel-e"], Lines(Ok("ps", "-l", "--filter", "label=t=sel", "--format", "{{.Names}}").Stdout));
        Assert.Equal(["sel-r", "sel-e"], Lines(Ok("ps", "-n", "2", "--filter", "label=t=sel", "--format", "{{.Names}}").Stdout));
        Assert.Equal(["sel-c", "sel-e", "sel-r"], Lines(Ok("ps", "-a", "--sort", "names", "--filter", "label=t=sel", "--format", "{{.Names}}").Stdout));
        Assert.Equal(["sel-e", "sel-r", "sel-c"], Lines(Ok("ps", "-a", "--sort", "created", "--filter", "label=t=sel", "--format", "{{.Names}}").Stdout));

        var bad = Berth("ps", "--sort", "bogus");
        Assert.Equal(125, bad.ExitCode);
        Assert.StartsWith("Error: invalid argument \"bogus\" for \"--sort\" flag: \"bogus\" is not a valid value.", bad.Stderr, StringComparison.Ordinal);
        var conflict = Berth("ps", "-l", "-n", "2");
        Assert.Equal((125, "Error: last and latest are mutually exclusive\n"), (conflict.ExitCode, conflict.Stderr));
    }

    [Fact]
    public void Ps_Filters_SelectLikePodman()
    {
        var (created, running, exited) = ThreeStates("flt");
        string Names(params string[] filters) =>
            string.Join(' ', Lines(Ok(["ps", "-a", "--filter", "label=t=flt", .. filters.SelectMany(f => new[] { "--filter", f }), "--format", "{{.Names}}"]).Stdout));

        Assert.Equal("flt-c", Names("status=created"));
        Assert.Equal("flt-r", Names("status=running"));
        Assert.Equal("flt-e", Names("status=exited"));
        Assert.Equal("flt-c flt-e", Names("status=created", "status=exited"));
        Assert.Equal("flt-r flt-e", Names("name=^flt-[re]$"));
        Assert.Equal("flt-r", Names("id=" + running[..8]));
        Assert.Equal("flt-c", Names("id=" + created));
        Assert.Equal("flt-e", Names("exited=3"));
        Assert.Equal("", Names("exited=0"));
        Assert.Equal("flt-c flt-r flt-e", Names("ancestor=localhost/box"));
        Assert.Equal("flt-c flt-r flt-e", Names("ancestor=localhost/box:latest"));
        Assert.Equal("", Names("ancestor=box"));
        var imageId = Ok("inspect", "--format", "{{.Image}}", exited).Stdout.Trim();
        Assert.Equal("flt-c flt-r flt-e", Names("ancestor=" + imageId));
        Assert.Equal("", Names("label=t=other"));

        // Without -a a status filter still selects stopped containers.
        Assert.Equal(["flt-e"], Lines(Ok("ps", "--filter", "label=t=flt", "--filter", "status=exited", "--format", "{{.Names}}").Stdout));

        var bad = Berth("ps", "--filter", "status=bogus");
        Assert.Equal((125, "Error: unknown container state: bogus: invalid argument\n"), (bad.ExitCode, bad.Stderr));
        var badKey = Berth("ps", "--filter", "bogus=1");
        Assert.Equal((125, "Error: bogus is an invalid filter\n"), (badKey.ExitCode, badKey.Stderr));
    }

    [Fact]
    public void Ps_JsonFormat_HasPodmanFieldsAndStates()
    {
        var (created, running, exited) = ThreeStates("js");
        using var doc = JsonDocument.Parse(Ok("ps", "-a", "--filter", "label=t=js", "--format", "json").Stdout);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        foreach (var item in items)
        {
            Assert.Equal(PodmanJsonKeys, item.EnumerateObject().Select(p => p.Name));
            Assert.Equal("localhost/box:latest", item.GetProperty("Image").GetString());
            Assert.True(item.GetProperty("Created").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
            Assert.EndsWith(" ago", item.GetProperty("CreatedAt").GetString(), StringComparison.Ordinal);
            Assert.Equal("js", item.GetProperty("Labels").GetProperty("t").GetString());
        }

        Assert.Equal([created, running, exited], items.Select(i => i.GetProperty("Id").GetString()));
        Assert.Equal(["created", "running", "exited"], items.Select(i => i.GetProperty("State").GetString()));
        Assert.Equal(["js-c"], items[0].GetProperty("Names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["sleep", "1000"], items[1].GetProperty("Command").EnumerateArray().Select(n => n.GetString()));
        Assert.True(items[1].GetProperty("Pid").GetInt32() > 0);
        Assert.Equal(0, items[0].GetProperty("Pid").GetInt32());
        Assert.Equal((true, 3), (items[2].GetProperty("Exited").GetBoolean(), items[2].GetProperty("ExitCode").GetInt32()));
        Assert.False(items[0].GetProperty("Exited").GetBoolean());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("Size").ValueKind);
        Assert.StartsWith("Exited (3) ", items[2].GetProperty("Status").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ps_Size_MeasuresImageAndWritableLayer()
    {
        Ok("create", "-l", "t=sz", "--name", "sz-c", "box", "true");
        Assert.Equal(0, Berth("run", "-l", "t=sz", "--name", "sz-w", "box", "sh", "-c", "echo 0123456789 > /written").ExitCode);
        using var doc = JsonDocument.Parse(Ok("ps", "-a", "-s", "--filter", "label=t=sz", "--format", "json").Stdout);
        var sizes = doc.RootElement.EnumerateArray().Select(i => i.GetProperty("Size")).ToList();
        var image = ImageTreeSize(Path.Combine(_f.Dir.Path, "image"));
        Assert.Equal([image, image], sizes.Select(s => s.GetProperty("rootFsSize").GetInt64()));
        Assert.Equal(0, sizes[0].GetProperty("rwSize").GetInt64());
        Assert.True(sizes[1].GetProperty("rwSize").GetInt64() >= 11, sizes[1].GetRawText());

        var table = Lines(Ok("ps", "-a", "-s", "--filter", "label=t=sz").Stdout);
        Assert.EndsWith("SIZE", table[0], StringComparison.Ordinal);
        Assert.Matches(@"sz-c +0B \(virtual [0-9.]+[kM]B\)$", table[1]);

        var missing = Berth("ps", "-a", "--filter", "label=t=sz", "--format", "{{.Names}}:{{.Size}}");
        Assert.Equal((0, "sz-c:\nsz-w:\n"), (missing.ExitCode, missing.Stdout));
        Assert.Contains("level=error msg=\"Size format requires --size option\"", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_CreatedRunningExited_StateConfigAndHostConfig()
    {
        var c = Ok("create", "-l", "t=ins", "-l", "k=v", "--name", "ins-c", "-e", "FOO=bar", "--restart", "on-failure:3", "box", "sleep", "1000").Stdout.Trim();
        var r = Ok("run", "-d", "-l", "t=ins", "--name", "ins-r", "box", "sleep", "1000").Stdout.Trim();
        Assert.Equal(3, Berth("run", "-l", "t=ins", "--name", "ins-e", "box", "sh", "-c", "exit 3").ExitCode);
        var rm = Ok("create", "--rm", "-l", "t=ins", "--name", "ins-rm", "box", "true").Stdout.Trim();

        using var doc = JsonDocument.Parse(Ok("container", "inspect", "ins-c", r[..12], "ins-e", rm).Stdout);
        var (created, running, exited, autoRemove) = (doc.RootElement[0], doc.RootElement[1], doc.RootElement[2], doc.RootElement[3]);
        Assert.Equal(4, doc.RootElement.GetArrayLength());

        var cs = created.GetProperty("State");
        Assert.Equal(c, created.GetProperty("Id").GetString());
        Assert.Equal(("created", false, 0, 0), (cs.GetProperty("Status").GetString(), cs.GetProperty("Running").GetBoolean(), cs.GetProperty("Pid").GetInt32(), cs.GetProperty("ExitCode").GetInt32()));
        Assert.Equal("0001-01-01T00:00:00Z", cs.GetProperty("StartedAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", cs.GetProperty("FinishedAt").GetString());
        Assert.False(cs.TryGetProperty("ConmonPid", out _));
        var config = created.GetProperty("Config");
        Assert.Equal(["sleep", "1000"], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("FOO=bar", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        // Before init podman shows the environment its create made: defaults, image, user; no HOSTNAME yet.
        Assert.Equal(
            ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=podman", "FOO=bar"],
            config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("v", config.GetProperty("Labels").GetProperty("k").GetString());
        var hc = created.GetProperty("HostConfig");
        Assert.Equal(("on-failure", 3), (hc.GetProperty("RestartPolicy").GetProperty("Name").GetString(), hc.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32()));
        Assert.False(hc.GetProperty("AutoRemove").GetBoolean());
        Assert.True(autoRemove.GetProperty("HostConfig").GetProperty("AutoRemove").GetBoolean());
        Assert.Equal("", autoRemove.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());

        var rs = running.GetProperty("State");
        Assert.Equal(("running", true), (rs.GetProperty("Status").GetString(), rs.GetProperty("Running").GetBoolean()));
        var pid = rs.GetProperty("Pid").GetInt32();
        Assert.True(pid > 0 && Directory.Exists($"/proc/{pid}"), $"pid {pid}");
        Assert.Equal("sleep\01000\0", File.ReadAllText($"/proc/{pid}/cmdline"));
        Assert.True(rs.GetProperty("ConmonPid").GetInt32() > 0);
        var started = rs.GetProperty("StartedAt").GetDateTimeOffset();
        Assert.InRange(started, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("0001-01-01T00:00:00Z", rs.GetProperty("FinishedAt").GetString());
        Assert.True(running.GetProperty("GraphDriver").GetProperty("Data").TryGetProperty("MergedDir", out _));
        Assert.Contains("HOSTNAME=" + r[..12], running.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));

        var es = exited.GetProperty("State");
        Assert.Equal(("exited", false, 0, 3), (es.GetProperty("Status").GetString(), es.GetProperty("Running").GetBoolean(), es.GetProperty("Pid").GetInt32(), es.GetProperty("ExitCode").GetInt32()));
        var (s, f) = (es.GetProperty("StartedAt").GetDateTimeOffset(), es.GetProperty("FinishedAt").GetDateTimeOffset());
        Assert.True(s > DateTimeOffset.UtcNow.AddMinutes(-5) && f >= s, $"{s} {f}");
        Assert.Equal(["sh", "-c", "exit 3"], exited.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.False(exited.GetProperty("GraphDriver").GetProperty("Data").TryGetProperty("MergedDir", out _));

        Assert.Equal("created\nrunning\nexited\n", Ok("container", "inspect", "--format", "{{.State.Status}}", "ins-c", "ins-r", "ins-e").Stdout);
        Assert.Equal("ins-r 0\n", Ok("inspect", "--format", "{{.Name}} {{.State.ExitCode}}", "ins-r").Stdout);
    }

    [Fact]
    public void Inspect_Missing_PrintsWhatItFoundAndExits125()
    {
        Ok("create", "-l", "t=miss", "--name", "miss-c", "box", "true");
        var none = Berth("container", "inspect", "nosuch");
        Assert.Equal((125, "[]\n", "Error: inspecting object: no such container nosuch\n"), (none.ExitCode, none.Stdout, none.Stderr));

        var some = Berth("container", "inspect", "--format", "{{.Name}}", "miss-c", "nosuch");
        Assert.Equal((125, "miss-c\n", "Error: inspecting object: no such container nosuch\n"), (some.ExitCode, some.Stdout, some.Stderr));

        var generic = Berth("inspect", "nosuch");
        Assert.Equal((125, "Error: inspecting object: no such object: \"nosuch\"\n"), (generic.ExitCode, generic.Stderr));
    }

    [Fact]
    public void Inspect_Generic_PicksContainerOverImageOfTheSameName()
    {
        // The fixture's image is called box; a container of that name wins, as in podman.
        var id = Ok("create", "-l", "t=gen", "--name", "box", "box", "true").Stdout.Trim();
        try
        {
            Assert.Equal($"box|{id}\n", Ok("inspect", "--format", "{{.Name}}|{{.ID}}", "box").Stdout);
            var imageId = Ok("image", "inspect", "--format", "{{.ID}}", "box").Stdout;
            Assert.Equal(imageId, Ok("inspect", "--type", "image", "--format", "{{.ID}}", "box").Stdout);
            Assert.NotEqual(id + "\n", imageId);
        }
        finally
        {
            Ok("rm", "box");
        }
    }

    [Fact]
    public void Healthcheck_ShowsInPsStatusAndInspectHealth()
    {
        var id = Ok("run", "-d", "-l", "t=hc", "--name", "hc-r", "--health-cmd", "true", "--health-interval", "0", "box", "sleep", "1000").Stdout.Trim();
        Assert.Matches(@"^Up .+ ago \(starting\)\n$", Ok("ps", "--filter", "label=t=hc", "--format", "{{.Status}}").Stdout);
        Assert.Equal("starting\n", Ok("inspect", "--format", "{{.State.Health.Status}}", id).Stdout);

        Ok("healthcheck", "run", id);
        Assert.Matches(@"^Up .+ ago \(healthy\)\n$", Ok("ps", "--filter", "label=t=hc", "--format", "{{.Status}}").Stdout);
        Assert.Matches(@"  Up .+ ago \(healthy\) +hc-r\n$", Ok("ps", "--filter", "label=t=hc").Stdout);
        Assert.Equal("hc-r\n", Ok("ps", "--filter", "label=t=hc", "--filter", "health=healthy", "--format", "{{.Names}}").Stdout);
        Assert.Equal("", Ok("ps", "--filter", "label=t=hc", "--filter", "health=unhealthy", "--format", "{{.Names}}").Stdout);

        using var doc = JsonDocument.Parse(Ok("inspect", id).Stdout);
        var health = doc.RootElement[0].GetProperty("State").GetProperty("Health");
        Assert.Equal(("healthy", 0), (health.GetProperty("Status").GetString(), health.GetProperty("FailingStreak").GetInt32()));
        var log = Assert.Single(health.GetProperty("Log").EnumerateArray());
        Assert.Equal(0, log.GetProperty("ExitCode").GetInt32());
        Assert.Equal(["CMD-SHELL", "true"], doc.RootElement[0].GetProperty("Config").GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Exec_DetachedSession_ShowsInInspectExecIdsWhileItRuns()
    {
        var id = Ok("run", "-d", "-l", "t=ex", "--name", "ex-r", "box", "sleep", "1000").Stdout.Trim();
        Assert.Equal("[]\n", Ok("inspect", "--format", "{{.ExecIDs}}", id).Stdout);
        var session = Ok("exec", "-d", id, "sleep", "3").Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", session);

        using (var doc = JsonDocument.Parse(Ok("container", "inspect", id).Stdout))
        {
            Assert.Equal([session], doc.RootElement[0].GetProperty("ExecIDs").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.True(
            ContainerStoreFixture.Eventually(() => Ok("inspect", "--format", "{{len .ExecIDs}}", id).Stdout == "0\n", 30),
            "the exec session stayed in ExecIDs after it ended");
    }

    /// <summary>What containers/storage counts for a tree: file sizes, symlinks as their target's length, no directories.</summary>
    private static long ImageTreeSize(string dir) =>
        new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Sum(e => e.LinkTarget is { } target ? target.Length : e is FileInfo file ? file.Length : 0);
}
