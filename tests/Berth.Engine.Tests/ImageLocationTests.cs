using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Engine.Tests;

/// <summary>containers-transports(5) names: golden cases for each transport and the errors containers/image gives.</summary>
public class ImageLocationTests
{
    [Theory]
    [InlineData("docker://busybox", "docker.io/library/busybox:latest")]
    [InlineData("docker://docker.io/busybox:1.36", "docker.io/library/busybox:1.36")]
    [InlineData("docker://quay.io/a/b", "quay.io/a/b:latest")]
    [InlineData("docker://127.0.0.1:5000/bench/large:v1", "127.0.0.1:5000/bench/large:v1")]
    [InlineData("docker://localhost:5000/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "localhost:5000/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Parse_Docker_NormalizesReference(string text, string expected)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(TransportKind.Docker, location.Transport);
        Assert.Equal(expected, location.Docker!.ToString());
        Assert.Equal(text["docker://".Length..], location.Reference);
        Assert.Null(location.Path);
        Assert.Equal("docker://" + expected, location.ToString());
    }

    [Fact]
    public void Parse_OciWithTag_SplitsPathAndReference()
    {
        var location = ImageLocation.Parse("oci:/p:tag");

        Assert.Equal(TransportKind.Oci, location.Transport);
        Assert.Equal("/p", location.Path);
        Assert.Equal("tag", location.Reference);
        Assert.Null(location.Docker);
        Assert.Equal("oci:/p:tag", location.ToString());
    }

    [Theory]
    [InlineData("oci:/p")]
    [InlineData("oci:/p:")]
    public void Parse_OciWithoutReference_HasNoReference(string text)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(TransportKind.Oci, location.Transport);
        Assert.Equal("/p", location.Path);
        Assert.Null(location.Reference);
        Assert.Equal("oci:/p", location.ToString());
    }

    [Fact]
    public void Parse_OciReferenceMayLookLikeAnImageName()
    {
        // The ref name is any annotation value, not a docker reference: "image:tag" splits at the first colon only.
        var location = ImageLocation.Parse("oci:/p:quay.io/a/b:1");

        Assert.Equal("/p", location.Path);
        Assert.Equal("quay.io/a/b:1", location.Reference);
    }

