using System.Text;
using Berth.Config;
using Berth.Oci;

namespace Berth.Registry.Tests;

/// <summary>The client against a real docker-registry with htpasswd (Basic) authentication.</summary>
public sealed class AuthRegistryTests : IClassFixture<AuthRegistry>, IDisposable
{
    private readonly AuthRegistry _fixture;
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("berth-auth-");

    public AuthRegistryTests(AuthRegistry fixture) => _fixture = fixture;

    private string Host => _fixture.Registry.Host;

    public void Dispose() => _temp.Delete(recursive: true);

    /// <summary>An auth.json named by $REGISTRY_AUTH_FILE, read through Berth.Config as the CLI will.</summary>
    private AuthFileCredentialSource AuthFileSource(string json, CredentialHelper? helper = null, IReadOnlyList<string>? credentialHelpers = null)
    {
        var path = Path.Combine(_temp.FullName, "auth.json");
        File.WriteAllText(path, json);
        var env = new ConfigEnvironment(new Dictionary<string, string> { [AuthFileLocator.RegistryAuthFileVariable] = path }, 0, _temp.FullName, _temp.FullName);
        return new AuthFileCredentialSource(AuthFileLocator.Locate(env), credentialHelpers, helper);
    }

    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static string AuthJson(params (string Key, string User, string Password)[] entries) =>
        "{\"auths\":{" + string.Join(',', entries.Select(e => $"\"{e.Key}\":{{\"auth\":\"{Auth(e.User, e.Password)}\"}}")) + "}}";

    private RegistryClient Client(ICredentialSource credentials) =>
        new(_fixture.Endpoint, new RegistryClientOptions { Credentials = credentials, RetryDelay = TimeSpan.FromMilliseconds(5) });

    [Fact]
    public async Task Ping_HtpasswdRegistry_BasicChallenge()
    {
        using var client = Client(StaticCredentialSource.Anonymous);

        var ping = await client.PingAsync(CancellationToken.None);

        Assert.True(ping.AuthenticationRequired);
        Assert.Equal("basic", ping.Scheme);
    }

    [Fact]
    public async Task GetManifest_Anonymous_UnauthorizedWithLoginHint()
    {
        using var client = Client(StaticCredentialSource.Anonymous);

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("private/image", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.Equal($"authentication required for {Host}: log in with `berth login {Host}`", e.Message);
    }

    [Fact]
    public async Task GetManifest_CredentialsFromAuthFile_Succeeds()
    {
        using var client = Client(AuthFileSource(AuthJson((Host, AuthRegistry.User, AuthRegistry.Password))));

        var manifest = await client.GetManifestAsync("private/image", "latest", null, CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
    }

    [Fact]
    public async Task GetManifest_NamespacedAuthFileKey_Used()
    {
        using var client = Client(AuthFileSource(AuthJson((Host + "/private", AuthRegistry.User, AuthRegistry.Password), (Host, "x", "y"))));

        var manifest = await client.GetManifestAsync("private/image", "latest", null, CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
    }

    [Fact]
    public async Task GetManifest_WrongPasswordInAuthFile_InvalidUsernamePassword()
    {
        using var client = Client(AuthFileSource(AuthJson((Host, AuthRegistry.User, "wrong"))));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("private/image", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.StartsWith($"authenticating to {Host}: invalid username/password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_CredentialHelperFromAuthFile_Succeeds()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_temp.FullName, "bin")).FullName;
        var script = Path.Combine(bin, "docker-credential-berthtest");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            [ "$1" = get ] || exit 1
            read server
            [ "$server" = "{{Host}}" ] || { echo "credentials not found in native keychain"; exit 1; }
            printf '{"ServerURL":"%s","Username":"{{AuthRegistry.User}}","Secret":"{{AuthRegistry.Password}}"}' "$server"
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        }

        using var client = Client(AuthFileSource("{\"credHelpers\":{\"" + Host + "\":\"berthtest\"}}", new CredentialHelper([bin])));

        var manifest = await client.GetManifestAsync("private/image", "latest", null, CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
    }

    [Fact]
    public async Task GetManifest_MissingHelperBeforeAuthFiles_FallsThroughToAuthFile()
    {
        var helpers = new[] { "berth-missing-helper", RegistriesConf.AuthFileCredentialHelper };
        using var client = Client(AuthFileSource(AuthJson((Host, AuthRegistry.User, AuthRegistry.Password)), new CredentialHelper([_temp.FullName]), helpers));

        var manifest = await client.GetManifestAsync("private/image", "latest", null, CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
    }

    [Fact]
    public async Task GetManifest_OnlyMissingHelper_UnavailableNamingHelper()
    {
        using var client = Client(AuthFileSource("{}", new CredentialHelper([_temp.FullName]), ["berth-missing-helper"]));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("private/image", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("docker-credential-berth-missing-helper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushBlob_WithCredentials_Succeeds()
    {
        using var client = Client(StaticCredentialSource.Parse($"{AuthRegistry.User}:{AuthRegistry.Password}"));
        var blob = TestSupport.TestBlob.Random(4096, seed: 99);

        await client.PushBlobAsync("private/pushed", blob.Descriptor, () => new MemoryStream(blob.Content), CancellationToken.None);

        Assert.True(await client.BlobExistsAsync("private/pushed", blob.Digest, CancellationToken.None));
    }

    [Fact]
    public async Task LoginCheck_RightAndWrongCredentials()
    {
        using var factory = new RegistryClientFactory();

        await factory.LoginCheckAsync(_fixture.Endpoint, AuthRegistry.User, AuthRegistry.Password, CancellationToken.None);
        var e = await Assert.ThrowsAsync<BerthException>(() => factory.LoginCheckAsync(_fixture.Endpoint, AuthRegistry.User, "nope", CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.Contains("invalid username/password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredsOption_SplitAtFirstColon_ColonRequired()
    {
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => StaticCredentialSource.Parse("alice")).Kind);
        Assert.Equal("p:w", (await StaticCredentialSource.Parse("u:p:w").GetCredentialAsync("x", CancellationToken.None))!.Password);
    }
}
