using Berth.Config.Toml;

namespace Berth.Config.Tests;

public sealed class TomlCommentLinesTests
{
    [Fact]
    public void BlankCommentLines_CommentOnlyLines_BecomeEmptyAndKeepLineBreaks()
    {
        var text = "# head\n[containers]\n  # indented\r\nlog_size_max = 5 # trailing stays\n#last";

        var blanked = TomlDocumentReader.BlankCommentLines(text);

        Assert.Equal("\n[containers]\n\r\nlog_size_max = 5 # trailing stays\n", blanked);
    }

    [Fact]
    public void BlankCommentLines_MultiLineString_LeavesTextAsItIs()
    {
        var text = "a = \"\"\"\n# not a comment\n\"\"\"\n# comment\n";

        Assert.Same(text, TomlDocumentReader.BlankCommentLines(text));
    }

    [Fact]
    public void BlankCommentLines_CommentWithControlCharacter_IsKeptForTheParserToReport()
    {
        var text = "# bad \u0001 comment\nx = 1\n";

        Assert.Equal(text, TomlDocumentReader.BlankCommentLines(text));
    }

    [Fact]
    public void Parse_ErrorAfterCommentLines_NamesTheOriginalLineAndColumn()
    {
        var e = Assert.Throws<BerthException>(() => TomlDocumentReader.Parse("/x.conf", "# one\n# two\n[containers]\n  # four\nkey = = 1\n"));

        Assert.StartsWith("/x.conf:5:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShippedContainersConf_GivesTheSameValuesAtTheSamePositions()
    {
        var text = TestData.Read("containers.conf");

        var blanked = TomlDocumentReader.Parse("/c.conf", text);
        var parsed = TomlDocumentReader.Parse("/c.conf", text, blankCommentLines: false);

        Assert.NotEmpty(parsed.Entries);
        Assert.Equal(Dump(parsed), Dump(blanked));
    }

    private static string Dump(TomlNode node) => node switch
    {
        TomlTableNode t => $"{t.Position}{{{string.Join(",", t.Entries.Select(e => e.Key + "=" + Dump(e.Value)))}}}",
        TomlArrayNode a => $"{a.Position}[{string.Join(",", a.Items.Select(Dump))}]",
        TomlTableArrayNode ta => $"{ta.Position}[[{string.Join(",", ta.Tables.Select(Dump))}]]",
        TomlScalar s => $"{s.Position}:{s.Kind}:{s.Value}",
        _ => "?",
    };
}
