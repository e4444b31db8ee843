using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

public sealed class GoFilePathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("../a/../../b", "../../b")]
    [InlineData("/../a/..", "/")]
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("./", ".")]
    public void Clean_Path_GivesGosResult(string path, string expected) => Assert.Equal(expected, GoFilePath.Clean(path));

    [Theory]
    [InlineData("*.c", "a.c", true)]
    [InlineData("*.c", "dir/a.c", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[^a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("*", ".hidden", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*", "a/b", false)]
    public void Match_Pattern_GivesGosAnswer(string pattern, string name, bool expected) =>
        Assert.Equal(expected, GoFilePath.Match(pattern, name));

    [Theory]
    [InlineData("[")]
    [InlineData("a[]")]
    [InlineData("x\\")]
    [InlineData("[a-")]
    public void Match_MalformedPattern_ThrowsSyntaxError(string pattern)
    {
        var error = Assert.Throws<FormatException>(() => GoFilePath.Match(pattern, "zzz"));
        Assert.Equal("syntax error in pattern", error.Message);
    }

    [Fact]
    public void Quote_Slice_GivesGosFormatting() =>
        Assert.Equal("[\"/*.a\" \"/b\\\"c\"]", GoFilePath.Quote(["/*.a", "/b\"c"]));
}
