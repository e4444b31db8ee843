using System.Text.Json;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>Every case recorded from podman 4.3.1 (Golden/podman-4.3, see its README) run through Berth:
/// stdout must match byte for byte, and an error must match podman's stderr and exit code.</summary>
public sealed class GoldenCorpusTests
{
    /// <summary>Cases that cannot be reproduced, with the reason. (record.sh already drops the cases whose output
    /// holds Go pointer addresses.)</summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal);

    private sealed record GoldenCase(string Name, string Template, IReadOnlyList<string> Args, string Stdout, string Stderr, int ExitCode);

    private static List<GoldenCase> LoadCases(string file)
    {
        var cases = new List<GoldenCase>();
        foreach (var e in GoldenData.Load(file).EnumerateArray())
        {
            var args = e.TryGetProperty("args", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
            cases.Add(new GoldenCase(
                e.GetProperty("name").GetString()!,
                e.GetProperty("template").GetString()!,
                args,
                e.GetProperty("stdout").GetString()!,
                e.GetProperty("stderr").GetString()!,
                e.GetProperty("exitCode").GetInt32()));
        }
        return cases;
    }

    private static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in LoadCases(file))
        {
            if (!Excluded.ContainsKey(file + ":" + c.Name))
            {
                data.Add(c.Name);
            }
        }
        return data;
    }

    public static TheoryData<string> InspectCases() => Names("inspect-cases.json");

    public static TheoryData<string> ImagesCases() => Names("images-cases.json");

    public static TheoryData<string> VersionCases() => Names("version-cases.json");

    private static void AssertSame(GoldenCase expected, CommandResult actual)
    {
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.ExitCode, actual.ExitCode);
    }

    [Theory]
    [MemberData(nameof(InspectCases))]
    public void ImageInspect_RecordedFormat_MatchesPodman(string name)
    {
        var c = LoadCases("inspect-cases.json").Single(x => x.Name == name);
        var items = GoldenData.Load("image-inspect.json").EnumerateArray().Select(e => (object?)ImageInspectModel.Build(e)).ToList();
        AssertSame(c, PodmanCommands.ImageInspect(c.Template, items));
    }

    [Theory]
    [MemberData(nameof(ImagesCases))]
    public void Images_RecordedArguments_MatchesPodman(string name)
    {
        var c = LoadCases("images-cases.json").Single(x => x.Name == name);
        AssertSame(c, PodmanCommands.Images(c.Args));
    }

    [Theory]
    [MemberData(nameof(VersionCases))]
    public void Version_RecordedFormat_MatchesPodman(string name)
    {
        var c = LoadCases("version-cases.json").Single(x => x.Name == name);
        AssertSame(c, PodmanCommands.Version(c.Template, VersionModel.Build()));
    }

    [Fact]
    public void ImageInspectJson_RecordedData_RoundTripsExactly()
    {
        string raw = File.ReadAllText(Path.Combine(GoldenData.Dir, "image-inspect.json"));
        var items = GoldenData.Load("image-inspect.json").EnumerateArray().Select(e => (object?)ImageInspectModel.Build(e)).ToList();
        Assert.Equal(raw, GoJson.Serialize(items, escapeHtml: false, indent: "     ") + "\n");
    }

    [Fact]
    public void Corpus_Size_MeetsTheIssueMinimum()
    {
        int total = LoadCases("inspect-cases.json").Count + LoadCases("images-cases.json").Count + LoadCases("version-cases.json").Count;
        Assert.True(total - Excluded.Count >= 60, $"only {total - Excluded.Count} golden cases run");
        _ = JsonValueKind.Undefined;
    }
}
