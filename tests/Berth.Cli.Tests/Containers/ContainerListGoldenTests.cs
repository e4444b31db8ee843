using System.Text.Json;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Storage.Containers;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// ps and inspect views against podman 4.3.1's output for the same three containers (Golden/containers/ps, inspect;
/// re-record with ps/record.sh): the containers are rebuilt from podman's inspect JSON, the clock set to the recording's.
/// </summary>
public sealed class ContainerListGoldenTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Golden", "containers");

    private static DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(long.Parse(File.ReadAllText(Path.Combine(Dir, "ps", "now.txt")).Trim()));

    /// <summary>A Berth container with the recorded podman container's identity, command, image, times and state.</summary>
    private static Container FromPodman(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "inspect", file)));
        var d = doc.RootElement[0];
        var st = d.GetProperty("State");
        var cfg = new ContainerConfig
        {
            Id = d.GetProperty("Id").GetString()!,
            ImageId = d.GetProperty("Image").GetString(),
            ImageName = d.GetProperty("ImageName").GetString()!,
            ImageDigest = d.GetProperty("ImageDigest").GetString()!,
            Created = DateTimeOffset.Parse(d.GetProperty("Created").GetString()!),
            EffectiveCmd = [.. d.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()!)],
            Labels = d.GetProperty("Config").GetProperty("Labels") is { ValueKind: JsonValueKind.Object } l
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : new Dictionary<string, string>(),
        };
        var status = st.GetProperty("Status").GetString()!;
        var state = new ContainerState
        {
            Status = status,
            Pid = st.GetProperty("Pid").GetInt32(),
            ExitCode = st.GetProperty("ExitCode").GetInt32(),
            StartedAt = DateTimeOffset.Parse(st.GetProperty("StartedAt").GetString()!),
            FinishedAt = DateTimeOffset.Parse(st.GetProperty("FinishedAt").GetString()!),
        };
        var record = new ContainerRecord(cfg.Id, d.GetProperty("Name").GetString()!, cfg.ImageId, cfg.Created, "{}", status, "{}", 1);
        return new Container(record, cfg, state);
    }

    private static List<ContainerListEntry> Recorded(bool withSize = false)
    {
        // The size podman measured: busybox (1982256 bytes) under each; r1 and e1 wrote /etc/mtab's 12-byte link.
        ContainerSize? Size(long rw) => withSize ? new ContainerSize(rw, 1982256) : null;
        return [new(FromPodman("created.json"), Size(0)), new(FromPodman("running-later-exited.json"), Size(12)), new(FromPodman("exited.json"), Size(12))];
    }

    private static string Ps(ContainerListOptions options, List<ContainerListEntry> entries)
    {
        var output = new StringWriter();
        ContainerListOutput.Write(output, TextWriter.Null, entries, options, Now);
        return output.ToString();
    }

    [Fact]
    public void DefaultTable_RecordedContainers_MatchesPodman()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, "ps", "ps-a.txt")), Ps(new ContainerListOptions(), Recorded()));
    }

    [Fact]
    public void SizeTable_RecordedContainers_MatchesPodman()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, "ps", "ps-a-s.txt")), Ps(new ContainerListOptions { Size = true }, Recorded(withSize: true)));
    }

    [Fact]
    public void Json_RecordedContainers_MatchesPodmanExceptPid()
    {
        var expected = File.ReadAllText(Path.Combine(Dir, "ps", "ps-a.json"));
        Assert.Equal(expected, Ps(new ContainerListOptions { Format = "json" }, Recorded()));
    }

    [Fact]
    public void Quiet_NoTrunc_PrintsFullIds()
    {
        var ids = Ps(new ContainerListOptions { Quiet = true, NoTrunc = true }, Recorded()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Recorded().Select(e => e.Container.Id), ids);
    }

    [Theory]
    [InlineData("names", "c1 e1 r1")]
    [InlineData("command", "e1 c1 r1")]
    [InlineData("status", "c1 r1 e1")]
    [InlineData("created", "e1 r1 c1")]
    public void Sort_Key_OrdersAsPodman(string key, string names)
    {
        var text = Ps(new ContainerListOptions { Sort = key, Format = "{{.Names}}" }, Recorded());
        Assert.Equal(names, string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Template_ReporterMethods_RenderLikePodman()
    {
        var text = Ps(new ContainerListOptions { Format = "{{.ID}}|{{.ImageID}}|{{.Label \"a\"}}|{{.Labels}}|{{.Mounts}}|{{.ExitedAt}}|{{.Exited}}|{{.Namespaces}}" }, Recorded());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("bb3fa145708b|90775c41c4ca|b|map[a:b]|[]|-62135596800|false|{      }", lines[0]);
        Assert.StartsWith("2dd29669fa41|90775c41c4ca||map[]|[]|", lines[2]);
        Assert.EndsWith("|true|{      }", lines[2]);
    }

    [Fact]
    public void TableHeaders_CustomColumns_UsePodmanNames()
    {
        var text = Ps(new ContainerListOptions { Format = "table {{.ID}} {{.RunningFor}} {{.Pod}} {{.PodName}} {{.ExitCode}} {{.ImageID}} {{.IsInfra}} {{.AutoRemove}} {{.MNT}} {{.Cgroup}} {{.User}}" }, Recorded());
        Assert.Equal(File.ReadAllText(Path.Combine(Dir, "ps", "headers.txt")), text[..(text.IndexOf('\n') + 1)]);
    }

    [Fact]
    public void Filters_StatusLabelAncestorExited_SelectAsPodman()
    {
        var all = Recorded().Select(e => e.Container).ToList();
        string Names(string key, params string[] values) => string.Join(' ', all.Where(ContainerFilters.Build(
            new Dictionary<string, IReadOnlyList<string>> { [key] = values }, n => all.Single(c => c.Name == n))).Select(c => c.Name));
        Assert.Equal("c1", Names("status", "created"));
        Assert.Equal("r1 e1", Names("status", "exited"));
        Assert.Equal("c1", Names("label", "a"));
        Assert.Equal("", Names("label", "a=c"));
        Assert.Equal("", Names("label", "a", "a=c"));
        Assert.Equal("c1", Names("label", "a", "a=b"));
        Assert.Equal("c1 e1", Names("name", "c1", "e1"));
        Assert.Equal("c1 r1 e1", Names("ancestor", "localhost/boxy"));
        Assert.Equal("", Names("ancestor", "boxy"));
        Assert.Equal("e1", Names("exited", "3"));
        Assert.Equal("c1", Names("name", "^c"));
        Assert.Equal("r1 e1", Names("since", "c1"));
        Assert.Equal("c1", Names("before", "r1"));
        var e = Assert.Throws<BerthException>(() => Names("status", "foo"));
        Assert.Equal("unknown container state: foo: invalid argument", e.Message);
        Assert.Equal("foo is an invalid filter", Assert.Throws<BerthException>(() => Names("foo", "bar")).Message);
        Assert.Equal("exited code out of range '\\x00': strconv.ParseInt: parsing \"abc\": invalid syntax", Assert.Throws<BerthException>(() => Names("exited", "abc")).Message);
    }
}
