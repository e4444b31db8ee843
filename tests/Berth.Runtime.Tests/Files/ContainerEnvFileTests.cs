using Berth.Runtime.Files;

namespace Berth.Runtime.Tests.Files;

public class ContainerEnvFileTests
{
    [Fact]
    public void Build_Privileged_PodmansKeysWithBerthEngine()
    {
        var golden = FilesGolden.Text("containerenv-privileged.txt");
        var id = golden.Split('\n')[2]["id=\"".Length..^1];
        var text = ContainerEnvFile.Build(new ContainerEnvInput
        {
            Name = "pc",
            Id = id,
            Image = "localhost/bb:1",
            ImageId = FilesGolden.Text("containerenv-privileged.imageid").Trim(),
            Privileged = true,
            EngineVersion = "4.3.1",
        });
        Assert.Equal(golden.Replace("engine=\"podman-", "engine=\"berth-", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Build_Unprivileged_Empty() =>
        Assert.Equal(FilesGolden.Text("containerenv-unprivileged.txt"),
            ContainerEnvFile.Build(new ContainerEnvInput { Name = "n", Id = "i", EngineVersion = "1" }));

    [Fact]
    public void Build_QuotesLikeGo() =>
        Assert.Contains("name=\"a\\\"b\"\n", ContainerEnvFile.Build(new ContainerEnvInput { Name = "a\"b", Id = "i", EngineVersion = "1", Privileged = true }), StringComparison.Ordinal);
}
