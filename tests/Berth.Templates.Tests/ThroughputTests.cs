using System.Diagnostics;

namespace Berth.Templates.Tests;

/// <summary>Parse once, execute many rows: a large listing stays fast and streams row by row.</summary>
public sealed class ThroughputTests
{
    [Fact]
    public void WriteRow_FiftyThousandRows_FormatsQuicklyAndCompletely()
    {
        var output = new StringWriter();
        var watch = Stopwatch.StartNew();
        using (var rpt = ReportFormatter.Create(output, "images", "table {{.Repository}}\\t{{.Tag}}\\t{{printf \"%.12s\" .ID}}\\t{{.Size}}"))
        {
            rpt.WriteHeader(["Repository", "Tag", "ID", "Size"]);
            for (int i = 0; i < 50_000; i++)
            {
                rpt.WriteRow(new TestStruct("images.imageReporter", ("Repository", "localhost/repo" + (i % 10)), ("Tag", "v" + i), ("ID", "17318f893e70f80cda"), ("Size", 1999097L + i)));
            }
        }
        watch.Stop();
        string[] lines = output.ToString().Split('\n');
        Assert.Equal(50_002, lines.Length);
        Assert.Equal("REPOSITORY       TAG         ID            SIZE", lines[0]);
        Assert.Equal("localhost/repo0  v0          17318f893e70  1999097", lines[1]);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
