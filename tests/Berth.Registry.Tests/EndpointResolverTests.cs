using Berth.Config;
using Berth.Oci;

namespace Berth.Registry.Tests;

public sealed class EndpointResolverTests
{
    private static RegistriesConf Conf(params RegistryEntry[] entries) => new() { Registries = entries };

    private static IReadOnlyList<string> Pull(EndpointResolver resolver, string reference) =>
        resolver.ResolvePull(ImageReference.Parse(reference)).Select(s => $"{s.Endpoint.Host} {s.Reference}{(s.Endpoint.IsMirror ? " mirror" : "")}{(s.Endpoint.Insecure ? " insecure" : "")}").ToList();

    [Fact]
    public void ResolvePull_NoEntry_UsesReferenceRegistry()
    {
        var resolver = new EndpointResolver(new RegistriesConf());

        Assert.Equal(["quay.io quay.io/podman/hello:latest"], Pull(resolver, "quay.io/podman/hello:latest"));
    }

    [Fact]
    public void ResolvePull_DockerHub_ConnectsToRegistry1()
    {
        var resolver = new EndpointResolver(new RegistriesConf());

        var source = Assert.Single(resolver.ResolvePull(ImageReference.Parse("docker.io/busybox")));

        Assert.Equal("docker.io", source.Endpoint.Name);
        Assert.Equal("registry-1.docker.io", source.Endpoint.Host);
        Assert.Equal("library/busybox", source.Repository);
        Assert.Equal("latest", source.TagOrDigest);
    }

    [Fact]
    public void ResolvePull_Mirrors_ComeFirstInFileOrderThenRemappedLocation()
    {
        var resolver = new EndpointResolver(Conf(new RegistryEntry
        {
            Prefix = "example.com/foo",
            Location = "internal.example.com/bar",
            Mirrors =
            [
                new RegistryMirror("mirror-1.local/ns", Insecure: true, PullFromMirror.All),
                new RegistryMirror("mirror-2.local", Insecure: false, PullFromMirror.All),
            ],
        }));

        Assert.Equal(
            [
                "mirror-1.local mirror-1.local/ns/app:1 mirror insecure",
                "mirror-2.local mirror-2.local/app:1 mirror",
                "internal.example.com internal.example.com/bar/app:1",
            ],
            Pull(resolver, "example.com/foo/app:1"));
    }

    [Fact]
    public void ResolvePull_MirrorByDigestOnly_SkipsMirrorsForTags()
    {
        var entry = new RegistryEntry
        {
            Prefix = "example.com",
            Location = "example.com",
            MirrorByDigestOnly = true,
            Mirrors = [new RegistryMirror("mirror.local", false, PullFromMirror.All)],
        };
        var resolver = new EndpointResolver(Conf(entry));
        var digest = "sha256:" + new string('a', 64);

        Assert.Equal(["example.com example.com/app:1"], Pull(resolver, "example.com/app:1"));
        Assert.Equal([$"mirror.local mirror.local/app@{digest} mirror", $"example.com example.com/app@{digest}"], Pull(resolver, "example.com/app@" + digest));
    }

    [Fact]
    public void ResolvePull_PullFromMirror_FiltersPerMirror()
    {
        var resolver = new EndpointResolver(Conf(new RegistryEntry
        {
            Prefix = "example.com",
            Location = "example.com",
            Mirrors =
            [
                new RegistryMirror("tags.local", false, PullFromMirror.TagOnly),
                new RegistryMirror("digests.local", false, PullFromMirror.DigestOnly),
            ],
        }));

        Assert.Equal(["tags.local tags.local/app:1 mirror", "example.com example.com/app:1"], Pull(resolver, "example.com/app:1"));
        Assert.Equal("digests.local", resolver.ResolvePull(ImageReference.Parse("example.com/app@sha256:" + new string('b', 64)))[0].Endpoint.Host);
    }

