namespace Berth.Templates.Tests;

/// <summary>Go's text/tabwriter behaviour, in particular podman's report settings (minwidth 12, padding 2).</summary>
public sealed class TabWriterTests
{
    private static string Write(TabWriter writer, StringWriter output, string text)
    {
        writer.Write(text);
        writer.Flush();
        return output.ToString();
    }

    [Fact]
    public void ForReport_ShortCells_PadToMinimumWidth()
    {
        var output = new StringWriter();
        Assert.Equal("a           b\n", Write(TabWriter.ForReport(output), output, "a\tb\n"));
    }

    [Fact]
    public void ForReport_WideCells_PadToWidestPlusTwo()
    {
        var output = new StringWriter();
        string text = "REPOSITORY\tTAG\nlocalhost/golden/demo\t1.0\n";
        Assert.Equal("REPOSITORY             TAG\nlocalhost/golden/demo  1.0\n", Write(TabWriter.ForReport(output), output, text));
    }

    [Fact]
    public void Write_LineWithoutTabs_EndsTheColumnBlock()
    {
        var output = new StringWriter();
        string text = "a\tb\nccccccccccccccccc\tc\nplain\nd\te\n";
        Assert.Equal("a                  b\nccccccccccccccccc  c\nplain\nd           e\n", Write(TabWriter.ForReport(output), output, text));
    }

    [Fact]
    public void Write_AlignRightAndDebug_FollowFlags()
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, 0, 8, 1, '.', TabWriterFlags.AlignRight | TabWriterFlags.Debug);
        Assert.Equal("....a|b\n.bbbb|c\n", Write(writer, output, "a\tb\nbbbb\tc\n"));
    }

    [Fact]
    public void Write_UnicodeCells_CountRunesNotUnits()
    {
        var output = new StringWriter();
        Assert.Equal("😀           x\nhéllo       y\n", Write(TabWriter.ForReport(output), output, "😀\tx\nhéllo\ty\n"));
    }
}
