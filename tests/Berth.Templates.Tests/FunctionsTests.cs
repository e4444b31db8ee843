namespace Berth.Templates.Tests;

/// <summary>Go's builtins and podman's report functions (containers/common <c>report.DefaultFuncs</c>).</summary>
public sealed class FunctionsTests
{
    [Theory]
    [InlineData("{{len .Os}} {{len \"héllo\"}} {{len .RepoTags}} {{len .Labels}}", "5 6 2 2")]
    [InlineData("{{index .RepoTags 1}}|{{index .Labels \"a\"}}|{{index .Labels \"nope\"}}|{{index .Os 0}}", "demo:latest|1||108")]
    [InlineData("{{slice .Os 1 3}} {{slice .RepoTags 1}}", "in [demo:latest]")]
    [InlineData("{{and 1 0 \"x\"}}|{{or 0 \"\" .Os}}|{{not .Labels}}|{{and .Os .Size}}", "0|linux|false|1999097")]
    [InlineData("{{eq .Os \"a\" \"linux\"}} {{eq .Size 1999097}} {{ne .Os \"x\"}} {{lt .Size 2000000}} {{ge 1.5 2.5}}", "true true true true false")]
    [InlineData("{{print .Os 1 2 \"x\"}}|{{println .Os .Size}}", "linux1 2x|linux 1999097\n")]
    [InlineData("{{html \"<b>&'\\\"\"}}|{{js \"it's <b>\"}}|{{urlquery \"a b&c=é\"}}", "&lt;b&gt;&amp;&#39;&#34;|it\\'s \\u003Cb\\u003E|a+b%26c%3D%C3%A9")]
    public void Builtin_Arguments_ReturnGoResult(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Theory]
    [InlineData("{{len .Size}}", "ERR: template: x:1:2: executing \"x\" at <len .Size>: error calling len: len of type int64")]
    [InlineData("{{index .RepoTags 5}}", "ERR: template: x:1:2: executing \"x\" at <index .RepoTags 5>: error calling index: index out of range: 5")]
    [InlineData("{{eq .Size \"x\"}}", "ERR: template: x:1:2: executing \"x\" at <eq .Size \"x\">: error calling eq: incompatible types for comparison")]
    [InlineData("{{eq 1 1.0}}", "ERR: template: x:1:2: executing \"x\" at <eq 1 1.0>: error calling eq: incompatible types for comparison")]
    [InlineData("{{lt true false}}", "ERR: template: x:1:2: executing \"x\" at <lt true false>: error calling lt: invalid type for comparison")]
    [InlineData("{{call .Os}}", "ERR: template: x:1:2: executing \"x\" at <call .Os>: error calling call: non-function of type string")]
    [InlineData("{{len}}", "ERR: template: x:1:2: executing \"x\" at <len>: wrong number of args for len: want 1 got 0")]
    public void Builtin_BadArguments_ReportGoError(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Theory]
    [InlineData("{{join .RepoTags \", \"}}", "demo:1.0, demo:latest")]
    [InlineData("{{\",\" | join .RepoTags}}", "demo:1.0,demo:latest")]
    [InlineData("{{lower \"ÀBC Mixed\"}} {{upper .Os}}", "àbc mixed LINUX")]
    [InlineData("{{title \"hello wORLD foo-bar\"}}", "Hello WORLD Foo-Bar")]
    [InlineData("[{{pad .Os 2 1}}][{{pad \"\" 2 1}}]", "[  linux ][]")]
    [InlineData("{{split \"a,b,,c\" \",\"}} {{split .Os \"\"}}", "[a b  c] [l i n u x]")]
    [InlineData("{{truncate .Os 3}}|{{truncate .Os 10}}|{{truncate .Os 0}}", "lin|linux|")]
    [InlineData("{{json .Labels}} {{json .RepoTags}} {{json .Size}} {{json .HealthCheck}}", "{\"a\":\"1\",\"b\":\"two words\"} [\"demo:1.0\",\"demo:latest\"] 1999097 null")]
    [InlineData("{{json \"<b>&amp;</b>\"}}", "\"<b>&amp;</b>\"")]
    public void ReportFunction_Arguments_MatchPodman(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }

    [Theory]
    [InlineData("{{.RepoTags | join \",\"}}", "ERR: template: x:1:19: executing \"x\" at <\",\">: can't handle \",\" for arg of type []string")]
    [InlineData("{{pad .Os 10}}", "ERR: template: x:1:2: executing \"x\" at <pad>: wrong number of args for pad: want 3 got 2")]
    [InlineData("{{join .Os \",\"}}", "ERR: template: x:1:7: executing \"x\" at <.Os>: wrong type for value; expected []string; got string")]
    [InlineData("{{truncate .Os -1}}", "ERR: template: x:1:2: executing \"x\" at <truncate .Os -1>: error calling truncate: runtime error: slice bounds out of range [:-1]")]
    [InlineData("{{upper .Labels.nope}}", "ERR: template: x:1:15: executing \"x\" at <.Labels.nope>: invalid value; expected string")]
    public void ReportFunction_BadArguments_ReportGoError(string template, string expected)
    {
        Assert.Equal(expected, T.Run(template, T.Image()));
    }
}