    [Theory]
    [InlineData("oci-archive:/tmp/a.tar", "/tmp/a.tar", null)]
    [InlineData("oci-archive:/tmp/a.tar:v2", "/tmp/a.tar", "v2")]
    [InlineData("oci-archive:rel/a.tar:v2", "rel/a.tar", "v2")]
    public void Parse_OciArchive_SplitsPathAndReference(string text, string path, string? reference)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(TransportKind.OciArchive, location.Transport);
        Assert.Equal(path, location.Path);
        Assert.Equal(reference, location.Reference);
        Assert.Equal(text, location.ToString());
    }

    [Fact]
    public void Parse_DockerArchiveWithName_ParsesTheName()
    {
        var location = ImageLocation.Parse("docker-archive:/p:name:tag");

        Assert.Equal(TransportKind.DockerArchive, location.Transport);
        Assert.Equal("/p", location.Path);
        Assert.Equal("name:tag", location.Reference);
        Assert.Null(location.ArchiveIndex);
        Assert.Equal("name", location.Docker!.Path);
        Assert.Equal("tag", location.Docker.Tag);
        Assert.Equal("docker-archive:/p:name:tag", location.ToString());
    }

    [Fact]
    public void Parse_DockerArchiveWithIndex_ChoosesThatImage()
    {
        var location = ImageLocation.Parse("docker-archive:/p:@1");

        Assert.Equal(TransportKind.DockerArchive, location.Transport);
        Assert.Equal("/p", location.Path);
        Assert.Equal(1, location.ArchiveIndex);
        Assert.Null(location.Reference);
        Assert.Null(location.Docker);
        Assert.Equal("docker-archive:/p:@1", location.ToString());
    }

    [Fact]
    public void Parse_DockerArchivePathOnly_HasNoNameOrIndex()
    {
        var location = ImageLocation.Parse("docker-archive:/p");

        Assert.Equal("/p", location.Path);
        Assert.Null(location.Reference);
        Assert.Null(location.ArchiveIndex);
        Assert.Equal("docker-archive:/p", location.ToString());
    }

    [Fact]
    public void Parse_Dir_KeepsTheWholePath()
    {
        var location = ImageLocation.Parse("dir:/p");

        Assert.Equal(TransportKind.Dir, location.Transport);
        Assert.Equal("/p", location.Path);
        Assert.Null(location.Reference);
        Assert.Equal("dir:/p", location.ToString());
    }

    [Theory]
    [InlineData("containers-storage:name", "name")]
    [InlineData("containers-storage:quay.io/a/b:1", "quay.io/a/b:1")]
    public void Parse_ContainersStorage_KeepsNameOrId(string text, string reference)
    {
        var location = ImageLocation.Parse(text);

        Assert.Equal(TransportKind.ContainersStorage, location.Transport);
        Assert.Equal(reference, location.Reference);
        Assert.Null(location.Path);
        Assert.Equal(text, location.ToString());
    }

    [Fact]
    public void Parse_UnknownTransport_NamesIt()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("foo:bar"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal("invalid image name \"foo:bar\", unknown transport \"foo\"", e.Message);
    }

    [Fact]
    public void Parse_NoColon_AsksForTransport()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("busybox"));

        Assert.Equal("invalid image name \"busybox\", expected colon-separated transport:reference", e.Message);
    }

    [Fact]
    public void Parse_UnsupportedKnownTransport_SaysBerthLacksIt()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("docker-daemon:busybox:latest"));

        Assert.Contains("the docker-daemon transport is not supported by Berth", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker:busybox")]
    [InlineData("docker:/busybox")]
    public void Parse_DockerWithoutSlashes_Fails(string text)
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse(text));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal($"docker: image reference {text["docker:".Length..]} does not start with \"//\"", e.Message);
    }

    [Fact]
    public void Parse_DockerInvalidReference_Fails()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("docker://Busybox"));

        Assert.StartsWith("docker: invalid reference \"Busybox\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oci:", "oci")]
    [InlineData("oci::tag", "oci")]
    [InlineData("oci-archive:", "oci-archive")]
    [InlineData("docker-archive:", "docker-archive")]
    [InlineData("docker-archive::name:tag", "docker-archive")]
    [InlineData("dir:", "dir")]
    public void Parse_EmptyPath_Fails(string text, string transport)
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse(text));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal($"{transport}: a path is needed (e.g. {transport}:/tmp/image)", e.Message);
    }

    [Fact]
    public void Parse_ContainersStorageEmpty_Fails()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("containers-storage:"));

        Assert.Equal("containers-storage: an image name or ID is needed", e.Message);
    }

    [Fact]
    public void Parse_DigestInDockerArchiveReference_Fails()
    {
        var e = Assert.Throws<BerthException>(() =>
            ImageLocation.Parse("docker-archive:/p:busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("must not contain a digest", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker-archive:/p:@x")]
    [InlineData("docker-archive:/p:@-1")]
    [InlineData("docker-archive:/p:@")]
    public void Parse_DockerArchiveBadIndex_Fails(string text)
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse(text));

        Assert.StartsWith("docker-archive: invalid source index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OciReferenceWithControlCharacter_Fails()
    {
        var e = Assert.Throws<BerthException>(() => ImageLocation.Parse("oci:/p:a\u0001b"));

        Assert.StartsWith("oci: invalid image reference", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker://busybox", true)]
    [InlineData("oci:/p", true)]
    [InlineData("oci-archive:/p.tar", true)]
    [InlineData("docker-archive:/p.tar", true)]
    [InlineData("dir:/p", true)]
    [InlineData("containers-storage:busybox", true)]
    [InlineData("docker-daemon:busybox:latest", true)]
    [InlineData("busybox", false)]
    [InlineData("busybox:latest", false)]
    [InlineData("localhost:5000/busybox", false)]
    [InlineData("quay.io/a/b:1", false)]
    [InlineData(":tag", false)]
    public void HasTransport_KnowsTransportNames(string text, bool expected) =>
        Assert.Equal(expected, ImageLocation.HasTransport(text));

    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("localhost:5000/a:1", "localhost:5000/a:1")]
    [InlineData("docker://quay.io/a/b", "quay.io/a/b:latest")]
    public void ParseOrDocker_WithoutTransport_IsARegistryReference(string text, string expected)
    {
        var location = ImageLocation.ParseOrDocker(text);

        Assert.Equal(TransportKind.Docker, location.Transport);
        Assert.Equal(expected, location.Docker!.ToString());
    }

    [Fact]
    public void ParseOrDocker_WithTransport_UsesIt()
    {
        var location = ImageLocation.ParseOrDocker("oci-archive:/tmp/x.tar:v1");

        Assert.Equal(TransportKind.OciArchive, location.Transport);
        Assert.Equal("/tmp/x.tar", location.Path);
        Assert.Equal("v1", location.Reference);
    }

    [Fact]
    public void ParseOrDocker_UnsupportedTransport_FailsInsteadOfPullingFromDockerHub()
    {
        // Without this, "docker-daemon:busybox" would become docker.io/library/docker-daemon:busybox.
        var e = Assert.Throws<BerthException>(() => ImageLocation.ParseOrDocker("docker-daemon:busybox"));

        Assert.Contains("not supported by Berth", e.Message, StringComparison.Ordinal);
    }
}
