using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests.Pods;

/// <summary>The pod commands' help against podman 4.3.1's, byte for byte (<c>Golden/pods/record.sh</c>).</summary>
public sealed class PodGoldenTests
{
    public static TheoryData<string> HelpFiles() => HelpGoldens.Files("pods");

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Equal(16, HelpFiles().Count);

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var (expected, actual) = HelpGoldens.Compare("pods", file);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("pod ls")]
    [InlineData("pod list")]
    [InlineData("pod ps")]
    public void Tree_HasPodmansNamesAndAliases(string path) => Assert.NotNull(HelpGoldens.Command(path).Action);
}
