using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Berth.Registry;

/// <summary>
/// Answers the registry's authentication challenge (distribution token.md): it learns the challenge from the first
/// 401 (usually the ping), then authenticates every request to the registry up front — Basic with the credentials,
/// or Bearer with a token for the request's scopes, cached per scope set until it expires. A 401 on a request that
/// used a cached token fetches a fresh one and sends once more; a 401 after fresh credentials is final.
/// </summary>
/// <remarks>
/// Credentials and tokens go only to the registry's own host (and credentials to the token realm, which is where
/// the spec says they go); requests to other hosts, such as redirects to blob storage, pass through untouched.
/// One handler serves one endpoint, so its token cache is per registry.
/// </remarks>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly RegistryEndpoint _endpoint;
    private readonly ICredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly TokenClient _tokens;
    private readonly ConcurrentDictionary<string, BearerToken> _tokenCache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private volatile AuthChallenge? _challenge;

    public AuthenticationHandler(RegistryEndpoint endpoint, ICredentialSource credentials, TimeProvider time)
    {
        _endpoint = endpoint;
        _credentials = credentials;
        _time = time;
        _tokens = new TokenClient(base.SendAsync, time);
    }

    /// <summary>The challenge learned from the registry, or null while none was seen (or it needs none).</summary>
    public AuthChallenge? Challenge => _challenge;

    /// <summary>How many tokens were fetched (for tests and debug logs).</summary>
    public int TokensFetched { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!RegistryHost.Matches(request.RequestUri!, _endpoint.Host))
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (RegistryRequest.IsAnonymous(request))
        {
            var anonymous = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Learn(anonymous);
            return anonymous;
        }

        var scopes = RegistryRequest.GetScopes(request);
        var applied = await ApplyAsync(request, scopes, fresh: false, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !Learn(response))
        {
            return response;
        }

        if (applied.Fresh)
        {
            response.Dispose();
            throw RegistryErrors.Unauthorized(_endpoint.Name, applied.WithCredentials);
        }

        if (request.Content is not (null or ByteArrayContent or ReplayableContent))
        {
            return response; // cannot send the body again; the caller maps the 401
        }

        response.Dispose();
        if (_challenge?.Scope is { } extra && ParseScope(extra) is { } challenged && !scopes.Contains(challenged))
        {
            scopes = [.. scopes, challenged];
        }

        applied = await ApplyAsync(request, scopes, fresh: true, cancellationToken).ConfigureAwait(false);
        if (!applied.Sent)
        {
            throw RegistryErrors.AuthenticationRequired(_endpoint.Name);
        }

        response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw RegistryErrors.Unauthorized(_endpoint.Name, applied.WithCredentials);
        }

        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fetchLock.Dispose();
        }

        base.Dispose(disposing);
    }

    private readonly record struct Applied(bool Sent, bool Fresh, bool WithCredentials);

    private async Task<Applied> ApplyAsync(HttpRequestMessage request, IReadOnlyList<AuthScope> scopes, bool fresh, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        var challenge = _challenge;
        if (challenge is null)
        {
            return default;
        }

        var key = request.Options.TryGetValue(RegistryRequest.CredentialKey, out var k) ? k : _endpoint.Name;
        if (challenge.IsBasic)
        {
            var credential = await _credentials.GetCredentialAsync(key, cancellationToken).ConfigureAwait(false);
            if (credential is null)
            {
                return default;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password)));
            request.Options.Set(RegistryRequest.CredentialsUsed, true);
            return new Applied(true, true, true);
        }

        var (token, fetched) = await GetTokenAsync(challenge, key, scopes, fresh, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Options.Set(RegistryRequest.CredentialsUsed, token.WithCredentials);
        return new Applied(true, fetched, token.WithCredentials);
    }

    private async Task<(BearerToken Token, bool Fetched)> GetTokenAsync(
        AuthChallenge challenge, string credentialKey, IReadOnlyList<AuthScope> scopes, bool fresh, CancellationToken cancellationToken)
    {
        var cacheKey = credentialKey + "|" + AuthScope.Key(scopes);
        if (!fresh && _tokenCache.TryGetValue(cacheKey, out var cached) && cached.IsValidAt(_time.GetUtcNow()))
        {
            return (cached, false);
        }

        await _fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have fetched it while this one waited.
            if (!fresh && _tokenCache.TryGetValue(cacheKey, out cached) && cached.IsValidAt(_time.GetUtcNow()))
            {
                return (cached, false);
            }

            var credential = await _credentials.GetCredentialAsync(credentialKey, cancellationToken).ConfigureAwait(false);
            var token = await _tokens.FetchAsync(_endpoint.Name, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
            TokensFetched++;
            _tokenCache[cacheKey] = token;
            return (token, true);
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    /// <summary>Remembers the preferred challenge of a 401; false when it has none Berth can answer.</summary>
    private bool Learn(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized
            || !response.Headers.TryGetValues("WWW-Authenticate", out var values)
            || AuthChallenge.Preferred(AuthChallenge.Parse(values)) is not { } challenge)
        {
            return false;
        }

        _challenge = challenge;
        return true;
    }

    private static AuthScope? ParseScope(string scope)
    {
        // repository:<name>:<actions>; only the first scope of a space-separated list is used.
        var first = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null || !first.StartsWith("repository:", StringComparison.Ordinal))
        {
            return null;
        }

        var last = first.LastIndexOf(':');
        return last <= "repository:".Length ? null : new AuthScope(first["repository:".Length..last], first[(last + 1)..]);
    }
}
