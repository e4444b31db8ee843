using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

public sealed class IgnorePatternsTests
{
    [Theory]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README.md", false)]
    [InlineData("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false)]
    [InlineData("build", "build/sub/deep.o", true)]
    [InlineData("build\n!build/keep.txt", "build/keep.txt", false)]
    [InlineData("**/*.o", "deep.o", true)]
    [InlineData("**/*.o", "a/b/c/deep.o", true)]
    [InlineData("node_modules/**", "node_modules", false)]
    [InlineData("node_modules/**", "node_modules/x/y", true)]
    [InlineData("docs/../build", "build/x", true)]
    [InlineData("  *.go  ", "main.go", true)]
    [InlineData("/foo", "foo", false)]
    [InlineData("!/x\nx\n!/x", "x", false)]
    [InlineData("a+b", "aab", true)]
    [InlineData("a+b", "a+b", false)]
    [InlineData("# comment\n\n", "# comment", false)]
    [InlineData(" # not a comment", "# not a comment", true)]
    [InlineData("temp?", "temp1/x", true)]
    [InlineData("temp?", "tempab", false)]
    public void IsExcluded_Path_FollowsPodmansRules(string text, string path, bool expected) =>
        Assert.Equal(expected, IgnorePatterns.Parse(text).IsExcluded(path));

    [Fact]
    public void IsExcluded_ContextRoot_IsNeverExcluded()
    {
        var patterns = IgnorePatterns.Parse("**\n*\n.");
        Assert.False(patterns.IsExcluded(""));
        Assert.False(patterns.IsExcluded("."));
        Assert.True(patterns.IsExcluded("anything"));
    }

    [Theory]
    [InlineData("logs\n!logs/keep", "logs", true)]
    [InlineData("logs\n!logs/keep", "logs/keep", true)]
    [InlineData("logs\n!logs/keep", "other", false)]
    [InlineData("*\n!docs/**/*.md", "docs", true)]
    [InlineData("*\n!docs/**/*.md", "docs/guide", false)]
    [InlineData("build", "build", false)]
    public void MustWalkExcludedDirectory_Directory_AnswersAsPodman(string text, string directory, bool expected) =>
        Assert.Equal(expected, IgnorePatterns.Parse(text).MustWalkExcludedDirectory(directory));

    [Theory]
    [InlineData("dir\n!dir/keep", "dir", true)]
    [InlineData("dir\n!dir", "dir", false)]
    [InlineData("dir", "dir", false)]
    public void IncludeExcludedDirectoryAnyway_Directory_AnswersAsPodman(string text, string directory, bool expected) =>
        Assert.Equal(expected, IgnorePatterns.Parse(text).IncludeExcludedDirectoryAnyway(directory));

    [Theory]
    [InlineData("!", "illegal exclusion pattern: \"!\"")]
    [InlineData("a[", "syntax error in pattern")]
    public void Parse_BadPattern_ThrowsInvalidArgumentNamingTheFile(string text, string reason)
    {
        var error = Assert.Throws<BerthException>(() => IgnorePatterns.Parse(text, "/ctx/.containerignore"));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("/ctx/.containerignore: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlyComments_HasNoPatterns()
    {
        var patterns = IgnorePatterns.Parse("# a\n\n#b\n   \n");
        Assert.True(patterns.IsEmpty);
        Assert.False(patterns.HasExceptions);
    }
}
