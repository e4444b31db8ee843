namespace Berth.Cli.Tests.Build;

/// <summary>The build command's help against podman 4.3.1's, byte for byte (<c>Golden/build/record.sh</c>).</summary>
public sealed class BuildGoldenTests
{
    public static TheoryData<string> HelpFiles() => HelpGoldens.Files("build");

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Single(HelpFiles());

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var (expected, actual) = HelpGoldens.Compare("build", file);
        Assert.Equal(expected, actual);
    }
}
