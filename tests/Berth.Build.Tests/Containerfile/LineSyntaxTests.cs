using Berth.Build.Containerfile;

namespace Berth.Build.Tests.Containerfile;

/// <summary>Lines: parser directives, comments, continuations, line ends, heredocs.</summary>
public sealed class LineSyntaxTests
{
    private static ContainerfileDocument Parse(string text) => ContainerfileParser.Parse(text, "Containerfile");

    private static IReadOnlyList<Instruction> Body(string text) => Parse(text).Stages[0].Instructions;

    [Fact]
    public void Parse_EscapeDirectiveBacktick_ContinuesLinesWithBacktickAndKeepsBackslashes()
    {
        var doc = Parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n    && echo done\n");

        Assert.Equal('`', doc.EscapeCharacter);
        var run = Assert.IsType<RunInstruction>(Assert.Single(doc.Stages[0].Instructions));
        Assert.Equal("dir C:\\     && echo done", run.Command.Text);
    }

    [Theory]
    [InlineData("#ESCAPE = `")]
    [InlineData("#  escape=`   ")]
    [InlineData("# Escape=`")]
    public void Parse_EscapeDirectiveSpelling_IsCaseAndSpaceInsensitive(string directive) =>
        Assert.Equal('`', Parse(directive + "\nFROM x\n").EscapeCharacter);

    [Theory]
    [InlineData("\n# escape=`\nFROM x\n")]
    [InlineData("# a comment\n# escape=`\nFROM x\n")]
    [InlineData("# unknown=1\n# escape=`\nFROM x\n")]
    [InlineData("FROM x\n# escape=`\n")]
    public void Parse_DirectiveAfterOtherLines_IsAComment(string text) =>
        Assert.Equal('\\', Parse(text).EscapeCharacter);

    [Fact]
    public void Parse_SyntaxAndEscapeDirectives_AreBothRead()
    {
        var doc = Parse("# syntax = docker/dockerfile:1.7\n# escape=\\\n# check=skip=all\nFROM x\n");

        Assert.Equal("docker/dockerfile:1.7", doc.Syntax);
        Assert.Equal('\\', doc.EscapeCharacter);
    }

    [Fact]
    public void Parse_CommentsAndBlankLines_AreSkippedAlsoInsideContinuations()
    {
        var body = Body("""
            FROM x
              # indented comment
            RUN echo a \
            # a comment inside
                b \

                c
            #last
            """);

        var run = Assert.IsType<RunInstruction>(Assert.Single(body));
        Assert.Equal("echo a     b     c", run.Command.Text);
        Assert.Equal(3, run.Location.Line);
    }

    [Fact]
    public void Parse_WhitespaceAfterEscape_StillContinues()
    {
        var run = Assert.IsType<RunInstruction>(Assert.Single(Body("FROM x\nRUN echo a \\  \t\n  b\n")));

        Assert.Equal("echo a   b", run.Command.Text);
    }

    [Fact]
    public void Parse_EscapeAtEndOfFile_EndsTheInstruction() =>
        Assert.Equal("echo a ", Assert.IsType<RunInstruction>(Assert.Single(Body("FROM x\nRUN echo a \\"))).Original[4..]);

    [Fact]
    public void Parse_CrLfAndByteOrderMark_ReadLikeLf()
    {
        var doc = Parse("\uFEFFFROM x\r\nENV A=1 \\\r\n  B=2\r\nRUN <<EOF\r\nline\r\nEOF\r\n");

        var env = Assert.IsType<EnvInstruction>(doc.Stages[0].Instructions[0]);
        Assert.Equal([new KeyValueWord("A", "1"), new KeyValueWord("B", "2")], env.Variables);
        Assert.Equal("line\n", Assert.IsType<RunInstruction>(doc.Stages[0].Instructions[1]).Heredocs[0].Content);
        Assert.Equal("x", doc.Stages[0].From.Image);
    }

