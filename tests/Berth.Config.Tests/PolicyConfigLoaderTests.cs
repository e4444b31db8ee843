using System.Text;

namespace Berth.Config.Tests;

public sealed class PolicyConfigLoaderTests
{
    [Fact]
    public void Load_ShippedStyleFile_ParsesAllRequirementKinds()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/policy.json", TestData.Read("policy.json"));

        var policy = PolicyConfigLoader.Load(tmp.Rootful());

        Assert.Equal(path, policy.Path);
        Assert.IsType<InsecureAcceptAnythingRequirement>(Assert.Single(policy.Default));
        var docker = policy.Transports["docker"];
        var rhel = Assert.IsType<SignedByRequirement>(Assert.Single(docker["registry.access.redhat.com"]));
        Assert.Equal(SignedByKeyType.GpgKeys, rhel.KeyType);
        Assert.Equal(2, rhel.KeyPaths!.Count);
        Assert.IsType<MatchRepoDigestOrExact>(rhel.SignedIdentity);
        var redhat = Assert.IsType<SignedByRequirement>(Assert.Single(docker["registry.redhat.io"]));
        Assert.Equal("/etc/pki/rpm-gpg/RPM-GPG-KEY-redhat-release", redhat.KeyPath);
        Assert.IsType<MatchRepository>(redhat.SignedIdentity);
        var sigstore = Assert.IsType<SigstoreSignedRequirement>(Assert.Single(docker["quay.io/example"]));
        Assert.Equal("https://oauth2.example.com", sigstore.Fulcio!.OidcIssuer);
        Assert.Equal("/etc/pki/rekor.pub", sigstore.RekorPublicKeyPath);
        Assert.Equal(new RemapIdentity("quay.io/example", "registry.example.com/example"), sigstore.SignedIdentity);
        Assert.IsType<InsecureAcceptAnythingRequirement>(Assert.Single(docker[""]));
        Assert.IsType<RejectRequirement>(Assert.Single(policy.Transports["atomic"]["docker.io"]));
    }

    [Fact]
    public void Locate_UserFileInHome_WinsOverSystemFile()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/policy.json", "{\"default\": [{\"type\": \"reject\"}]}");
        var user = tmp.WriteHome(".config/containers/policy.json", "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}");
        var env = tmp.Rootless(("XDG_CONFIG_HOME", "/somewhere/else"));

        var policy = PolicyConfigLoader.Load(env);

        Assert.Equal(user, PolicyConfigLoader.Locate(env));
        Assert.IsType<InsecureAcceptAnythingRequirement>(Assert.Single(policy.Default));
    }

    [Fact]
    public void Locate_OnlySystemFile_ReturnsSystemFile()
    {
        using var tmp = new TempConfigRoot();
        var system = tmp.WriteSystem("/etc/containers/policy.json", "{\"default\": [{\"type\": \"reject\"}]}");

        Assert.Equal(system, PolicyConfigLoader.Locate(tmp.Rootful()));
    }

    [Fact]
    public void Load_NoPolicyAnywhere_ThrowsNotFoundListingBothPaths()
    {
        using var tmp = new TempConfigRoot();

        var e = Assert.Throws<BerthException>(() => PolicyConfigLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains(Path.Combine(tmp.Home, ".config/containers/policy.json"), e.Message, StringComparison.Ordinal);
        Assert.Contains(tmp.Sys("/etc/containers/policy.json"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitMissingFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/policy.json", "{\"default\": [{\"type\": \"reject\"}]}");

        var e = Assert.Throws<BerthException>(() => PolicyConfigLoader.Load(tmp.Rootful(), "/no/policy.json"));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("/no/policy.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"default\": [\n    {\"type\": \"trustMe\"}\n  ]\n}", 3, 6, "Unknown policy requirement type \"trustMe\"")]
    [InlineData("{\n  \"default\": [{\"type\": \"reject\"}],\n  \"extra\": 1\n}", 3, 3, "Unknown key \"extra\"")]
    [InlineData("{\n  \"default\": [{\"type\": \"reject\", \"keyPath\": \"/k\"}]\n}", 2, 34, "Unknown key \"keyPath\"")]
    [InlineData("{\n  \"default\": [{\"type\": \"reject\"}],\n  \"default\": []\n}", 3, 3, "duplicate key \"default\"")]
    [InlineData("{\n  \"default\": [{\"type\": \"reject\"}\n}", 3, 1, "invalid JSON")]
    [InlineData("{\n  \"default\": []\n}", 2, 3, "must not be empty")]
    [InlineData("{\n  \"transports\": {}\n}", 1, 1, "Default policy is missing")]
    [InlineData("{\n  \"default\": {\"type\": \"reject\"}\n}", 2, 3, "wrong JSON type")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\"}]}", 1, 14, "none of them present")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/a\", \"keyData\": \"YWJj\"}]}", 1, 14, "more than one present")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"PGP\", \"keyPath\": \"/a\"}]}", 1, 35, "Unrecognized keyType value \"PGP\"")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/a\", \"signedIdentity\": {\"type\": \"exactReference\", \"dockerReference\": \"busybox\"}}]}", 1, 119, "contains neither a tag nor digest")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/a\", \"signedIdentity\": {\"type\": \"exactRepository\"}}]}", 1, 74, "Key \"dockerRepository\" missing")]
    [InlineData("{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/a\", \"signedIdentity\": {\"type\": \"remapIdentity\", \"prefix\": \"Not Valid\", \"signedPrefix\": \"quay.io\"}}]}", 1, 118, "prefix \"Not Valid\" is not valid")]
    [InlineData("{\"default\": [{\"type\": \"signedBaseLayer\"}]}", 1, 14, "baseLayerIdentity")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/a\", \"keyData\": \"YWJj\"}]}", 1, 14, "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio, and pki")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPaths\": []}]}", 1, 41, "\"keyPaths\" contains no entries")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"fulcio\": {\"caPath\": \"/ca\", \"oidcIssuer\": \"https://i\", \"subjectEmail\": \"a@b\"}}]}", 1, 14, "must be specified if fulcio is used")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"fulcio\": {\"caPath\": \"/ca\", \"subjectEmail\": \"a@b\"}, \"rekorPublicKeyPath\": \"/r\"}]}", 1, 41, "oidcIssuer not specified")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"pki\": {\"caRootsPath\": \"/ca\"}}]}", 1, 41, "subjectEmail, subjectHostname")]
    [InlineData("{\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/k\", \"keyType\": \"GPGKeys\"}]}", 1, 58, "Unknown key \"keyType\"")]
    [InlineData("{\"default\": [{\"type\": \"insecureAcceptAnything\"}], \"transports\": {\"docker\": {\"a.io\": []}}}", 1, 77, "must not be empty")]
    [InlineData("{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"a.io\": {}}}}", 1, 61, "transports.docker[\"a.io\"] has the wrong JSON type")]
    public void Parse_InvalidPolicy_ThrowsWithFileLineColumnAndReason(string json, int line, int column, string expected)
    {
        var e = Assert.Throws<BerthException>(() => PolicyConfigLoader.Parse("/etc/containers/policy.json", Encoding.UTF8.GetBytes(json)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.StartsWith($"/etc/containers/policy.json:{line}:{column}: ", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Parse_SignedByWithKeyData_DecodesBase64AndDefaultsIdentity()
    {
        var policy = PolicyConfigLoader.Parse("p.json", Encoding.UTF8.GetBytes(
            "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"example.com\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyData\": \"a2V5\", \"signedIdentity\": {\"type\": \"exactReference\", \"dockerReference\": \"example.com/a:1\"}}]}}}"));

        var req = Assert.IsType<SignedByRequirement>(Assert.Single(policy.Transports["docker"]["example.com"]));
        Assert.Equal("key"u8.ToArray(), req.KeyData);
        Assert.Equal(new ExactReference("example.com/a:1"), req.SignedIdentity);
    }

    [Fact]
    public void Parse_SigstorePki_IsAccepted()
    {
        var policy = PolicyConfigLoader.Parse("p.json", Encoding.UTF8.GetBytes(
            "{\"default\": [{\"type\": \"sigstoreSigned\", \"pki\": {\"caRootsPath\": \"/r\", \"subjectHostname\": \"h\"}, \"signedIdentity\": {\"type\": \"matchExact\"}}]}"));

        var req = Assert.IsType<SigstoreSignedRequirement>(Assert.Single(policy.Default));
        Assert.Equal("h", req.Pki!.SubjectHostname);
        Assert.IsType<MatchExact>(req.SignedIdentity);
    }
}
