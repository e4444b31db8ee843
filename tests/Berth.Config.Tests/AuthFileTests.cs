using System.Text;

namespace Berth.Config.Tests;

public sealed class AuthFileTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Locate_RootlessWithRuntimeDir_ReadsUpstreamOrder()
    {
        using var tmp = new TempConfigRoot();
        var runtime = Directory.CreateDirectory(Path.Combine(tmp.Base, "run-user-1000")).FullName;

        var locations = AuthFileLocator.Locate(tmp.Rootless(("XDG_RUNTIME_DIR", runtime)));

        Assert.Equal(
            [
                new AuthFilePath(Path.Combine(runtime, "containers/auth.json")),
                new AuthFilePath(Path.Combine(tmp.Home, ".config/containers/auth.json")),
                new AuthFilePath(Path.Combine(tmp.Home, ".docker/config.json")),
                new AuthFilePath(Path.Combine(tmp.Home, ".dockercfg"), LegacyFormat: true),
            ],
            locations.ReadPaths);
        Assert.Equal(locations.ReadPaths[0], locations.WritePath);
        Assert.Null(locations.ExplicitPath);
        Assert.False(locations.WriteDockerCompatible);
    }

    [Fact]
    public void Locate_RootfulWithoutRuntimeDir_UsesRunContainersUid()
    {
        using var tmp = new TempConfigRoot();
        var xdg = Path.Combine(tmp.Base, "cfg");

        var locations = AuthFileLocator.Locate(tmp.Rootful(("XDG_CONFIG_HOME", xdg)));

        Assert.Equal(tmp.Sys("/run/containers/0/auth.json"), locations.WritePath.Path);
        Assert.Equal(Path.Combine(xdg, "containers/auth.json"), locations.ReadPaths[1].Path);
    }

    [Fact]
    public void Locate_RuntimeDirMissing_SkipsItForReadsAndRefusesWrites()
    {
        using var tmp = new TempConfigRoot();
        var missing = Path.Combine(tmp.Base, "gone");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("XDG_RUNTIME_DIR", missing)));

        Assert.Equal(3, locations.ReadPaths.Count);
        Assert.Single(locations.Warnings);
        var e = Assert.Throws<BerthException>(() => AuthFileWriter.SetCredentials(locations, "quay.io", "u", "p"));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("$XDG_RUNTIME_DIR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_RegistryAuthFile_IsTheOnlyFile()
    {
        using var tmp = new TempConfigRoot();
        var file = Path.Combine(tmp.Base, "my-auth.json");

        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", file), ("DOCKER_CONFIG", "/ignored")));

        Assert.Equal([new AuthFilePath(file)], locations.ReadPaths);
        Assert.Equal(file, locations.ExplicitPath);
        Assert.False(locations.WriteDockerCompatible);
        Assert.Equal("/flag.json", AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", file)), authFile: "/flag.json").WritePath.Path);
    }

    [Fact]
    public void Locate_DockerConfig_ReadsAndWritesDockerCompatibleConfigJson()
    {
        using var tmp = new TempConfigRoot();
        var dir = Path.Combine(tmp.Base, "docker");

        var locations = AuthFileLocator.Locate(tmp.Rootless(("DOCKER_CONFIG", dir)));

        Assert.Equal([new AuthFilePath(Path.Combine(dir, "config.json"))], locations.ReadPaths);
        Assert.True(locations.WriteDockerCompatible);
    }

    [Fact]
    public void RequireExplicitFile_MissingNamedFile_ThrowsNotFound()
    {
        using var tmp = new TempConfigRoot();
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", "/no/auth.json")));

        var e = Assert.Throws<BerthException>(() => AuthFileLocator.RequireExplicitFile(locations));

        Assert.Equal(ErrorKind.NotFound, e.Kind);
        Assert.Contains("/no/auth.json", e.Message, StringComparison.Ordinal);
        AuthFileLocator.RequireExplicitFile(AuthFileLocator.Locate(tmp.Rootless()));
    }

    [Fact]
    public void FindCredentials_NamespacedKeys_MostSpecificFirstThenRegistry()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", $$$$"""
            {
              "auths": {
                "quay.io": {"auth": "{{{{B64("reg:regpass")}}}}"},
                "quay.io/team": {"auth": "{{{{B64("team:teampass")}}}}"},
                "quay.io/team/app": {"auth": "{{{{B64("app:apppass")}}}}", "identitytoken": "tok"}
              }
            }
            """);
        var file = AuthFile.Load(new AuthFilePath(path));

        Assert.Equal("app", file.FindCredentials("quay.io/team/app").Credentials!.Username);
        Assert.Equal("tok", file.FindCredentials("quay.io/team/app").Credentials!.IdentityToken);
        Assert.Equal("team", file.FindCredentials("quay.io/team/other").Credentials!.Username);
        Assert.Equal("quay.io/team", file.FindCredentials("quay.io/team/other/deep").Credentials!.MatchedKey);
        Assert.Equal("reg", file.FindCredentials("quay.io/elsewhere/app").Credentials!.Username);
        Assert.Equal("regpass", file.FindCredentials("quay.io").Credentials!.Password);
        Assert.True(file.FindCredentials("docker.io/library/busybox").IsNotFound);
    }

    [Fact]
    public void FindCredentials_LegacyDockerHubKey_MatchesDockerIo()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("config.json", $$$$"""{"auths": {"https://index.docker.io/v1/": {"auth": "{{{{B64("hub:secret:with:colons")}}}}"}}}""");
        var file = AuthFile.Load(new AuthFilePath(path));

        var found = file.FindCredentials("docker.io/library/alpine").Credentials!;

        Assert.Equal("hub", found.Username);
        Assert.Equal("secret:with:colons", found.Password);
        Assert.Equal("https://index.docker.io/v1/", found.MatchedKey);
        Assert.Equal("hub", file.FindCredentials("registry-1.docker.io").Credentials!.Username);
    }

    [Fact]
    public void FindCredentials_UrlKeyWithScheme_MatchesHost()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("config.json", $$$$"""{"auths": {"https://registry.example.com:5000/v2/": {"auth": "{{{{B64("u:p")}}}}"}}}""");

        var found = AuthFile.Load(new AuthFilePath(path)).FindCredentials("registry.example.com:5000/x");

        Assert.Equal("u", found.Credentials!.Username);
    }

    [Fact]
    public void FindCredentials_CredHelperForRegistry_WinsOverAuths()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", $$$$"""{"auths": {"gcr.io": {"auth": "{{{{B64("u:p")}}}}"}}, "credHelpers": {"gcr.io": "gcloud"}, "credsStore": "desktop"}""");
        var file = AuthFile.Load(new AuthFilePath(path));

        var found = file.FindCredentials("gcr.io/project/image");

        Assert.Equal("gcloud", found.Helper);
        Assert.Equal("gcr.io", found.HelperRegistry);
        Assert.Equal("desktop", file.CredsStore);
    }

    [Fact]
    public void FindCredentials_EmptyAuthEntry_IsNotACredential()
    {
        using var tmp = new TempConfigRoot();
        var first = tmp.Write("a.json", """{"auths": {"quay.io": {}}}""");
        var second = tmp.Write("b.json", $$$$"""{"auths": {"quay.io": {"auth": "{{{{B64("second:pw")}}}}"}}}""");

        var found = CredentialLookup.Find([new AuthFilePath(first), new AuthFilePath(second)], "quay.io/x");

        Assert.Equal("second", found.Credentials!.Username);
        Assert.Equal(second, found.Credentials.SourceFile);
    }

    [Fact]
    public void Find_FilesInOrder_FirstFileWithCredentialsWins()
    {
        using var tmp = new TempConfigRoot();
        var runtime = Directory.CreateDirectory(Path.Combine(tmp.Base, "run")).FullName;
        TempConfigRoot.WriteFile(Path.Combine(runtime, "containers/auth.json"), $$$$"""{"auths": {"quay.io": {"auth": "{{{{B64("primary:pw")}}}}"}}}""");
        tmp.WriteHome(".config/containers/auth.json", $$$$"""{"auths": {"quay.io": {"auth": "{{{{B64("xdg:pw")}}}}"}, "ghcr.io": {"auth": "{{{{B64("xdg-ghcr:pw")}}}}"}}}""");
        tmp.WriteHome(".docker/config.json", $$$$"""{"auths": {"ghcr.io": {"auth": "{{{{B64("docker:pw")}}}}"}, "docker.io": {"auth": "{{{{B64("docker-hub:pw")}}}}"}}}""");
        tmp.WriteHome(".dockercfg", $$$$"""{"https://legacy.example.com/v1/": {"auth": "{{{{B64("legacy:pw")}}}}", "email": "a@b"}}""");
        var files = AuthFileLocator.Locate(tmp.Rootless(("XDG_RUNTIME_DIR", runtime))).ReadPaths;

        Assert.Equal("primary", CredentialLookup.Find(files, "quay.io/a/b").Credentials!.Username);
        Assert.Equal("xdg-ghcr", CredentialLookup.Find(files, "ghcr.io/a").Credentials!.Username);
        Assert.Equal("docker-hub", CredentialLookup.Find(files, "docker.io/library/busybox").Credentials!.Username);
        Assert.Equal("legacy", CredentialLookup.Find(files, "legacy.example.com/x/y").Credentials!.Username);
        Assert.True(CredentialLookup.Find(files, "nowhere.example.com").IsNotFound);
    }

    [Theory]
    [InlineData("https://quay.io", "http[s]://")]
    [InlineData("quay.io/a@sha256:abc", "'@'")]
    [InlineData("quay.io/a:latest", "':'")]
    public void Find_InvalidKey_ThrowsInvalidArgument(string key, string expected)
    {
        var e = Assert.Throws<BerthException>(() => CredentialLookup.Find([], key));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedJson_ReportsFileLineAndColumn()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", "{\n  \"auths\": {\n    \"quay.io\": {\"auth\": \"x\",}\n  }\n}\n");

        var e = Assert.Throws<BerthException>(() => AuthFile.Load(new AuthFilePath(path)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.StartsWith($"{path}:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON: the JSON object contains a trailing comma", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(fix or remove the file)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongType_ReportsFileAndLine()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", "{\n  \"auths\": [\"quay.io\"]\n}\n");

        var e = Assert.Throws<BerthException>(() => AuthFile.Load(new AuthFilePath(path)));

        Assert.StartsWith($"{path}:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("auths has the wrong JSON type", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindCredentials_InvalidBase64_ThrowsNamingFileAndKey()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", """{"auths": {"quay.io": {"auth": "not base64!"}}}""");

        var e = Assert.Throws<BerthException>(() => AuthFile.Load(new AuthFilePath(path)).FindCredentials("quay.io"));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("quay.io", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_IsEmpty()
    {
        var file = AuthFile.Load(new AuthFilePath("/nonexistent/auth.json"));

        Assert.False(file.Exists);
        Assert.Empty(file.Auths);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SetCredentials_NewFile_CreatesPrivateDirectoryAndFile()
    {
        using var tmp = new TempConfigRoot();
        var runtime = Directory.CreateDirectory(Path.Combine(tmp.Base, "run")).FullName;
        var locations = AuthFileLocator.Locate(tmp.Rootless(("XDG_RUNTIME_DIR", runtime)));

        var helper = AuthFileWriter.SetCredentials(locations, "quay.io/team", "ada", "s3cr3t+/=");

        Assert.Null(helper);
        var path = Path.Combine(runtime, "containers/auth.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        var found = AuthFile.Load(new AuthFilePath(path)).FindCredentials("quay.io/team/app").Credentials!;
        Assert.Equal(("ada", "s3cr3t+/="), (found.Username, found.Password));
        Assert.Contains("\t\"auths\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(["auth.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void SetCredentials_ExistingFile_KeepsOtherEntriesAndMembersAndLeavesNoTempFiles()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth/auth.json", $$$$"""{"auths": {"ghcr.io": {"auth": "{{{{B64("g:h")}}}}"}, "quay.io": {"auth": "{{{{B64("old:old")}}}}", "identitytoken": "t"}}, "psFormat": "table {{.ID}}"}""");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", path)));

        AuthFileWriter.SetCredentials(locations, "quay.io", "new", "pw");

        var text = File.ReadAllText(path);
        Assert.Contains("psFormat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("identitytoken", text, StringComparison.Ordinal);
        var file = AuthFile.Load(new AuthFilePath(path));
        Assert.Equal("g", file.FindCredentials("ghcr.io").Credentials!.Username);
        Assert.Equal("new", file.FindCredentials("quay.io").Credentials!.Username);
        Assert.Equal(["auth.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void SetCredentials_DockerCompatible_WritesLegacyHubKeyAndRefusesNamespaces()
    {
        using var tmp = new TempConfigRoot();
        var dir = Path.Combine(tmp.Base, "docker");
        TempConfigRoot.WriteFile(Path.Combine(dir, "config.json"), """{"credsStore": "desktop", "currentContext": "default"}""");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("DOCKER_CONFIG", dir)));

        AuthFileWriter.SetCredentials(locations, "docker.io", "hub", "pw");
        var e = Assert.Throws<BerthException>(() => AuthFileWriter.SetCredentials(locations, "quay.io/ns", "u", "p"));

        var file = AuthFile.Load(locations.WritePath);
        Assert.True(file.Auths.ContainsKey("https://index.docker.io/v1/"));
        Assert.Equal("desktop", file.CredsStore);
        Assert.Contains("currentContext", File.ReadAllText(locations.WritePath.Path), StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void SetCredentials_CredHelperConfigured_ReturnsHelperAndWritesNothing()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", """{"auths": {}, "credHelpers": {"gcr.io": "gcloud"}}""");
        var before = File.ReadAllText(path);
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", path)));

        Assert.Equal("gcloud", AuthFileWriter.SetCredentials(locations, "gcr.io", "u", "p"));
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void RemoveCredentials_LoggedInAndNot_ReportsWhetherRemoved()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", $$$$"""{"auths": {"quay.io": {"auth": "{{{{B64("u:p")}}}}"}, "ghcr.io": {"auth": "{{{{B64("g:p")}}}}"}}}""");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", path)));

        var removed = AuthFileWriter.RemoveCredentials(locations, "quay.io");
        var again = AuthFileWriter.RemoveCredentials(locations, "quay.io");

        Assert.True(removed.Removed);
        Assert.False(again.Removed);
        var file = AuthFile.Load(new AuthFilePath(path));
        Assert.False(file.Auths.ContainsKey("quay.io"));
        Assert.True(file.Auths.ContainsKey("ghcr.io"));
    }

    [Fact]
    public void RemoveAll_ClearsAuthsAndReturnsHelpers()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", $$$$"""{"auths": {"quay.io": {"auth": "{{{{B64("u:p")}}}}"}}, "credHelpers": {"gcr.io": "gcloud"}}""");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", path)));

        var helpers = AuthFileWriter.RemoveAll(locations);

        Assert.Equal("gcloud", helpers["gcr.io"]);
        var file = AuthFile.Load(new AuthFilePath(path));
        Assert.Empty(file.Auths);
        Assert.Empty(file.CredHelpers);
    }

    [Fact]
    public void SetCredentials_LegacyTarget_IsRefused()
    {
        var locations = new AuthFileLocations { ReadPaths = [], WritePath = new AuthFilePath("/x/.dockercfg", LegacyFormat: true) };

        var e = Assert.Throws<BerthException>(() => AuthFileWriter.SetCredentials(locations, "quay.io", "u", "p"));

        Assert.Contains("legacy format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetCredentials_MalformedExistingFile_ThrowsAndKeepsFile()
    {
        using var tmp = new TempConfigRoot();
        var path = tmp.Write("auth.json", "{\"auths\": ");
        var locations = AuthFileLocator.Locate(tmp.Rootless(("REGISTRY_AUTH_FILE", path)));

        var e = Assert.Throws<BerthException>(() => AuthFileWriter.SetCredentials(locations, "quay.io", "u", "p"));

        Assert.StartsWith(path + ":1:", e.Message, StringComparison.Ordinal);
        Assert.Equal("{\"auths\": ", File.ReadAllText(path));
    }

    [Fact]
    public void RegistryCredentials_ToString_HidesPassword()
    {
        var credentials = new RegistryCredentials("ada", "hunter2", null, "/auth.json", "quay.io");

        Assert.DoesNotContain("hunter2", credentials.ToString(), StringComparison.Ordinal);
    }
}
