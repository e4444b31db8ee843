using Berth.Oci;

namespace Berth.Oci.Tests;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", null, "busybox", null, true)]
    [InlineData("busybox:1.36", null, "busybox", "1.36", true)]
    [InlineData("docker.io/busybox", "docker.io", "library/busybox", null, false)]
    [InlineData("index.docker.io/foo/bar:x", "docker.io", "foo/bar", "x", false)]
    [InlineData("localhost/a:b", "localhost", "a", "b", false)]
    [InlineData("localhost:5000/ns/img:v1.0-rc_1", "localhost:5000", "ns/img", "v1.0-rc_1", false)]
    [InlineData("quay.io/some-one/a__b.c-d:TAG", "quay.io", "some-one/a__b.c-d", "TAG", false)]
    [InlineData("library/busybox", null, "library/busybox", null, true)]
    [InlineData("[::1]:5000/x", "[::1]:5000", "x", null, false)]
    public void Parse_ValidReferences_SplitsDomainPathTag(string text, string? domain, string path, string? tag, bool shortName)
    {
        var r = ImageReference.Parse(text);
        Assert.Equal(domain, r.Domain);
        Assert.Equal(path, r.Path);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(shortName, r.IsShortName);
    }

    [Fact]
    public void Parse_NameTagAndDigest_KeepsBoth()
    {
        var d = "sha256:" + new string('a', 64);
        var r = ImageReference.Parse($"quay.io/x/y:1@{d}");
        Assert.Equal("1", r.Tag);
        Assert.Equal(d, r.Digest.ToString());
        Assert.Equal($"quay.io/x/y:1@{d}", r.ToString());
    }

    [Theory]
    [InlineData("Busybox", "repository name must be lowercase")]
    [InlineData("quay.io/Foo/bar", "repository name must be lowercase")]
    [InlineData("busybox:", "invalid reference format")]
    [InlineData("a b", "invalid reference format")]
    [InlineData("busybox@sha256:abc", "invalid reference format")]
    [InlineData("", "invalid reference format")]
    [InlineData("-foo", "invalid reference format")]
    public void Parse_Malformed_GivesPodmansReason(string text, string reason)
    {
        var e = Assert.Throws<BerthException>(() => ImageReference.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void OnRegistry_ShortNameOnDockerHub_GetsLibrary() =>
        Assert.Equal("docker.io/library/busybox:latest", ImageReference.Parse("busybox").OnRegistry("docker.io").WithDefaultTag().ToString());
}
