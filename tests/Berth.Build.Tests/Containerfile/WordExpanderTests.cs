using Berth.Build.Containerfile;

namespace Berth.Build.Tests.Containerfile;

/// <summary>Docker's word expansion (BuildKit's shell lexer) as ENV, LABEL, COPY, … use it.</summary>
public sealed class WordExpanderTests
{
    private static readonly Dictionary<string, string> Vars = new()
    {
        ["HOME"] = "/root",
        ["EMPTY"] = "",
        ["SPACED"] = "a  b",
        ["FILE"] = "archive.tar.gz",
        ["PATHS"] = "/usr/local/bin:/usr/bin:/bin",
    };

    private static string? Lookup(string name) => Vars.GetValueOrDefault(name);

    private static string Word(string word, char escape = '\\') => WordExpander.ExpandWord(word, Lookup, escape);

    private static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [Theory]
    [InlineData("$HOME", "/root")]
    [InlineData("${HOME}", "/root")]
    [InlineData("$HOME/bin", "/root/bin")]
    [InlineData("${HOME}bin", "/rootbin")]
    [InlineData("$HOMEbin", "")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET}x", "x")]
    [InlineData("a$", "a$")]
    [InlineData("$ $", "$ $")]
    [InlineData("$1x", "x")]
    [InlineData("100%", "100%")]
    public void ExpandWord_References_AreReplaced(string word, string expected) => Assert.Equal(expected, Word(word));

    [Theory]
    [InlineData("${UNSET:-dflt}", "dflt")]
    [InlineData("${EMPTY:-dflt}", "dflt")]
    [InlineData("${HOME:-dflt}", "/root")]
    [InlineData("${UNSET-dflt}", "dflt")]
    [InlineData("${EMPTY-dflt}", "")]
    [InlineData("${UNSET:+alt}", "")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${HOME:+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET:-$HOME/x}", "/root/x")]
    [InlineData("${UNSET:-\"a b\"}", "a b")]
    [InlineData("${UNSET:-${ALSO:-deep}}", "deep")]
    [InlineData("${HOME:?must be set}", "/root")]
    [InlineData("${EMPTY?must be set}", "")]
    public void ExpandWord_Modifiers_FollowTheShell(string word, string expected) => Assert.Equal(expected, Word(word));

    [Theory]
    [InlineData("${FILE#*.}", "tar.gz")]
    [InlineData("${FILE##*.}", "gz")]
    [InlineData("${FILE%.*}", "archive.tar")]
    [InlineData("${FILE%%.*}", "archive")]
    [InlineData("${FILE#nomatch}", "archive.tar.gz")]
    [InlineData("${FILE#[a-c]?}", "chive.tar.gz")]
    [InlineData("${PATHS/:/;}", "/usr/local/bin;/usr/bin:/bin")]
    [InlineData("${PATHS//:/;}", "/usr/local/bin;/usr/bin;/bin")]
    [InlineData("${PATHS//\\/usr/}", "/local/bin:/bin:/bin")]
    [InlineData("${FILE/t*r/X}", "archive.X.gz")]
    public void ExpandWord_PatternModifiers_TrimAndReplace(string word, string expected) => Assert.Equal(expected, Word(word));

    [Theory]
    [InlineData("'$HOME'", "$HOME")]
    [InlineData("'a\\b'", "a\\b")]
    [InlineData("\"$HOME\"", "/root")]
    [InlineData("\"a \\\"q\\\" \\$HOME \\\\ \\n\"", "a \"q\" $HOME \\ \\n")]
    [InlineData("\"it's\"", "it's")]
    [InlineData("a\\ b", "a b")]
    [InlineData("\\$HOME", "$HOME")]
    [InlineData("\\'x\\'", "'x'")]
    [InlineData("end\\", "end")]
    [InlineData("\"\"", "")]
    [InlineData("x\"y\"'z'", "xyz")]
    public void ExpandWord_Quotes_AreRemoved(string word, string expected) => Assert.Equal(expected, Word(word));

    [Theory]
    [InlineData("C:\\dir `$HOME", "C:\\dir $HOME")]
    [InlineData("\"a`\"b\"", "a\"b")]
    [InlineData("x`", "x")]
    public void ExpandWord_BacktickEscape_LeavesBackslashesAlone(string word, string expected) => Assert.Equal(expected, Word(word, '`'));

    [Fact]
    public void ExpandWord_KeepsWhitespaceAsOneWord() => Assert.Equal("a  b c", Word("$SPACED c"));

    [Theory]
    [InlineData("${UNSET:?}", "UNSET: is not allowed to be unset")]
    [InlineData("${EMPTY:?}", "EMPTY: is not allowed to be empty")]
    [InlineData("${UNSET?need it}", "UNSET: need it")]
    [InlineData("${EMPTY:?need a value}", "EMPTY: need a value")]
    [InlineData("${HOME", "syntax error: missing '}'")]
    [InlineData("${HOME:-x", "syntax error: missing '}'")]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("${:x}", "syntax error: bad substitution")]
    [InlineData("${HOME:x}", "unsupported modifier (:x) in substitution")]
    [InlineData("${HOME:#x}", "unsupported modifier (:#) in substitution")]
    [InlineData("${HOME/x", "syntax error: missing '/' in ${}")]
    [InlineData("'open", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("\"open", "unexpected end of statement while looking for matching double-quote")]
    public void ExpandWord_BadWord_FailsNamingTheWord(string word, string reason)
    {
        var error = Assert.Throws<BerthException>(() => Word(word));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"failed to process {GoQuote(word)}: {reason}", error.Message);
    }

