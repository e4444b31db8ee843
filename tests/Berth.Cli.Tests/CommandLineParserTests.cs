using Berth.Cli.CommandLine;

namespace Berth.Cli.Tests;

public class CommandLineParserTests
{
    private static CommandSpec Tree()
    {
        var run = new CommandSpec("run", "Run a command in a new container")
        {
            Usage = "[options] IMAGE [COMMAND [ARG...]]",
            Interspersed = false,
            Args = ArgsRule.AtLeast(1),
            Options =
            [
                OptionSpec.Flag("detach", 'd', "Run container in background"),
                OptionSpec.Flag("interactive", 'i', "Keep STDIN open"),
                OptionSpec.Flag("tty", 't', "Allocate a pseudo-TTY"),
                OptionSpec.Array("env", 'e', "Set environment variables in container"),
                OptionSpec.Slice("cap-add", null, "Add capabilities"),
                OptionSpec.Array("publish", 'p', "Publish a container's port"),
                OptionSpec.Text("hostname", 'h', "Set container hostname"),
                OptionSpec.Integer("stop-timeout", null, "Timeout to stop", 10),
            ],
            Action = (_, _) => Task.FromResult(0),
        };
        var list = new CommandSpec("list", "List containers")
        {
            Aliases = ["ls", "ps"],
            Options = [OptionSpec.Flag("all", 'a', "Show all"), OptionSpec.Integer("last", 'n', "Print the n last")],
            Args = ArgsRule.None,
            Action = (_, _) => Task.FromResult(0),
        };
        var rm = new CommandSpec("rm", "Remove containers")
        {
            Args = ArgsRule.Any,
            Options = [OptionSpec.Flag("force", 'f', "Force")],
            Action = (_, _) => Task.FromResult(0),
        };
        return new CommandSpec("podman", "Manage pods, containers and images")
        {
            GlobalOptions = [OptionSpec.Text("root", null, "root"), OptionSpec.Text("log-level", null, "level", "warn")],
        }.Add(run, rm, new CommandSpec("container", "Manage containers").Add(list));
    }

    private static Invocation Parse(params string[] args) => CommandLineParser.Parse(Tree(), args, TextWriter.Null, TextWriter.Null);

    [Fact]
    public void Parse_BundledShortFlags_SetsEachBool()
    {
        var inv = Parse("run", "-dit", "alpine", "sh");
        Assert.True(inv.Options.GetBool("detach"));
        Assert.True(inv.Options.GetBool("interactive"));
        Assert.True(inv.Options.GetBool("tty"));
        Assert.Equal(["alpine", "sh"], inv.Arguments);
    }

    [Fact]
    public void Parse_ShorthandWithAttachedValue_TakesRestOfWord()
    {
        var inv = Parse("run", "-dp8080:80", "-e=A=1", "-eB=2", "alpine");
        Assert.Equal(["8080:80"], inv.Options.GetStrings("publish"));
        Assert.Equal(["A=1", "B=2"], inv.Options.GetStrings("env"));
    }

    [Fact]
    public void Parse_LongFlagsBothForms_RepeatedValuesAccumulate()
    {
        var inv = Parse("run", "--env=A", "--env", "B", "-e", "C", "--cap-add", "NET_ADMIN,SYS_TIME", "--cap-add=CHOWN", "img");
        Assert.Equal(["A", "B", "C"], inv.Options.GetStrings("env"));
        Assert.Equal(["NET_ADMIN", "SYS_TIME", "CHOWN"], inv.Options.GetStrings("cap-add"));
    }

    [Fact]
    public void Parse_NonInterspersedCommand_FlagsAfterImageBelongToTheContainer()
    {
        var inv = Parse("run", "-d", "alpine", "ls", "-l", "--all");
        Assert.Equal(["alpine", "ls", "-l", "--all"], inv.Arguments);
    }

    [Fact]
    public void Parse_InterspersedCommand_FlagsAfterArgumentsAreFlags()
    {
        var inv = Parse("rm", "c1", "-f", "c2");
        Assert.True(inv.Options.GetBool("force"));
        Assert.Equal(["c1", "c2"], inv.Arguments);
    }

    [Fact]
    public void Parse_DoubleDash_EndsFlags()
    {
        var inv = Parse("rm", "--", "-f", "--weird");
        Assert.False(inv.Options.GetBool("force"));
        Assert.Equal(["-f", "--weird"], inv.Arguments);
    }

