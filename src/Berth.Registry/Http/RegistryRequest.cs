using System.Net;

namespace Berth.Registry;

/// <summary>Per-request facts the handlers read, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequest
{
    /// <summary>The token scopes the request needs.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<AuthScope>> Scopes = new("berth.scopes");

    /// <summary>The credentials key (registry/repository) for the request.</summary>
    public static readonly HttpRequestOptionsKey<string> CredentialKey = new("berth.credential-key");

    /// <summary>Set on the ping: record the challenge of a 401, do not answer it.</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("berth.anonymous");

    /// <summary>Set by the authentication handler when the request carried credentials or a token obtained with them.</summary>
    public static readonly HttpRequestOptionsKey<bool> CredentialsUsed = new("berth.credentials-used");

    /// <summary>A request with the version policy Berth uses: HTTP/2 when TLS negotiates it, else HTTP/1.1.</summary>
    public static HttpRequestMessage Create(HttpMethod method, Uri uri) => new(method, uri)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public static IReadOnlyList<AuthScope> GetScopes(HttpRequestMessage request) =>
        request.Options.TryGetValue(Scopes, out var scopes) ? scopes : [];

    public static bool IsAnonymous(HttpRequestMessage request) => request.Options.TryGetValue(Anonymous, out var v) && v;

    public static bool GetCredentialsUsed(HttpRequestMessage request) => request.Options.TryGetValue(CredentialsUsed, out var v) && v;

    /// <summary>Copies the options a follow-up request (redirect) needs.</summary>
    public static void CopyOptions(HttpRequestMessage from, HttpRequestMessage to)
    {
        foreach (var (key, value) in from.Options)
        {
            ((IDictionary<string, object?>)to.Options)[key] = value;
        }
    }
}
