using Berth.Cli.Output;
using Berth.Oci;

namespace Berth.Cli.Tests.Progress;

public sealed class ProgressBarLineTests
{
    private static readonly Digest Blob = Digest.Parse("sha256:" + new string('a', 12) + new string('0', 52));

    [Fact]
    public void Prefix_BlobAndConfig_CutToTheSameColumnAsPodman()
    {
        Assert.Equal("Copying blob aaaaaaaaaaaa", ProgressBarLine.Prefix("blob", Blob));
        Assert.Equal("Copying config aaaaaaaaaa", ProgressBarLine.Prefix("config", Blob));
    }

    [Theory]
    [InlineData(0, false, "0.0b")]
    [InlineData(512, false, "512.0b")]
    [InlineData(1536, false, "1.5KiB")]
    [InlineData(12_897_484, false, "12.3MiB")]
    [InlineData(26_424_115, true, "25.2 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, true, "3.0 GiB")]
    public void Size_Binary_FormatsLikeMpb(long bytes, bool space, string expected) =>
        Assert.Equal(expected, ProgressBarLine.Size(bytes, space));

    [Theory]
    [InlineData(0, 100, 12, "[----------]")]
    [InlineData(35, 100, 12, "[==>-------]")]
    [InlineData(99, 100, 12, "[========>-]")]
    [InlineData(100, 100, 12, "[==========]")]
    [InlineData(5, 100, 1, "")]
    [InlineData(5, 0, 4, "[--]")]
    public void Bar_Fractions_FillWithTip(long current, long total, int width, string expected) =>
        Assert.Equal(expected, ProgressBarLine.Bar(current, total, width));

    [Fact]
    public void Running_WideTerminal_FortyCellBarCountersAndSpeed()
    {
        var line = ProgressBarLine.Running("Copying blob aaaaaaaaaaaa", 12_897_484, 42_048_716, 26_424_115, 200);
        Assert.Equal("Copying blob aaaaaaaaaaaa [" + new string('=', 10) + ">" + new string('-', 27) + "] 12.3MiB / 40.1MiB | 25.2 MiB/s", line);
    }

    [Fact]
    public void Running_NarrowTerminal_ShrinksTheBarToFit()
    {
        var line = ProgressBarLine.Running("Copying blob aaaaaaaaaaaa", 512, 1024, 0, 70);
        Assert.Equal("Copying blob aaaaaaaaaaaa [======>--------] 512.0b / 1.0KiB | 0.0 b/s", line);
        Assert.Equal(69, line.Length);
    }

    [Fact]
    public void Running_TinyTerminal_DropsTheBarAndCuts()
    {
        var line = ProgressBarLine.Running("Copying blob aaaaaaaaaaaa", 512, 1024, 0, 30);
        Assert.Equal("Copying blob aaaaaaaaaaaa  51", line);
    }

    [Fact]
    public void Finished_CountedAndSkipped_PodmanCompletionText()
    {
        Assert.Equal("Copying blob aaaaaaaaaaaa done   | ", ProgressBarLine.Finished("Copying blob aaaaaaaaaaaa", "done", counted: true, 120));
        Assert.Equal("Copying blob aaaaaaaaaaaa skipped: already exists  ", ProgressBarLine.Finished("Copying blob aaaaaaaaaaaa", "skipped: already exists", counted: false, 120));
    }
}
