using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Personalities;
using Berth.Engine.Volumes;

namespace Berth.Cli.Tests.Volumes;

/// <summary>
/// The volume commands against podman 4.3.1: help byte for byte (<c>Golden/volumes/record.sh</c>) and ls/inspect
/// output over the volumes podman made (<c>Golden/volumes/record-output.sh</c>): the volumes are rebuilt from podman's
/// own <c>inspect --all</c>, and times are compared at .NET's 100 ns.
/// </summary>
public sealed partial class VolumeGoldenTests
{
    private const string Fields = "{{.Name}}|{{.Driver}}|{{.Mountpoint}}|{{.CreatedAt}}|{{.Labels}}|{{.Scope}}|{{.Options}}|{{.UID}}|{{.GID}}|{{.Anonymous}}|{{.MountCount}}|{{.NeedsCopyUp}}|{{.NeedsChown}}|{{.Timeout}}|{{.StorageID}}|{{.Status}}";

    private static string GoldenDirectory => HelpGoldens.Directory("volumes");

    public static TheoryData<string> HelpFiles() => HelpGoldens.Files("volumes");

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Equal(12, HelpFiles().Count);

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var (expected, actual) = HelpGoldens.Compare("volumes", file);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("volume remove")]
    [InlineData("volume list")]
    [InlineData("volume ls")]
    [InlineData("volume reload")]
    public void Tree_HasPodmansNamesAndAliases(string path) => Assert.NotNull(HelpGoldens.Command(path).Action);

    [Fact]
    public void Inspect_Json_MatchesPodman() =>
        Assert.Equal(Expected("inspect.txt"), Inspect(null, "plain", "labelled", "owned", "tmpfs1", "quota1", Anonymous().Name));

    [Fact]
    public void Inspect_All_ListsByName() =>
        Assert.Equal(Expected("inspect-all.txt"), Inspect(null, [.. Volumes().Select(v => v.Name)]));

    [Fact]
    public void Inspect_Template_PrintsGoValues() =>
        Assert.Equal(Expected("inspect-fields.txt"), Inspect(Fields, "plain", "labelled", "owned", "tmpfs1", "quota1", Anonymous().Name));

    [Fact]
    public void Inspect_Dot_PrintsThePointerPodmanPrints() =>
        Assert.Equal(Expected("inspect-dot.txt"), Inspect("{{.}}", "labelled", "owned"));

    [Fact]
    public void Inspect_JsonDot_PrintsTheArray() =>
        Assert.Equal(Expected("inspect-json-dot.txt"), Inspect("{{json .}}", "labelled", "owned"));

    [Fact]
    public void List_Default_MatchesPodman() => Assert.Equal(Expected("ls.txt"), List(new VolumeListOptions()));

    [Fact]
    public void List_NoHeading_MatchesPodman() => Assert.Equal(Expected("ls-noheading.txt"), List(new VolumeListOptions { NoHeading = true }));

    [Fact]
    public void List_Quiet_MatchesPodman() => Assert.Equal(Expected("ls-quiet.txt"), List(new VolumeListOptions { Quiet = true }));

    [Fact]
    public void List_Json_MatchesPodman() => Assert.Equal(Expected("ls-json.txt"), List(new VolumeListOptions { Format = "json" }));

    [Fact]
    public void List_JsonDot_MatchesPodman() => Assert.Equal(Expected("ls-json-dot.txt"), List(new VolumeListOptions { Format = "{{json .}}" }));

    [Fact]
    public void List_Fields_MatchesPodman() => Assert.Equal(Expected("ls-fields.txt"), List(new VolumeListOptions { Format = Fields }));

    [Fact]
    public void List_Dot_PrintsNestedStructs() => Assert.Equal(Expected("ls-dot.txt"), List(new VolumeListOptions { Format = "{{.}}" }));

    /// <summary>Every column under podman's header; the time column's width differs at 100 ns, so runs of padding are compared as one.</summary>
    [Fact]
    public void List_Table_HeadersAsPodman()
    {
        var format = "table {{.Name}}\\t{{.Driver}}\\t{{.Mountpoint}}\\t{{.CreatedAt}}\\t{{.Labels}}\\t{{.Scope}}\\t{{.Options}}\\t{{.UID}}\\t{{.GID}}\\t{{.Anonymous}}\\t{{.MountCount}}\\t{{.NeedsCopyUp}}\\t{{.NeedsChown}}\\t{{.Timeout}}\\t{{.StorageID}}\\t{{.Status}}";
        Assert.Equal(Padding().Replace(Expected("ls-table.txt"), "  "), Padding().Replace(List(new VolumeListOptions { Format = format }), "  "));
    }

    [Fact]
    public void List_Filters_AnyMatches()
    {
        var filter = VolumeFilters.Build(["label=a", "opt=type"], _ => true)!;
        Assert.Equal(Expected("ls-filters.txt"), List(new VolumeListOptions { Format = "table {{.Name}}" }, [.. Volumes().Where(filter)]));
    }

    [Fact]
    public void List_Empty_PrintsNothingButJsonPrintsAnEmptyArray()
    {
        Assert.Equal("", List(new VolumeListOptions(), []));
        Assert.Equal("[]\n", List(new VolumeListOptions { Format = "json" }, []));
    }

    /// <summary>The volumes podman made, from its own inspect output.</summary>
    private static List<Volume> Volumes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDirectory, "out", "inspect-all.txt")));
        var volumes = new List<Volume>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            volumes.Add(new Volume
            {
                Name = e.GetProperty("Name").GetString()!,
                Driver = e.GetProperty("Driver").GetString()!,
                Mountpoint = e.GetProperty("Mountpoint").GetString()!,
                CreatedAt = DateTimeOffset.Parse(Truncate(e.GetProperty("CreatedAt").GetString()!), CultureInfo.InvariantCulture),
                Labels = Map(e.GetProperty("Labels")),
                Options = Map(e.GetProperty("Options")),
                Uid = e.TryGetProperty("UID", out var uid) ? uid.GetInt32() : null,
                Gid = e.TryGetProperty("GID", out var gid) ? gid.GetInt32() : null,
                Anonymous = e.TryGetProperty("Anonymous", out var a) && a.GetBoolean(),
                MountCount = e.GetProperty("MountCount").GetUInt32(),
                NeedsCopyUp = e.TryGetProperty("NeedsCopyUp", out var cu) && cu.GetBoolean(),
                NeedsChown = e.TryGetProperty("NeedsChown", out var nc) && nc.GetBoolean(),
            });
        }

        return volumes;
    }

    private static Volume Anonymous() => Volumes().Single(v => v.Anonymous);

    private static Dictionary<string, string> Map(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static string Inspect(string? format, params string[] names)
    {
        var all = Volumes();
        using var output = new StringWriter();
        VolumeViews.WriteInspect(output, format, [.. names.Select(n => all.Single(v => v.Name == n))]);
        return output.ToString();
    }

    private static string List(VolumeListOptions options, List<Volume>? volumes = null)
    {
        using var output = new StringWriter();
        VolumeViews.WriteList(output, volumes ?? Volumes(), options);
        return output.ToString();
    }

    /// <summary>podman's output with times cut to 100 ns (Go trims trailing zeros) and Go's pointer addresses as Berth's stand-in.</summary>
    private static string Expected(string name) =>
        Pointer().Replace(
            Fraction().Replace(File.ReadAllText(Path.Combine(GoldenDirectory, "out", name)), m => Truncate(m.Value)),
            "0xc000010000");

    private static string Truncate(string text) => Fraction().Replace(text, m =>
    {
        var digits = m.Groups[2].Value;
        digits = (digits.Length > 7 ? digits[..7] : digits).TrimEnd('0');
        return m.Groups[1].Value + (digits.Length > 0 ? "." + digits : "");
    });

    [GeneratedRegex(@"(\d\d:\d\d:\d\d)\.(\d+)")]
    private static partial Regex Fraction();

    [GeneratedRegex("0xc[0-9a-f]{9}")]
    private static partial Regex Pointer();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Padding();
}
