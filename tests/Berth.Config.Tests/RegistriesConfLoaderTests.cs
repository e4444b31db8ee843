namespace Berth.Config.Tests;

public sealed class RegistriesConfLoaderTests
{
    [Fact]
    public void Load_NoFiles_ReturnsEmptyConfigWithUpstreamDefaults()
    {
        using var tmp = new TempConfigRoot();

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Empty(conf.Registries);
        Assert.Empty(conf.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Permissive, conf.ShortNameMode);
        Assert.Equal(["containers-auth.json"], conf.CredentialHelpers);
        Assert.Empty(conf.LoadedFiles);
    }

    [Fact]
    public void Load_ShippedStyleFile_ParsesRegistriesMirrorsAndSearch()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/registries.conf", TestData.Read("registries.conf"));

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal([path], conf.LoadedFiles);
        Assert.Equal(["registry.fedoraproject.org", "registry.access.redhat.com", "docker.io", "quay.io"], conf.UnqualifiedSearchRegistries);
        Assert.Equal(path, conf.UnqualifiedSearchRegistriesOrigin);
        Assert.Equal(ShortNameMode.Enforcing, conf.ShortNameMode);
        Assert.Equal(["*.corp.example.org", "example.com/foo", "registry.example.com"], conf.Registries.Select(r => r.Prefix));

        var plain = conf.Registries[2];
        Assert.Equal("registry.example.com", plain.Location);
        Assert.True(plain.Insecure);

        var foo = conf.Registries[1];
        Assert.Equal("internal.example.com/bar", foo.Location);
        Assert.Equal(2, foo.Mirrors.Count);
        Assert.Equal(new RegistryMirror("mirror-1.example.local/mirror-for-foo", true, PullFromMirror.DigestOnly), foo.Mirrors[1]);

