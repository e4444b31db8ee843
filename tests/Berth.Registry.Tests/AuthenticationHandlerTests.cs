using System.Net;
using System.Text;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Registry.Tests;

/// <summary>The authentication handler (through the whole pipeline) against an in-memory bearer registry.</summary>
public sealed class AuthenticationHandlerTests
{
    private const string Registry = "registry.example";
    private const string Realm = "https://auth.example/token";
    private static readonly TestImage Image = new TestImageBuilder().Layer(l => l.File("hello.txt", "hello\n"), LayerCompression.None).Build();

    /// <summary>A bearer registry: tokens are "T1", "T2", …; <paramref name="acceptToken"/> decides which the registry takes.</summary>
    private sealed class BearerRegistry
    {
        private int _issued;

        public BearerRegistry(Func<string, bool>? acceptToken = null, string realm = Realm, int expiresIn = 300, HttpStatusCode tokenStatus = HttpStatusCode.OK)
        {
            Handler = new FakeHandler(request =>
            {
                var uri = request.RequestUri!;
                if (uri.Host == "auth.example")
                {
                    if (tokenStatus != HttpStatusCode.OK)
                    {
                        return FakeHandler.Status(tokenStatus);
                    }

                    var n = Interlocked.Increment(ref _issued);
                    return FakeHandler.Json($$"""{"token":"T{{n}}","expires_in":{{expiresIn}}}""");
                }

                if (uri.Host == "storage.example")
                {
                    return FakeHandler.Bytes(Image.Layers[0].Content, "application/octet-stream");
                }

                var challenge = $"Bearer realm=\"{realm}\",service=\"{Registry}\"";
                var auth = request.Headers.Authorization;
                if (uri.AbsolutePath == "/v2/" && auth is null)
                {
                    return FakeHandler.Challenge(challenge);
                }

                if (auth is not { Scheme: "Bearer" } || !(acceptToken ?? (_ => true))(auth.Parameter!))
                {
                    return FakeHandler.Challenge(challenge);
                }

                if (uri.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal))
                {
                    var redirect = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
                    redirect.Headers.Location = new Uri("https://storage.example/bucket/blob?sig=1");
                    return redirect;
                }

                if (uri.AbsolutePath.Contains("/secret/", StringComparison.Ordinal))
                {
                    return FakeHandler.Json("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""", HttpStatusCode.Forbidden);
                }

                return FakeHandler.Bytes(Image.ManifestBytes, MediaTypes.OciManifest);
            });
        }

        public FakeHandler Handler { get; }

        public int TokenRequests => Handler.Count(r => r.Uri.Host == "auth.example");

