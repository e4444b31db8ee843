namespace Berth.Templates.Tests;

/// <summary>Lexing and parsing: what parses, and Go's parse error texts (verified with Go 1.19's text/template).</summary>
public sealed class ParserTests
{
    [Theory]
    [InlineData("{{.Name", "template: x:1: unclosed action")]
    [InlineData("{{.Name\n", "template: x:2: unclosed action started at x:1")]
    [InlineData("{{foo .Name}}", "template: x:1: function \"foo\" not defined")]
    [InlineData("{{end}}", "template: x:1: unexpected {{end}}")]
    [InlineData("{{if .A}}x", "template: x:1: unexpected EOF")]
    [InlineData("{{.Name{{end}}", "template: x:1: bad character U+007B '{'")]
    [InlineData("{{)}}", "template: x:1: unexpected \")\" in command")]
    [InlineData("{{(.Name}}", "template: x:1: unclosed left paren")]
    [InlineData("{{3k}}", "template: x:1: bad number syntax: \"3k\"")]
    [InlineData("{{\"abc}}", "template: x:1: unterminated quoted string")]
    [InlineData("{{}}", "template: x:1: missing value for command")]
    [InlineData("{{break}}", "template: x:1: {{break}} outside {{range}}")]
    [InlineData("{{/* x }}", "template: x:1: unclosed comment")]
    [InlineData("{{ /* x */ }}", "template: x:1: unexpected \"/\" in command")]
    [InlineData("{{$y}}", "template: x:1: undefined variable \"$y\"")]
    [InlineData("{{.A | \"x\"}}", "template: x:1: non executable command in pipeline stage 2")]
    [InlineData("{{\"\\q\"}}", "template: x:1: invalid syntax")]
    [InlineData("{{'ab'}}", "template: x:1: malformed character constant: 'ab'")]
    [InlineData("{{9223372036854775808}}", "")]
    [InlineData("line1\nline2 {{.Name\n}} {{end}}", "template: x:3: unexpected {{end}}")]
    [InlineData("{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", "template: x:1: template: multiple definition of template \"a\"")]
    public void Parse_Template_ReportsGoError(string template, string expected)
    {
        string actual = string.Empty;
        try
        {
            GoTemplate.Parse("x", template, ReportFunctions.Default);
        }
        catch (TemplateException ex)
        {
            actual = ex.Message;
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Parse_TrimMarkers_RemoveAdjacentSpace()
    {
        Assert.Equal("[linux]", T.Run("[ {{- .Os -}} ]", T.Image()));
        Assert.Equal("alinux  b", T.Run("a  {{- .Os}}  b", T.Image()));
    }

    [Fact]
    public void Parse_Comment_ProducesNothing()
    {
        Assert.Equal("ab", T.Run("a {{- /* note */ -}} b", null));
    }

    [Fact]
    public void Parse_ExtraFunction_IsDefined()
    {
        var functions = new Dictionary<string, TemplateFunction> { ["shout"] = TemplateFunction.FromStringFunc(s => s + "!") };
        Assert.Equal("linux!", T.Run("{{shout .Os}}", T.Image(), functions));
    }

    [Fact]
    public void Parse_TrailingBar_IsAccepted()
    {
        Assert.Equal("linux", T.Run("{{.Os | }}", T.Image()));
    }

    [Fact]
    public void Parse_NumberLiterals_UseGoSyntax()
    {
        Assert.Equal("42 -3 1.5 1000 31 15 5 1000 (0+1i) 97", T.Run("{{42}} {{-3}} {{1.5}} {{1e3}} {{0x1F}} {{0o17}} {{0b101}} {{1_000}} {{1i}} {{'a'}}", null));
    }

    [Fact]
    public void Parse_OnceExecuteMany_IsReusable()
    {
        var template = GoTemplate.Parse("x", "{{.}};");
        Assert.Equal("1;", template.Execute(1));
        Assert.Equal("two;", template.Execute("two"));
    }
}
