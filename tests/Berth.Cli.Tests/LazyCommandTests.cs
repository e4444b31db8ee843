using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests;

public sealed class LazyCommandTests
{
    [Theory]
    [InlineData("berth")]
    [InlineData("podman")]
    [InlineData("buildah")]
    [InlineData("skopeo")]
    public void RootFor_EveryLazyCommand_IsMadeWithTheNamesItWasRegisteredUnder(string tool)
    {
        var paths = new List<string>();

        Walk(Personality.RootFor(tool), paths);

        Assert.True(paths.Count > 5, string.Join(", ", paths));
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void FindSubcommand_LazyChild_IsMadeOnlyWhenReached()
    {
        var made = new List<string>();
        var root = new CommandSpec("tool", "t")
            .AddLazy("one", () => Made(made, new CommandSpec("one", "1") { Aliases = ["1"] }), "1")
            .AddLazy("two", () => Made(made, new CommandSpec("two", "2")));

        var found = root.FindSubcommand("1");

        Assert.Equal(["one"], made);
        Assert.Same(found, root.FindSubcommand("one"));
        Assert.Same(root, found!.Parent);
        Assert.Equal("tool one", found.Path);
        Assert.True(root.HasSubcommands);
        Assert.Equal(["one", "two"], root.Subcommands.Select(c => c.Name));
        Assert.Equal(["one", "two"], made);
    }

    [Fact]
    public void FindSubcommand_LazyChildWithOtherName_Throws()
    {
        var root = new CommandSpec("tool", "t").AddLazy("one", () => new CommandSpec("uno", "1"));

        var e = Assert.Throws<InvalidOperationException>(() => root.FindSubcommand("one"));

        Assert.Contains("\"uno\"", e.Message, StringComparison.Ordinal);
    }

    private static CommandSpec Made(List<string> made, CommandSpec command)
    {
        made.Add(command.Name);
        return command;
    }

    private static void Walk(CommandSpec command, List<string> paths)
    {
        paths.Add(command.Path);
        foreach (var child in command.Subcommands)
        {
            Assert.Same(command, child.Parent);
            Walk(child, paths);
        }
    }
}