    [Fact]
    public void Parse_AliasesAndGlobalFlagsAnywhere_ReachTheSameCommand()
    {
        foreach (var alias in new[] { "list", "ls", "ps" })
        {
            var inv = Parse("--root", "/tmp/r", "container", alias, "-a", "--log-level=debug");
            Assert.Equal("list", inv.Command.Name);
            Assert.Equal("podman container list", inv.Command.Path);
            Assert.Equal("/tmp/r", inv.Options.GetString("root"));
            Assert.Equal("debug", inv.Options.GetString("log-level"));
            Assert.True(inv.Options.GetBool("all"));
        }
    }

    [Fact]
    public void Parse_DefaultsApplyWhenFlagAbsent()
    {
        var inv = Parse("run", "img");
        Assert.Equal("warn", inv.Options.GetString("log-level"));
        Assert.Equal(10, inv.Options.GetInt("stop-timeout"));
        Assert.False(inv.Options.Changed("stop-timeout"));
        Assert.False(inv.Options.GetBool("detach"));
    }

    [Fact]
    public void Parse_BoolWithExplicitValue_AcceptsGoSpellings()
    {
        Assert.False(Parse("container", "ls", "--all=false").Options.GetBool("all"));
        Assert.True(Parse("container", "ls", "--all=T").Options.GetBool("all"));
        Assert.False(Parse("container", "ls", "-a=0").Options.GetBool("all"));
    }

    [Theory]
    [InlineData(new[] { "rm", "--bogus" }, "unknown flag: --bogus\nSee 'podman rm --help'")]
    [InlineData(new[] { "rm", "-x" }, "unknown shorthand flag: 'x' in -x")]
    [InlineData(new[] { "rm", "-fx" }, "unknown shorthand flag: 'x' in -fx")]
    [InlineData(new[] { "run", "--env" }, "flag needs an argument: --env\nSee 'podman run --help'")]
    [InlineData(new[] { "run", "-e" }, "flag needs an argument: 'e' in -e")]
    [InlineData(new[] { "container", "ls", "--all=x" }, "invalid argument \"x\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\nSee 'podman container list --help'")]
    [InlineData(new[] { "container", "ls", "-n", "abc" }, "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData(new[] { "run", "--stop-timeout=" }, "invalid argument \"\" for \"--stop-timeout\" flag: strconv.ParseInt: parsing \"\": invalid syntax")]
    public void Parse_BadFlag_ThrowsPodmansMessage(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Parse(args));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HelpAnywhere_IsRequestedForTheDeepestCommand()
    {
        var inv = Parse("container", "ls", "--help");
        Assert.True(inv.HelpRequested);
        Assert.Equal("list", inv.Command.Name);
        Assert.True(Parse("container", "-h").HelpRequested);
    }

    [Fact]
    public void Parse_ShortHTakenByCommand_IsTheCommandsFlag()
    {
        var inv = Parse("run", "-h", "myhost", "img");
        Assert.False(inv.HelpRequested);
        Assert.Equal("myhost", inv.Options.GetString("hostname"));
    }

    [Theory]
    [InlineData(0, 0, 0, null)]
    [InlineData(1, 1, 1, null)]
    [InlineData(1, 1, 2, "accepts 1 arg(s), received 2")]
    [InlineData(1, int.MaxValue, 0, "requires at least 1 arg(s), only received 0")]
    [InlineData(0, 2, 3, "accepts at most 2 arg(s), received 3")]
    [InlineData(1, 2, 3, "accepts between 1 and 2 arg(s), received 3")]
    public void ArgsRule_Counts_GiveCobrasMessages(int min, int max, int count, string? expected) =>
        Assert.Equal(expected, ArgsRule.Between(min, max).Check("podman x", count));

    [Fact]
    public void ArgsRuleNone_WithArguments_GivesPodmansMessage() =>
        Assert.Equal("`podman version` takes no arguments", ArgsRule.None.Check("podman version", 1));

    [Fact]
    public void SplitCsv_QuotedComma_StaysInOneValue() =>
        Assert.Equal(["a", "b,c", "d"], ParsedOptions.SplitCsv("a,\"b,c\",d"));
}
