using Berth.Build.Execution;
using Berth.Oci;

namespace Berth.Build.Tests.Execution;

/// <summary>
/// The registry build cache's pure parts: repository names checked as podman 4.3.1 does (messages recorded from it),
/// the cache key that is the tag, and <c>--cache-ttl</c>.
/// </summary>
public sealed class RegistryCacheTests
{
    private static readonly BuildOptions Options = new() { ContextDirectory = "/ctx", ContainerfileText = "FROM scratch\n", ContainerfileName = "Containerfile" };

    private static readonly StepPlan Copy = new() { CreatedBy = "/bin/sh -c #(nop) COPY file:" + new string('1', 64) + " in /a.txt " };

    [Fact]
    public void Parse_RegistryRepository_KeepsItAndTagsByKey()
    {
        var cache = RegistryCache.Parse("127.0.0.1:5000/my/cache", "cache-to", "127.0.0.1:5000/my/cache");

        Assert.Equal("127.0.0.1:5000/my/cache", cache.ToString());
        Assert.Equal("127.0.0.1:5000/my/cache:" + new string('a', 64), cache.ReferenceFor(new string('a', 64)));
    }

    [Fact]
    public void Parse_ShortName_IsOnDockerHub()
    {
        Assert.Equal("docker.io/library/cache", RegistryCache.Parse("cache", "cache-from", "").ToString());
        Assert.Equal("docker.io/me/cache", RegistryCache.Parse("me/cache", "cache-from", "").ToString());
    }

    [Theory]
    [InlineData("r.io/c:v1", "cache-to", "r.io/c:v1", "unable to parse value provided `r.io/c:v1` to --cache-to: repository must contain neither a tag nor digest: r.io/c:v1")]
    [InlineData("r.io/c:v1", "cache-from", "", "unable to parse value provided `` to --cache-from: repository must contain neither a tag nor digest: r.io/c:v1")]
    [InlineData("c:v1", "cache-from", "x/y", "unable to parse value provided `x/y` to --cache-from: repository must contain neither a tag nor digest: docker.io/library/c:v1")]
    [InlineData("r.io/Cache", "cache-to", "r.io/Cache", "unable to parse value provided `r.io/Cache` to --cache-to: invalid repo \"r.io/Cache\": must contain registry and repository: invalid reference format: repository name must be lowercase")]
    public void Parse_BadRepository_PodmansMessage(string value, string flag, string cacheTo, string message)
    {
        var e = Assert.Throws<BerthException>(() => RegistryCache.Parse(value, flag, cacheTo));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_Digest_Refused()
    {
        var digest = "sha256:" + new string('0', 64);

        var e = Assert.Throws<BerthException>(() => RegistryCache.Parse("r.io/c@" + digest, "cache-from", ""));

        Assert.EndsWith("repository must contain neither a tag nor digest: r.io/c@" + digest, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoQuoted_IsPodmansRenderingOfTheTaggedReference()
    {
        var cache = RegistryCache.Parse("127.0.0.1:1/cache", "cache-to", "127.0.0.1:1/cache");

        Assert.Equal("{{{\"127.0.0.1:1\" \"cache\"} \"k\"}}", cache.GoQuoted("k"));
    }

    [Fact]
    public void IsFresh_FollowsTheTtl()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.True(RegistryCache.IsFresh(now.AddYears(-3), null, now));
        Assert.True(RegistryCache.IsFresh(now.AddYears(-3), TimeSpan.Zero, now)); // podman 4.3.1: 0 = no limit
        Assert.True(RegistryCache.IsFresh(now.AddMinutes(-59), TimeSpan.FromHours(1), now));
        Assert.False(RegistryCache.IsFresh(now.AddMinutes(-61), TimeSpan.FromHours(1), now));
        Assert.False(RegistryCache.IsFresh(null, TimeSpan.FromHours(1), now));
        Assert.False(RegistryCache.IsFresh(now, TimeSpan.FromSeconds(-1), now));
    }

    [Fact]
    public void ComputeCacheKey_SameInputs_SameKeyThatIsAValidTag()
    {
        var key = StageBuilder.ComputeCacheKey("p1", Copy, Options, finalStep: false);

        Assert.Equal(key, StageBuilder.ComputeCacheKey("p1", Copy, Options with { }, finalStep: false));
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.True(ImageReference.TryParse("r.io/c:" + key, out var reference, out _));
        Assert.Equal(key, reference!.Tag);
    }

    [Fact]
    public void ComputeCacheKey_DependsOnParentInstructionContentArgsAndBuildSettings()
    {
        var key = StageBuilder.ComputeCacheKey("p1", Copy, Options, finalStep: false);
        var changedContent = Copy with { CreatedBy = "/bin/sh -c #(nop) COPY file:" + new string('2', 64) + " in /a.txt " };
        var withArgs = Copy with { KeyExtra = "|1 A=1 " };

        string[] others =
        [
            StageBuilder.ComputeCacheKey("p2", Copy, Options, finalStep: false),
            StageBuilder.ComputeCacheKey(null, Copy, Options, finalStep: false),
            StageBuilder.ComputeCacheKey("p1", changedContent, Options, finalStep: false),
            StageBuilder.ComputeCacheKey("p1", withArgs, Options, finalStep: false),
            StageBuilder.ComputeCacheKey("p1", Copy, Options with { Format = "docker" }, finalStep: false),
            StageBuilder.ComputeCacheKey("p1", Copy, Options with { Env = ["E=1"] }, finalStep: false),
        ];

        Assert.Equal(others.Length + 1, others.Append(key).Distinct().Count());
    }

    [Fact]
    public void ComputeCacheKey_Labels_CountOnlyForTheFinalStep()
    {
        var labelled = Options with { Labels = new Dictionary<string, string> { ["a"] = "b" } };

        Assert.Equal(StageBuilder.ComputeCacheKey("p", Copy, Options, false), StageBuilder.ComputeCacheKey("p", Copy, labelled, false));
        Assert.NotEqual(StageBuilder.ComputeCacheKey("p", Copy, Options, true), StageBuilder.ComputeCacheKey("p", Copy, labelled, true));
    }
}