        public RegistryClient Client(ICredentialSource? credentials = null, TimeProvider? time = null) => new(
            new RegistryEndpoint(Registry, Registry),
            new RegistryClientOptions
            {
                Credentials = credentials ?? StaticCredentialSource.Anonymous,
                TimeProvider = time ?? TimeProvider.System,
                PrimaryHandlerFactory = _ => Handler,
                RetryDelay = TimeSpan.FromMilliseconds(1),
            });
    }

    [Fact]
    public async Task GetManifest_SameScopeTwice_FetchesOneToken()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client();

        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);
        await client.GetManifestAsync("app", "v2", null, CancellationToken.None);
        await client.HeadManifestAsync("app", "v3", null, CancellationToken.None);

        Assert.Equal(1, fake.TokenRequests);
        var token = fake.Handler.Requests.Single(r => r.Uri.Host == "auth.example");
        Assert.Equal("?service=registry.example&scope=repository%3Aapp%3Apull", token.Uri.Query);
        Assert.Null(token.Authorization);
        Assert.All(fake.Handler.Requests.Where(r => r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal)), r => Assert.Equal("Bearer T1", r.Authorization));
    }

    [Fact]
    public async Task GetManifest_OtherRepository_FetchesTokenForItsScope()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client();

        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);
        await client.GetManifestAsync("other", "latest", null, CancellationToken.None);
        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);

        Assert.Equal(2, fake.TokenRequests);
    }

    [Fact]
    public async Task GetManifest_TokenExpired_FetchesNewToken()
    {
        var time = new ManualTimeProvider();
        var fake = new BearerRegistry(expiresIn: 120);
        using var client = fake.Client(time: time);

        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);
        time.Now += TimeSpan.FromSeconds(100);
        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);
        Assert.Equal(1, fake.TokenRequests);

        time.Now += TimeSpan.FromSeconds(30);
        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);
        Assert.Equal(2, fake.TokenRequests);
    }

    [Fact]
    public async Task GetManifest_CachedTokenRevoked_RefreshesOnceAndSucceeds()
    {
        string? revoked = null;
        var fake = new BearerRegistry(acceptToken: t => t != revoked);
        using var client = fake.Client();
        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);

        // The cached T1 is refused now: the handler fetches T2 and repeats the request.
        revoked = "T1";
        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);

        Assert.Equal(2, fake.TokenRequests);
        Assert.Equal("Bearer T2", fake.Handler.Requests[^1].Authorization);
    }

    [Fact]
    public async Task GetManifest_FreshTokenRefusedAnonymous_UnauthorizedWithLoginHint()
    {
        var fake = new BearerRegistry(acceptToken: _ => false);
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.Equal("authentication required for registry.example: log in with `berth login registry.example`", e.Message);
    }

    [Fact]
    public async Task GetManifest_FreshTokenRefusedWithCredentials_InvalidUsernamePassword()
    {
        var fake = new BearerRegistry(acceptToken: _ => false);
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("alice", "wrong")));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.Contains("invalid username/password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_TokenServerRefusesCredentials_InvalidUsernamePassword()
    {
        var fake = new BearerRegistry(tokenStatus: HttpStatusCode.Unauthorized);
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("alice", "wrong")));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.StartsWith("authenticating to registry.example: invalid username/password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_WithCredentials_SendsBasicOnlyToRealm()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("alice", "s3cret")));

        await client.GetManifestAsync("team/app", "latest", null, CancellationToken.None);

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret"));
        var token = fake.Handler.Requests.Single(r => r.Uri.Host == "auth.example");
        Assert.Equal(basic, token.Authorization);
        Assert.Contains("account=alice", token.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("scope=repository%3Ateam%2Fapp%3Apull", token.Uri.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Handler.Requests, r => r.Uri.Host == Registry && r.Authorization == basic);
    }

    [Fact]
    public async Task GetManifest_IdentityToken_PostsOAuthRefreshGrant()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("", "", IdentityToken: "refresh-me")));

        await client.GetManifestAsync("app", "latest", null, CancellationToken.None);

        var token = fake.Handler.Requests.Single(r => r.Uri.Host == "auth.example");
        Assert.Equal(HttpMethod.Post, token.Method);
        Assert.Null(token.Authorization);
        Assert.Equal("grant_type=refresh_token&refresh_token=refresh-me&client_id=berth&service=registry.example&scope=repository%3Aapp%3Apull", token.Body);
    }

    [Fact]
    public async Task GetManifest_NonHttpRealm_Refused()
    {
        var fake = new BearerRegistry(realm: "file:///etc/passwd");
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("alice", "s3cret")));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("app", "latest", null, CancellationToken.None));

        Assert.Contains("invalid authentication realm", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Handler.Requests, r => r.Authorization?.StartsWith("Basic", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task GetBlob_RedirectToStorage_DropsAuthorization()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client();

        await using (var blob = await client.GetBlobAsync("app", Image.Layers[0].Descriptor, CancellationToken.None))
        {
            await blob.CopyToAsync(Stream.Null);
        }

        var storage = fake.Handler.Requests.Single(r => r.Uri.Host == "storage.example");
        Assert.Null(storage.Authorization);
        Assert.Equal("https://storage.example/bucket/blob?sig=1", storage.Uri.ToString());
    }

    [Fact]
    public async Task GetManifest_Forbidden_AccessDenied()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("secret/app", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unauthorized, e.Kind);
        Assert.StartsWith("access to secret/app on registry.example denied", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginCheck_BearerRegistry_FetchesTokenWithoutScope()
    {
        var fake = new BearerRegistry();
        using var client = fake.Client(new StaticCredentialSource(new RegistryCredential("alice", "s3cret")));

        await client.CheckAuthenticationAsync(CancellationToken.None);

        var token = fake.Handler.Requests.Single(r => r.Uri.Host == "auth.example");
        Assert.Equal("?account=alice&service=registry.example", token.Uri.Query);
        Assert.Equal(HttpMethod.Get, fake.Handler.Requests[^1].Method);
        Assert.Equal("Bearer T1", fake.Handler.Requests[^1].Authorization);
    }
}
