using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests.Buildah;

/// <summary>buildah's working-container commands' help against buildah 1.28.2's, byte for byte (<c>Golden/buildah/record.sh</c>).</summary>
public sealed class BuildahGoldenTests
{
    private static readonly CommandSpec Root = BuildahTree.Create("buildah");

    public static TheoryData<string> HelpFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(HelpGoldens.Directory("buildah"), "buildah-*-help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand() => Assert.Equal(17, HelpFiles().Count);

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesBuildah(string file)
    {
        var expected = File.ReadAllText(Path.Combine(HelpGoldens.Directory("buildah"), file));
        var command = Root.FindSubcommand(file["buildah-".Length..^"-help.txt".Length]) ?? throw new InvalidOperationException(file);
        Assert.Equal(expected, HelpWriter.Render(command));
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("ls")]
    [InlineData("ps")]
    [InlineData("list")]
    [InlineData("delete")]
    [InlineData("unmount")]
    [InlineData("bud")]
    [InlineData("build-using-dockerfile")]
    public void Tree_HasBuildahsNamesAndAliases(string name) => Assert.NotNull(Root.FindSubcommand(name)?.Action);
}