    [Theory]
    [InlineData("80 443/tcp", new[] { "80", "443/tcp" })]
    [InlineData("$SPACED c", new[] { "a", "b", "c" })]
    [InlineData("\"$SPACED\" c", new[] { "a  b", "c" })]
    [InlineData("a\\ b  'c d' e\"f g\"", new[] { "a b", "c d", "ef g" })]
    [InlineData("  $UNSET  x ", new[] { "x" })]
    [InlineData("\"\" x", new[] { "x" })]
    [InlineData("${UNSET:-8080 9090}", new[] { "8080", "9090" })]
    public void ExpandWords_SplitsOnUnquotedWhitespace(string text, string[] expected) =>
        Assert.Equal(expected, WordExpander.ExpandWords(text, Lookup));

    [Fact]
    public void ExpandWord_UsedCollection_GetsEveryReferencedNameOnce()
    {
        var used = new List<string>();

        WordExpander.ExpandWord("$HOME ${UNSET:-$HOME} ${VERSION+x} '$QUOTED' \\$ESCAPED \"$IN_QUOTES\"", Lookup, used);

        Assert.Equal(["HOME", "UNSET", "VERSION", "IN_QUOTES"], used);
    }

    [Fact]
    public void ExpandWords_UsedCollection_GetsNames()
    {
        var used = new HashSet<string>();

        WordExpander.ExpandWords("$PORT/tcp ${EXTRA_PORTS}", Lookup, used);

        Assert.Equal(["EXTRA_PORTS", "PORT"], used.Order());
    }

    [Fact]
    public void LookupIn_EnvironmentEntries_LastOneWins()
    {
        var lookup = WordExpander.LookupIn(["A=1", "B=x=y", "A=2", "FLAG"]);

        Assert.Equal("2", lookup("A"));
        Assert.Equal("x=y", lookup("B"));
        Assert.Equal("", lookup("FLAG"));
        Assert.Null(lookup("C"));
        Assert.Equal("2-x=y", WordExpander.ExpandWord("$A-$B", lookup));
    }

    [Fact]
    public void ExpandWord_EnvValueFromParser_IsUnquotedLikeDocker()
    {
        // ENV B="a b" keeps the quotes in the parsed word; expansion removes them.
        var env = Assert.IsType<EnvInstruction>(Assert.Single(ContainerfileParser.Parse("FROM x\nENV B=\"a $HOME\" C=${B}\n", "C").Stages[0].Instructions));

        Assert.Equal("a /root", WordExpander.ExpandWord(env.Variables[0].Value!, Lookup));
        Assert.Equal("", WordExpander.ExpandWord(env.Variables[1].Value!, Lookup));
    }
}
