using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests.Pods;

/// <summary>The pod commands' help against podman 4.3.1's, byte for byte (<c>Golden/pods/record.sh</c>).</summary>
public sealed class PodGoldenTests
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    private static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "pods");

    public static TheoryData<string> HelpFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GoldenDirectory, "podman-*-help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Equal(16, HelpFiles().Count);

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var command = Root;
        foreach (var w in file["podman-".Length..^"-help.txt".Length].Split('-'))
        {
            command = command.FindSubcommand(w) ?? throw new InvalidOperationException($"no command {w}");
        }

        Assert.Equal(File.ReadAllText(Path.Combine(GoldenDirectory, file)), HelpWriter.Render(command));
    }

    [Theory]
    [InlineData("pod ls")]
    [InlineData("pod list")]
    [InlineData("pod ps")]
    public void Tree_HasPodmansNamesAndAliases(string path)
    {
        var command = Root;
        foreach (var w in path.Split(' '))
        {
            command = command.FindSubcommand(w)!;
        }

        Assert.NotNull(command.Action);
    }
}
