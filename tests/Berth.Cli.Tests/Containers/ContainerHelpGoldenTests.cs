using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// The container commands' help, byte for byte against podman 4.3.1's <c>--help</c> recorded by
/// <c>Golden/containers/record.sh</c> (on a machine whose containers.conf sets the default ulimits below).
/// </summary>
public sealed class ContainerHelpGoldenTests
{
    /// <summary>The containers.conf in force when the goldens were recorded: only default_ulimits differs from the built-in values.</summary>
    private static readonly ContainerFlagDefaults RecordedDefaults =
        ContainerFlagDefaults.Builtin with { Ulimits = ["nofile=20000:20000", "nproc=4096:4096"] };

    private static readonly CommandSpec Root = PodmanTree.Create("podman", RecordedDefaults);

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "containers");

    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GoldenDirectory, "podman-*-help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand()
    {
        // record.sh records 35 command paths; a missing file would silently shrink the theory below.
        Assert.Equal(35, GoldenFiles().Count);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Help_MatchesPodman(string file)
    {
        var words = file["podman-".Length..^"-help.txt".Length].Split('-');
        var command = Find(words);

        Assert.Equal(File.ReadAllText(Path.Combine(GoldenDirectory, file)), HelpWriter.Render(command));
    }

    [Fact]
    public void Help_BuiltinDefaults_PrintNoUlimitDefault()
    {
        var run = PodmanTree.Create("podman").FindSubcommand("run")!;

        var help = HelpWriter.Render(run);

        Assert.Contains("      --ulimit strings                           Ulimit options\n", help, StringComparison.Ordinal);
        Assert.Contains("(default [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin,TERM=xterm])", help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ps")]
    [InlineData("container ps")]
    [InlineData("container list")]
    [InlineData("container ls")]
    [InlineData("container rm")]
    [InlineData("unmount")]
    [InlineData("umount")]
    [InlineData("container umount")]
    [InlineData("container inspect")]
    [InlineData("healthcheck run")]
    [InlineData("container prune")]
    [InlineData("container exists")]
    [InlineData("container cleanup")]
    public void Tree_HasPodmansNamesAndAliases(string path)
    {
        var command = Find(path.Split(' '));

        Assert.NotNull(command.Action);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("create")]
    [InlineData("exec")]
    [InlineData("container run")]
    [InlineData("logs")]
    [InlineData("top")]
    public void RunLikeCommands_StopFlagsAtTheFirstArgument(string path)
    {
        Assert.False(Find(path.Split(' ')).Interspersed);
    }

    [Fact]
    public void Run_ArgumentsAfterTheImage_AreTheCommandNotFlags()
    {
        var invocation = CommandLineParser.Parse(Root, ["run", "--rm", "-e", "A=1", "img", "ls", "-l", "--rm"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(["img", "ls", "-l", "--rm"], invocation.Arguments);
        Assert.True(invocation.Options.GetBool("rm"));
        Assert.Equal(["A=1"], invocation.Options.GetStrings("env"));
    }

    [Fact]
    public void Run_HiddenFlags_AreAcceptedButNotShown()
    {
        var run = Find(["run"]);
        var help = HelpWriter.Render(run);
        var invocation = CommandLineParser.Parse(Root, ["run", "--gpus", "all", "--kernel-memory", "1m", "--net", "host", "img"], TextWriter.Null, TextWriter.Null);

        Assert.DoesNotContain("--gpus", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--kernel-memory", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--net ", help, StringComparison.Ordinal);
        Assert.Equal(["host"], invocation.Options.GetStrings("net"));
    }

    [Fact]
    public void Remove_AndPs_AreDistinctInstancesWithTheSameAction()
    {
        Assert.NotSame(Find(["rm"]), Find(["container", "rm"]));
        Assert.Equal(Find(["ps"]).Action, Find(["container", "ls"]).Action);
    }

    private static CommandSpec Find(IEnumerable<string> words) =>
        words.Aggregate(Root, (command, word) => command.FindSubcommand(word) ?? throw new InvalidOperationException($"no {word} under {command.Path}"));
}
