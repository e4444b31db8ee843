using Berth.Config;
using Berth.Engine.Images;

namespace Berth.Engine.Tests;

public class ShortNameResolverTests
{
    private static RegistriesConf Conf(string text)
    {
        var dir = Directory.CreateTempSubdirectory("berth-reg-").FullName;
        File.WriteAllText(Path.Combine(dir, "registries.conf"), text);
        var env = new ConfigEnvironment(new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = Path.Combine(dir, "registries.conf"), ["HOME"] = dir }, 0, dir, dir);
        return RegistriesConfLoader.Load(env);
    }

    [Fact]
    public void Resolve_FullyQualified_IsUsedWithLatest()
    {
        var c = Assert.Single(ShortNameResolver.Resolve("quay.io/a/b", Conf("")));
        Assert.Equal("quay.io/a/b:latest", c.Reference.ToString());
        Assert.Equal(CandidateOrigin.FullyQualified, c.Origin);
    }

    [Fact]
    public void Resolve_ShortNameWithSearchRegistries_TriesEachInOrder()
    {
        var cs = ShortNameResolver.Resolve("busybox:1.36", Conf("unqualified-search-registries = [\"registry.example:5000\", \"docker.io\"]\n"));
        Assert.Equal(["registry.example:5000/busybox:1.36", "docker.io/library/busybox:1.36"], cs.Select(c => c.Reference.ToString()));
    }

    [Fact]
    public void Resolve_Alias_WinsOverSearchAndKeepsTag()
    {
        var conf = Conf("unqualified-search-registries = [\"docker.io\"]\n[aliases]\n\"busybox\" = \"quay.io/mirror/busybox\"\n");
        var c = Assert.Single(ShortNameResolver.Resolve("busybox:2", conf));
        Assert.Equal("quay.io/mirror/busybox:2", c.Reference.ToString());
        Assert.Equal(CandidateOrigin.Alias, c.Origin);
    }

    [Fact]
    public void Resolve_NoSearchRegistries_GivesPodmansError()
    {
        var e = Assert.Throws<BerthException>(() => ShortNameResolver.Resolve("busybox", Conf("")));
        Assert.StartsWith("short-name \"busybox\" did not resolve to an alias and no unqualified-search registries are defined in \"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnforcingWithSeveral_IsRefusedWithoutPrompt()
    {
        var conf = Conf("short-name-mode = \"enforcing\"\nunqualified-search-registries = [\"a.example\", \"b.example\"]\n");
        var e = Assert.Throws<BerthException>(() => ShortNameResolver.Resolve("x", conf));
        Assert.Contains("short-name resolution enforced but cannot prompt without a TTY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalCandidates_ShortName_LocalhostFirst()
    {
        var names = ShortNameResolver.LocalCandidates("app", Conf("unqualified-search-registries = [\"docker.io\"]\n"));
        Assert.Equal(["localhost/app:latest", "docker.io/library/app:latest"], names.Select(n => n.ToString()));
    }
}
