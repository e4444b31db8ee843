using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Berth.Registry;

/// <summary>
/// Fetches bearer tokens from a challenge's realm (distribution token.md and oauth.md), as containers/image does:
/// with an identity (refresh) token, an OAuth2 <c>POST</c> of <c>grant_type=refresh_token</c>; otherwise a
/// <c>GET</c> with <c>service</c>, <c>scope</c> (repeated) and <c>account</c>, sending Basic credentials when there
/// are any and nothing when there are none (anonymous pull tokens).
/// </summary>
internal sealed class TokenClient
{
    private const int MaxTokenResponse = 1024 * 1024;
    private const string ClientId = "berth";
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _send;
    private readonly TimeProvider _time;

    public TokenClient(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, TimeProvider time)
    {
        _send = send;
        _time = time;
    }

    /// <summary>Gets a token for <paramref name="scopes"/>.</summary>
    /// <exception cref="BerthException">Unauthorized when the token server refuses; Unavailable for a bad realm or a broken answer.</exception>
    public async Task<BearerToken> FetchAsync(
        string registry, AuthChallenge challenge, IReadOnlyList<AuthScope> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var realm = ValidateRealm(registry, challenge.Realm);
        using var request = credential?.IdentityToken is { Length: > 0 } identityToken
            ? OAuthRequest(realm, challenge.Service, scopes, identityToken)
            : GetRequest(realm, challenge.Service, scopes, credential);

        using var response = await _send(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var errors = await RegistryErrors.ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
            var detail = errors.Count > 0 ? errors[0].Message : null;
            throw credential is null
                ? RegistryErrors.AuthenticationRequired(registry)
                : RegistryErrors.InvalidCredentials(registry, detail);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw BerthException.Unavailable($"getting a token for {registry} from {realm.GetLeftPart(UriPartial.Path)}: received unexpected HTTP status: {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        TokenResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
        }
        catch (JsonException e)
        {
            throw BerthException.Unavailable($"getting a token for {registry}: the token server's answer is not valid JSON: {e.Message}", e);
        }

        var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw BerthException.Unavailable($"getting a token for {registry}: the token server's answer has no token");
        }

        var lifetime = parsed!.ExpiresIn is { } seconds && seconds > BearerToken.MinimumLifetime.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : BearerToken.MinimumLifetime;
        // issued_at comes from the server's clock; trust ours unless it is given and earlier (no later than now).
        var now = _time.GetUtcNow();
        var issued = parsed.IssuedAt is { } at && at < now ? at : now;
        return new BearerToken(token, issued + lifetime, credential is not null);
    }

    /// <summary>Refuses realms that are not absolute http(s) URLs.</summary>
    public static Uri ValidateRealm(string registry, string? realm)
    {
        if (string.IsNullOrEmpty(realm)
            || !Uri.TryCreate(realm, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw BerthException.Unavailable($"registry {registry} sent an invalid authentication realm \"{realm}\": only http and https realms are used");
        }

        return uri;
    }

    private static HttpRequestMessage GetRequest(Uri realm, string? service, IReadOnlyList<AuthScope> scopes, RegistryCredential? credential)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        if (credential is not null && credential.Username.Length > 0)
        {
            Append(query, "account", credential.Username);
        }

        if (!string.IsNullOrEmpty(service))
        {
            Append(query, "service", service);
        }

        foreach (var scope in scopes)
        {
            Append(query, "scope", scope.ToString());
        }

        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = RegistryRequest.Create(HttpMethod.Get, uri);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password)));
        }

        return request;
    }

    private static HttpRequestMessage OAuthRequest(Uri realm, string? service, IReadOnlyList<AuthScope> scopes, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", ClientId),
        };
        if (!string.IsNullOrEmpty(service))
        {
            form.Add(new("service", service));
        }

        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes.Select(s => s.ToString()))));
        }

        var request = RegistryRequest.Create(HttpMethod.Post, realm);
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxTokenResponse)
        {
            throw BerthException.Unavailable($"the token server's answer is larger than {MaxTokenResponse} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxTokenResponse)
                {
                    throw BerthException.Unavailable($"the token server's answer is larger than {MaxTokenResponse} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
