using System.Globalization;
using System.Text.Json;

namespace Berth.Templates.Tests;

/// <summary>Go 1.19.8 results for fmt floats, JSON floats, text/tabwriter, time layouts and go-units
/// (GoOracle/runtime-cases.json, produced by GoOracle/generator/runtime).</summary>
public sealed class RuntimeOracleTests
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "GoOracle", "runtime-cases.json")));
        return doc.RootElement.Clone();
    });

    private static IEnumerable<JsonElement> Section(string name) => Root.Value.GetProperty(name).EnumerateArray();

    public static TheoryData<int> FloatCases() => Indexes("floats");

    public static TheoryData<int> TabWriterCases() => Indexes("tabwriter");

    public static TheoryData<int> TimeCases() => Indexes("times");

    private static TheoryData<int> Indexes(string section)
    {
        var data = new TheoryData<int>();
        int n = Section(section).Count();
        for (int i = 0; i < n; i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FloatCases))]
    public void Sprintf_Float_MatchesGoFmt(int index)
    {
        var c = Section("floats").ElementAt(index);
        double v = BitConverter.Int64BitsToDouble(long.Parse(c.GetProperty("bits").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.Equal(c.GetProperty("out").GetString(), GoFmt.Sprintf(c.GetProperty("verb").GetString()!, v));
        Assert.Equal(c.GetProperty("json").GetString(), GoJson.FormatFloat(v, 64));
    }

    [Theory]
    [MemberData(nameof(TabWriterCases))]
    public void TabWriter_Input_MatchesGoTabwriter(int index)
    {
        var c = Section("tabwriter").ElementAt(index);
        var output = new StringWriter();
        var writer = new TabWriter(
            output,
            c.GetProperty("minwidth").GetInt32(),
            c.GetProperty("tabwidth").GetInt32(),
            c.GetProperty("padding").GetInt32(),
            c.GetProperty("padchar").GetString()![0],
            (TabWriterFlags)c.GetProperty("flags").GetInt32());
        writer.Write(c.GetProperty("input").GetString());
        writer.Flush();
        Assert.Equal(c.GetProperty("output").GetString(), output.ToString());
    }

    [Theory]
    [MemberData(nameof(TimeCases))]
    public void Format_Layout_MatchesGoTime(int index)
    {
        var c = Section("times").ElementAt(index);
        var t = GoTimestamp.ParseRfc3339(c.GetProperty("rfc3339nano").GetString()!);
        string layout = c.GetProperty("layout").GetString()!;
        string actual = layout == "String()" ? t.ToString() : GoTime.Format(t, layout);
        Assert.Equal(c.GetProperty("out").GetString(), actual);
    }

    [Fact]
    public void HumanSize_RecordedSizes_MatchGoUnits()
    {
        foreach (var c in Section("sizes"))
        {
            double size = double.Parse(c.GetProperty("size").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(c.GetProperty("human").GetString(), Units.HumanSize(size));
            Assert.Equal(c.GetProperty("p3").GetString(), Units.HumanSizeWithPrecision(size, 3));
            Assert.Equal(c.GetProperty("bytes").GetString(), Units.BytesSize(size));
        }
    }

    [Fact]
    public void HumanDuration_RecordedDurations_MatchGoUnits()
    {
        foreach (var c in Section("durations"))
        {
            long ns = long.Parse(c.GetProperty("ns").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(c.GetProperty("human").GetString(), Units.HumanDuration(TimeSpan.FromTicks(ns / 100)));
            Assert.Equal(c.GetProperty("string").GetString(), GoTime.DurationString(ns));
        }
    }
}