    [Fact]
    public void Parse_TrailingWhitespace_StaysInOriginalButNotInArguments()
    {
        var user = Assert.IsType<UserInstruction>(Assert.Single(Body("FROM x\nUSER app   \n")));

        Assert.Equal("USER app   ", user.Original);
        Assert.Equal("app", user.User);
    }

    [Fact]
    public void Parse_RunPythonHeredoc_KeepsTheCommandAndTheBody()
    {
        var run = Assert.IsType<RunInstruction>(Assert.Single(Body("FROM x\nRUN python3 <<EOF\nprint(\"hi\")\n# not a comment here\n\nEOF\n")));

        Assert.Equal("python3 <<EOF", run.Command.Text);
        Assert.Equal([new Heredoc("EOF", "print(\"hi\")\n# not a comment here\n\n", true, false)], run.Heredocs);
    }

    [Fact]
    public void Parse_SeveralHeredocsOnOneLine_AreReadInOrder()
    {
        var body = Body("FROM x\nRUN <<FILE1 cat > /a && 3<<'FILE2' cat > /b\nfirst $A\nFILE1\nsecond $B\nFILE2\nRUN echo next\n");

        var run = Assert.IsType<RunInstruction>(body[0]);
        Assert.Equal([new Heredoc("FILE1", "first $A\n", true, false), new Heredoc("FILE2", "second $B\n", false, false)], run.Heredocs);
        Assert.Equal(7, body[1].Location.Line);
    }

    [Theory]
    [InlineData("<<\"EOF\"", false)]
    [InlineData("<<'EOF'", false)]
    [InlineData("<<E\"O\"F", false)]
    [InlineData("<<EOF", true)]
    [InlineData("<<-\"EOF\"", false)]
    public void Parse_QuotedDelimiter_TurnsExpansionOff(string word, bool expand)
    {
        var copy = Assert.IsType<CopyInstruction>(Assert.Single(Body($"FROM x\nCOPY {word} /f\n$HOME\nEOF\n")));

        var heredoc = Assert.Single(copy.Heredocs);
        Assert.Equal("EOF", heredoc.Name);
        Assert.Equal(expand, heredoc.Expand);
        Assert.Same(heredoc, copy.HeredocFor(word));
    }

    [Fact]
    public void Parse_ChompedHeredoc_RemovesLeadingTabsAndMatchesATabbedDelimiter()
    {
        var run = Assert.IsType<RunInstruction>(Assert.Single(Body("FROM x\nRUN <<-EOF\n\t\techo a\n\t  echo b\n\tEOF\n")));

        Assert.Equal(new Heredoc("EOF", "echo a\n  echo b\n", true, true), Assert.Single(run.Heredocs));
    }

    [Fact]
    public void Parse_HeredocInsideQuotesOrJson_IsNotAHeredoc()
    {
        var body = Body("FROM x\nRUN echo \"<<EOF\"\nRUN [\"cat\", \"<<EOF\"]\nCOPY a<<b /c\n");

        Assert.All(body, i => Assert.Empty(i switch { RunInstruction r => r.Heredocs, CopyInstruction c => c.Heredocs, _ => [] }));
        Assert.Equal(3, body.Count);
    }

    [Fact]
    public void Parse_HeredocOnOtherInstructions_IsPlainText()
    {
        var body = Body("FROM x\nENV A=<<EOF\nLABEL b=c\n");

        Assert.Equal([new KeyValueWord("A", "<<EOF")], Assert.IsType<EnvInstruction>(body[0]).Variables);
        Assert.IsType<LabelInstruction>(body[1]);
    }

    [Fact]
    public void Parse_CopyHeredocWithoutDestination_Fails() =>
        Assert.StartsWith(
            "Containerfile:2: COPY requires at least two arguments",
            Assert.Throws<BerthException>(() => Parse("FROM x\nCOPY <<EOF\nhi\nEOF\n")).Message,
            StringComparison.Ordinal);
}
