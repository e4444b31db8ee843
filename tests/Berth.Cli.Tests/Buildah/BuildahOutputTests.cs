using Berth.Cli.Commands.Buildah;

namespace Berth.Cli.Tests.Buildah;

/// <summary><c>buildah containers</c>' shapes against buildah 1.28.2's recordings (<c>Golden/buildah/output</c>).</summary>
public sealed class BuildahOutputTests
{
    private static readonly WorkingContainerRow[] Rows =
    [
        new("b1eef60efc0236b5b721ed1d40d991e3d9d44e2ece790dea6fcad04d0df074f8", true, "", "scratch", "working-container"),
        new("2496d9aef0dc99065a411a28561bd20de6cb797e6cc0255609adeee0988596b3", true, "5cd6e8f35b6eda5c63c73b5f3a9ae78790e830f7d5c06b17d0b939965a1d3a34", "docker.io/library/busybox:latest", "busybox-working-container"),
    ];

    private static string Golden(string file) => File.ReadAllText(Path.Combine(HelpGoldens.Directory("buildah"), "output", file));

    private static string Render(BuildahListOptions options)
    {
        var text = new StringWriter();
        BuildahOutput.WriteContainers(text, Rows, options);
        return text.ToString();
    }

    [Fact]
    public void WriteContainers_Table_MatchesBuildah() => Assert.Equal(Golden("containers.txt"), Render(new BuildahListOptions()));

    [Fact]
    public void WriteContainers_NoTruncate_MatchesBuildah() => Assert.Equal(Golden("containers-notruncate.txt"), Render(new BuildahListOptions { NoTruncate = true }));

    [Fact]
    public void WriteContainers_Json_MatchesBuildah() => Assert.Equal(Golden("containers.json"), Render(new BuildahListOptions { Json = true }));

    [Fact]
    public void WriteContainers_Format_RunsThePerRowTemplate() =>
        Assert.Equal(Golden("containers-format.txt"), Render(new BuildahListOptions { Format = "{{.ContainerID}} {{.Builder}} {{.ImageName}}" }));

    [Fact]
    public void WriteContainers_Quiet_PrintsFullIds() =>
        Assert.Equal(string.Concat(Rows.Select(r => r.Id + "\n")), Render(new BuildahListOptions { Quiet = true }));

    [Theory]
    [InlineData(1_989_632, "1.99 MB")]
    [InlineData(3_990_000, "3.99 MB")]
    [InlineData(512, "512 B")]
    [InlineData(2_000_000_000, "2 GB")]
    public void Size_IsBuildahsDecimalFormat(long bytes, string expected) => Assert.Equal(expected, BuildahImageActions.Size(bytes));
}
