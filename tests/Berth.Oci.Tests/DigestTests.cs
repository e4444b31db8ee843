using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Oci.Tests;

public class DigestTests
{
    [Fact]
    public void Compute_KnownInput_GivesKnownSha256() =>
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Digest.Compute(Encoding.ASCII.GetBytes("hello")).ToString());

    [Theory]
    [InlineData("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256")]
    [InlineData("")]
    public void TryParse_Invalid_IsRefused(string text) => Assert.False(Digest.TryParse(text, out _));

    [Fact]
    public void Json_RoundTripsManifest()
    {
        var json = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824","size":5},"layers":[]}""";
        var m = JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageManifest)!;
        Assert.Equal(5, m.Config.Size);
        Assert.Equal(json, JsonSerializer.Serialize(m, OciJsonContext.Writer.ImageManifest));
    }

    [Fact]
    public void Json_BadDigestInManifest_Throws() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"mediaType":"x","digest":"sha256:zz","size":1}""", OciJsonContext.Default.Descriptor));
}