        var wildcard = conf.Registries[0];
        Assert.True(wildcard.Blocked);
        Assert.Equal("", wildcard.Location);
    }

    [Fact]
    public void FindRegistry_LongestPrefixWins()
    {
        var conf = new RegistriesConf
        {
            Registries =
            [
                new RegistryEntry { Prefix = "example.com", Location = "example.com" },
                new RegistryEntry { Prefix = "example.com/foo", Location = "mirror.local/foo" },
                new RegistryEntry { Prefix = "example.com/foo/bar", Location = "mirror.local/bar" },
            ],
        };

        Assert.Equal("example.com/foo/bar", conf.FindRegistry("example.com/foo/bar/baz:1")!.Prefix);
        Assert.Equal("example.com/foo", conf.FindRegistry("example.com/foo/qux@sha256:0123")!.Prefix);
        Assert.Equal("example.com/foo", conf.FindRegistry("example.com/foo")!.Prefix);
        Assert.Equal("example.com", conf.FindRegistry("example.com/foobar")!.Prefix);
        Assert.Equal("example.com", conf.FindRegistry("example.com:5000/x")!.Prefix);
        Assert.Null(conf.FindRegistry("example.community/x"));
        Assert.Null(conf.FindRegistry("other.com/example.com/foo"));
    }

    [Fact]
    public void FindRegistry_WildcardPrefix_MatchesSubdomainsOnly()
    {
        var conf = new RegistriesConf
        {
            Registries =
            [
                new RegistryEntry { Prefix = "*.example.com", Location = "", Blocked = true },
                new RegistryEntry { Prefix = "*.foo.example.com", Location = "" },
                new RegistryEntry { Prefix = "bar.example.com/ns", Location = "bar.mirror/ns" },
            ],
        };

        Assert.Equal("*.example.com", conf.FindRegistry("a.example.com/img:1")!.Prefix);
        Assert.Equal("*.example.com", conf.FindRegistry("a.b.example.com")!.Prefix);
        Assert.Equal("*.foo.example.com", conf.FindRegistry("x.foo.example.com/img")!.Prefix);
        Assert.Equal("bar.example.com/ns", conf.FindRegistry("bar.example.com/ns/img")!.Prefix);
        Assert.Equal("*.example.com", conf.FindRegistry("bar.example.com/other")!.Prefix);
        Assert.Equal("*.example.com", conf.FindRegistry("a.example.com:5000/img")!.Prefix);
        Assert.Null(conf.FindRegistry("example.com/img"));
        Assert.Null(conf.FindRegistry("other.com/a.example.com/img"));
        Assert.Null(conf.FindRegistry("a.example.community/img"));
    }

    [Theory]
    [InlineData("example.com", "example.com", 11)]
    [InlineData("example.com/foo", "example.com", 11)]
    [InlineData("example.com:5000", "example.com", 11)]
    [InlineData("example.com@sha256:abc", "example.com", 11)]
    [InlineData("example.comx", "example.com", -1)]
    [InlineData("example.co", "example.com", -1)]
    [InlineData("a.example.com/x", "*.example.com", 13)]
    [InlineData("example.com/x", "*.example.com", -1)]
    [InlineData("a.example.comx/y", "*.example.com", -1)]
    public void RegistryPrefixMatch_Cases_ReturnMatchedLength(string reference, string prefix, int expected)
    {
        Assert.Equal(expected, RegistryPrefix.Match(reference, prefix));
    }

    [Fact]
    public void PullSources_MirrorsFirstAndFilteredByDigest()
    {
        var entry = new RegistryEntry
        {
            Prefix = "example.com/foo",
            Location = "internal.example.com/bar",
            Mirrors =
            [
                new RegistryMirror("m0.local/foo", false, PullFromMirror.All),
                new RegistryMirror("m1.local/foo", true, PullFromMirror.DigestOnly),
                new RegistryMirror("m2.local/foo", false, PullFromMirror.TagOnly),
            ],
        };

        var byTag = entry.PullSources("example.com/foo/img:1", isDigested: false);
        var byDigest = entry.PullSources("example.com/foo/img@sha256:aa", isDigested: true);

        Assert.Equal(["m0.local/foo/img:1", "m2.local/foo/img:1", "internal.example.com/bar/img:1"], byTag.Select(s => s.Reference));
        Assert.Equal(["m0.local/foo/img@sha256:aa", "m1.local/foo/img@sha256:aa", "internal.example.com/bar/img@sha256:aa"], byDigest.Select(s => s.Reference));
        Assert.False(byTag[^1].IsMirror);
        Assert.True(byDigest[1].Insecure);
        var digestOnly = (entry with { MirrorByDigestOnly = true, Mirrors = [new RegistryMirror("m0.local/foo", false, PullFromMirror.All)] });
        Assert.Single(digestOnly.PullSources("example.com/foo/img:1", isDigested: false));
    }

    [Fact]
    public void Load_V1Format_IsConvertedToV2()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", """
            [registries.search]
            registries = ['docker.io', 'quay.io']

            [registries.insecure]
            registries = ['insecure.local:5000', 'both.local']

            [registries.block]
            registries = ['both.local', 'evil.example.com/']
            """);

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal(["docker.io", "quay.io"], conf.UnqualifiedSearchRegistries);
        Assert.Equal(["both.local", "evil.example.com", "insecure.local:5000"], conf.Registries.Select(r => r.Prefix));
        Assert.True(conf.Registries[0].Insecure && conf.Registries[0].Blocked);
        Assert.True(conf.Registries[1].Blocked && !conf.Registries[1].Insecure);
        Assert.True(conf.Registries[2].Insecure && !conf.Registries[2].Blocked);
    }

    [Fact]
    public void Load_MixedV1AndV2_ThrowsWithFileAndLine()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = [\"docker.io\"]\n\n[registries.search]\nregistries = [\"quay.io\"]\n");

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("mixing sysregistry v1/v2 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyV1ListWithV2Keys_IsStillMixing()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "short-name-mode = \"disabled\"\n[registries.insecure]\nregistries = []\n");

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful()));

        Assert.Contains("mixing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_V1TablesWithoutRegistriesKey_AreNotV1()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = [\"docker.io\"]\n[registries.search]\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal(["docker.io"], conf.UnqualifiedSearchRegistries);
    }

    [Fact]
    public void Load_V1DropIn_IsRejected()
    {
        using var tmp = new TempConfigRoot();
        var dropIn = tmp.WriteSystem("/etc/containers/registries.conf.d/10-old.conf", "[registries.search]\nregistries = [\"quay.io\"]\n");

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful()));

        Assert.StartsWith($"{dropIn}:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("must be in v2 format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DropIns_MergeInOrderSystemThenUser()
    {
        using var tmp = new TempConfigRoot();
        var main = tmp.WriteSystem("/etc/containers/registries.conf", """
            unqualified-search-registries = ["docker.io"]
            credential-helpers = ["secretservice"]
            [[registry]]
            prefix = "example.com"
            location = "example.com"
            [aliases]
            "myimage" = "example.com/team/myimage"
            "other" = "example.com/team/other"
            """);
        var shortnames = tmp.WriteSystem("/etc/containers/registries.conf.d/000-shortnames.conf", TestData.Read("000-shortnames.conf"));
        var d2 = tmp.WriteSystem("/etc/containers/registries.conf.d/50-mirror.conf", """
            [[registry]]
            prefix = "example.com"
            location = "mirror.example.net"
            [aliases]
            "other" = ""
            """);
        var user = tmp.WriteHome(".config/containers/registries.conf.d/10-user.conf", "unqualified-search-registries = [\"quay.io\"]\nshort-name-mode = \"disabled\"\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal([main, shortnames, d2, user], conf.LoadedFiles);
        Assert.Equal(["quay.io"], conf.UnqualifiedSearchRegistries);
        Assert.Equal(user, conf.UnqualifiedSearchRegistriesOrigin);
        Assert.Equal(["secretservice"], conf.CredentialHelpers);
        Assert.Equal(ShortNameMode.Disabled, conf.ShortNameMode);
        var registry = Assert.Single(conf.Registries);
        Assert.Equal("mirror.example.net", registry.Location);
        Assert.Equal(d2, registry.Origin);
        Assert.Equal("example.com/team/myimage", conf.ResolveShortNameAlias("myimage")!.Value);
        Assert.Null(conf.ResolveShortNameAlias("other")!.Value);
        Assert.Equal(d2, conf.ResolveShortNameAlias("other")!.Origin);
        Assert.Equal("docker.io/library/busybox", conf.ResolveShortNameAlias("busybox")!.Value);
        Assert.Equal("registry.opensuse.org/opensuse/tumbleweed", conf.ResolveShortNameAlias("opensuse/tumbleweed")!.Value);
        Assert.Null(conf.ResolveShortNameAlias("unknown"));
    }

    [Fact]
    public void Load_EmptySearchListInDropIn_ClearsSearch()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = [\"docker.io\"]\n");
        tmp.WriteSystem("/etc/containers/registries.conf.d/99.conf", "unqualified-search-registries = []\ncredential-helpers = []\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Empty(conf.UnqualifiedSearchRegistries);
        Assert.Equal(["containers-auth.json"], conf.CredentialHelpers);
    }

    [Fact]
    public void Load_UserRegistriesConfExists_ReplacesSystemFileAndSystemDropIns()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = [\"docker.io\"]\n");
        tmp.WriteSystem("/etc/containers/registries.conf.d/10.conf", "short-name-mode = \"disabled\"\n");
        var user = tmp.WriteHome(".config/containers/registries.conf", "unqualified-search-registries = [\"quay.io\"]\n");
        var userDropIn = tmp.WriteHome(".config/containers/registries.conf.d/10.conf", "[aliases]\n\"x\" = \"quay.io/x/x\"\n");

        var conf = RegistriesConfLoader.Load(tmp.Env(0, null, ("XDG_CONFIG_HOME", "/elsewhere")));

        Assert.Equal([user, userDropIn], conf.LoadedFiles);
        Assert.Equal(["quay.io"], conf.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Permissive, conf.ShortNameMode);
    }

    [Fact]
    public void Load_RegistriesConfVariable_ReplacesMainFileButKeepsDropIns()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = [\"docker.io\"]\n");
        tmp.WriteHome(".config/containers/registries.conf", "unqualified-search-registries = [\"user.io\"]\n");
        var dropIn = tmp.WriteSystem("/etc/containers/registries.conf.d/10.conf", "short-name-mode = \"disabled\"\n");
        var custom = tmp.Write("custom-registries.conf", "unqualified-search-registries = [\"custom.io\"]\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootless(("CONTAINERS_REGISTRIES_CONF", custom)));

        Assert.Equal([custom, dropIn], conf.LoadedFiles);
        Assert.Equal(["custom.io"], conf.UnqualifiedSearchRegistries);
        Assert.Equal(ShortNameMode.Disabled, conf.ShortNameMode);
    }

    [Fact]
    public void Load_RegistriesConfVariableNamesMissingFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful(("REGISTRIES_CONFIG_PATH", "/no/such/registries.conf"))));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("/no/such/registries.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains("REGISTRIES_CONFIG_PATH", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[[registry]]\nlocation = \"https://example.com\"\n", 2, "URI schemes are not supported")]
    [InlineData("[[registry]]\ninsecure = true\n", 1, "both location and prefix are unset")]
    [InlineData("[[registry]]\nprefix = \"example.com\"\n", 1, "location is unset")]
    [InlineData("[[registry]]\nprefix = \"*.example.com/foo\"\n", 1, "*.example.com")]
    [InlineData("[[registry]]\nprefix = \"*.example.com:5000\"\n", 1, "incorrectly formatted")]
    [InlineData("[[registry]]\nlocation = \"example.com\"\npull-from-mirror = \"all\"\n", 3, "non-mirror registry")]
    [InlineData("[[registry]]\nlocation = \"example.com\"\n[[registry.mirror]]\ninsecure = true\n", 3, "mirror location is unset")]
    [InlineData("[[registry]]\nlocation = \"example.com\"\n[[registry.mirror]]\nlocation = \"m.local\"\npull-from-mirror = \"sometimes\"\n", 5, "unsupported pull-from-mirror value")]
    [InlineData("[[registry]]\nlocation = \"example.com\"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = \"m.local\"\npull-from-mirror = \"tag-only\"\n", 1, "at the same time")]
    [InlineData("unqualified-search-registries = [\"docker.io/library\"]\n", 1, "invalid unqualified-search-registries entry")]
    [InlineData("short-name-mode = \"prompt\"\n", 1, "invalid short-name mode")]
    [InlineData("[aliases]\n\"docker.io/foo\" = \"docker.io/library/foo\"\n", 2, "must not contain registry")]
    [InlineData("[aliases]\n\"foo:latest\" = \"docker.io/library/foo\"\n", 2, "must not contain tag")]
    [InlineData("[aliases]\n\"foo\" = \"foo\"\n", 2, "must contain registry and repository")]
    [InlineData("[aliases]\n\"foo\" = \"quay.io/foo:1\"\n", 2, "must not contain tag")]
    [InlineData("[aliases]\n\"foo\" = \"quay.io/Foo\"\n", 2, "lowercase")]
    [InlineData("unqualified-search-registries = \"docker.io\"\n", 1, "expected an array of strings")]
    public void Load_InvalidFile_ThrowsWithFileLineAndReason(string content, int line, string expected)
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/registries.conf", content);

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful()));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{path}:{line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConflictingInsecureForSameLocation_ThrowsNamingFile()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/registries.conf", """
            [[registry]]
            prefix = "example.com/a"
            location = "example.com"
            insecure = true
            [[registry]]
            prefix = "example.com/b"
            location = "example.com"
            """);

        var e = Assert.Throws<BerthException>(() => RegistriesConfLoader.Load(tmp.Rootful()));

        Assert.StartsWith(path + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains("conflicting 'insecure' setting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicatePrefix_FirstEntryWins()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", """
            [[registry]]
            prefix = "example.com"
            location = "first.example.com"
            [[registry]]
            prefix = "example.com"
            location = "second.example.com"
            """);

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal("first.example.com", Assert.Single(conf.Registries).Location);
    }

    [Fact]
    public void Load_UserAliasesFile_WinsOverRegistriesConf()
    {
        using var tmp = new TempConfigRoot();
        tmp.WriteSystem("/etc/containers/registries.conf", "[aliases]\n\"tool\" = \"quay.io/a/tool\"\n\"keep\" = \"quay.io/a/keep\"\n");
        var cache = Path.Combine(tmp.Base, "cache");
        var aliases = TempConfigRoot.WriteFile(Path.Combine(cache, "containers/short-name-aliases.conf"), "[aliases]\n  tool = \"docker.io/b/tool\"\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootless(("XDG_CACHE_HOME", cache)));

        Assert.Equal(aliases, conf.UserAliasesPath);
        Assert.Contains(aliases, conf.LoadedFiles);
        Assert.Equal("docker.io/b/tool", conf.ResolveShortNameAlias("tool")!.Value);
        Assert.Equal(aliases, conf.ResolveShortNameAlias("tool")!.Origin);
        Assert.Equal("quay.io/a/keep", conf.ResolveShortNameAlias("keep")!.Value);
    }

    [Fact]
    public void UserAliasesPath_Rootful_IsUnderVarCache()
    {
        using var tmp = new TempConfigRoot();

        Assert.Equal(tmp.Sys("/var/cache/containers/short-name-aliases.conf"), RegistriesConfLoader.UserAliasesPath(tmp.Rootful()));
        Assert.Equal(Path.Combine(tmp.Home, ".cache/containers/short-name-aliases.conf"), RegistriesConfLoader.UserAliasesPath(tmp.Rootless()));
    }

    [Fact]
    public void Load_UnknownKeys_AreWarnings()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.WriteSystem("/etc/containers/registries.conf", "unqualified-search-registries = []\nfuture-key = 1\n[[registry]]\nlocation = \"a.io\"\nspeed = \"fast\"\n");

        var conf = RegistriesConfLoader.Load(tmp.Rootful());

        Assert.Equal(2, conf.Warnings.Count);
        Assert.StartsWith($"{path}:2:", conf.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:5:", conf.Warnings[1], StringComparison.Ordinal);
    }
}