    [Fact]
    public void ResolvePush_UsesLocationNeverMirrors()
    {
        var resolver = new EndpointResolver(Conf(new RegistryEntry
        {
            Prefix = "example.com/foo",
            Location = "internal.example.com:5000/bar",
            Insecure = true,
            Mirrors = [new RegistryMirror("mirror.local", false, PullFromMirror.All)],
        }));

        var source = resolver.ResolvePush(ImageReference.Parse("example.com/foo/app:2"));

        Assert.Equal("internal.example.com:5000", source.Endpoint.Host);
        Assert.Equal("bar/app", source.Repository);
        Assert.True(source.Endpoint.Insecure);
        Assert.False(source.Endpoint.IsMirror);
    }

    [Fact]
    public void ResolvePull_Blocked_ThrowsInvalidArgument()
    {
        var resolver = new EndpointResolver(Conf(new RegistryEntry { Prefix = "evil.example.com", Location = "evil.example.com", Blocked = true }));

        var e = Assert.Throws<BerthException>(() => resolver.ResolvePull(ImageReference.Parse("evil.example.com/app")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith("registry evil.example.com is blocked in registries.conf", e.Message);
        Assert.Throws<BerthException>(() => resolver.ResolvePush(ImageReference.Parse("evil.example.com/app")));
        Assert.Throws<BerthException>(() => resolver.ResolveRegistry("evil.example.com"));
    }

    [Fact]
    public void ResolvePull_TlsVerifyFlag_OverridesRegistryInsecureButNotMirrorInsecure()
    {
        var resolver = new EndpointResolver(Conf(new RegistryEntry
        {
            Prefix = "example.com",
            Location = "example.com",
            Insecure = true,
            Mirrors = [new RegistryMirror("mirror.local", Insecure: true, PullFromMirror.All)],
        }));
        var reference = ImageReference.Parse("example.com/app");

        var byConf = resolver.ResolvePull(reference);
        var verified = resolver.ResolvePull(reference, tlsVerify: true);
        var plain = new EndpointResolver(new RegistriesConf()).ResolvePull(ImageReference.Parse("quay.io/app"), tlsVerify: false);

        Assert.All(byConf, s => Assert.True(s.Endpoint.Insecure));
        Assert.True(verified[0].Endpoint.Insecure); // the mirror's own insecure wins, as upstream
        Assert.True(verified[1].Endpoint.Insecure); // the registry's source insecure flag, as upstream
        Assert.True(Assert.Single(plain).Endpoint.Insecure);
        Assert.False(Assert.Single(new EndpointResolver(new RegistriesConf()).ResolvePull(ImageReference.Parse("quay.io/app"))).Endpoint.Insecure);
    }

    [Fact]
    public void ResolvePull_FromLoadedRegistriesConf_AppliesPrefixAndMirrors()
    {
        var dir = Directory.CreateTempSubdirectory("berth-endpoints-");
        try
        {
            var path = Path.Combine(dir.FullName, "registries.conf");
            File.WriteAllText(path, """
                [[registry]]
                prefix = "docker.io/library"
                location = "127.0.0.1:5000/hub"
                insecure = true

                [[registry.mirror]]
                location = "127.0.0.1:6000/cache"
                """);
            var conf = RegistriesConfLoader.Load(new ConfigEnvironment(new Dictionary<string, string>(), 0, dir.FullName, dir.FullName), path);

            Assert.Equal(
                ["127.0.0.1:6000 127.0.0.1:6000/cache/busybox:latest mirror", "127.0.0.1:5000 127.0.0.1:5000/hub/busybox:latest insecure"],
                Pull(new EndpointResolver(conf), "docker.io/library/busybox:latest"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ResolvePull_ShortName_Throws()
    {
        var e = Assert.Throws<BerthException>(() => new EndpointResolver(new RegistriesConf()).ResolvePull(ImageReference.Parse("busybox")));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }
}
