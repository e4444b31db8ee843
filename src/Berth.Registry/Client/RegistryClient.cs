using System.Net;
using Berth.Oci;

namespace Berth.Registry;

/// <summary>
/// The distribution API of one registry endpoint (OCI distribution-spec): ping, manifests, blobs, uploads, tags.
/// Every request goes through the endpoint's handler chain (authentication, retries, HTTP fallback, error
/// translation); every failure is a <see cref="BerthException"/>. Thread-safe; one instance per endpoint is
/// enough (see <see cref="RegistryClientFactory"/>).
/// </summary>
/// <remarks>Repository arguments are paths on this endpoint (<see cref="RegistrySource.Repository"/>), e.g. <c>library/busybox</c>.</remarks>
public sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryPipeline _pipeline;
    private readonly RegistryClientOptions _options;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private volatile RegistryPing? _ping;

    /// <summary>A client with its own connection pool.</summary>
    public RegistryClient(RegistryEndpoint endpoint, RegistryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _options = options ?? new RegistryClientOptions();
        _pipeline = new RegistryPipeline(endpoint, _options);
    }

    public RegistryEndpoint Endpoint { get; }

    /// <summary>Tokens fetched so far (for diagnostics and tests).</summary>
    internal int TokensFetched => _pipeline.Authentication.TokensFetched;

    private HttpClient Http => _pipeline.Client;

    /// <summary>
    /// <c>GET /v2/</c> without credentials: checks that the endpoint speaks the distribution API, learns its
    /// authentication challenge and, for an insecure endpoint, whether it needs plain HTTP. Other operations ping
    /// once by themselves.
    /// </summary>
    /// <exception cref="BerthException">Unavailable when the registry cannot be reached or does not answer 200/401.</exception>
    public async Task<RegistryPing> PingAsync(CancellationToken cancellationToken)
    {
        using var request = RegistryRequest.Create(HttpMethod.Get, ApiUri("v2/"));
        request.Options.Set(RegistryRequest.Anonymous, true);
        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Unauthorized))
        {
            using (response)
            {
                var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
                throw BerthException.Unavailable($"pinging container registry {Endpoint.Name}: received unexpected HTTP status: {status} (is {Endpoint.Host} a container registry?)");
            }
        }

        using (response)
        {
            var ping = new RegistryPing(response.StatusCode == HttpStatusCode.Unauthorized, _pipeline.Authentication.Challenge?.Scheme, _pipeline.Fallback.UsesHttp);
            _ping = ping;
            return ping;
        }
    }

    /// <summary>
    /// What <c>podman login</c> checks: the ping, then <c>GET /v2/</c> authenticated with the configured credentials
    /// (a token without scope for Bearer registries). Nothing is written anywhere.
    /// </summary>
    /// <exception cref="BerthException">Unauthorized "invalid username/password" when the registry refuses them.</exception>
    public async Task CheckAuthenticationAsync(CancellationToken cancellationToken)
    {
        var ping = await PingAsync(cancellationToken).ConfigureAwait(false);
        if (!ping.AuthenticationRequired)
        {
            return;
        }

        using var request = RegistryRequest.Create(HttpMethod.Get, ApiUri("v2/"));
        var response = await SendAsync(request, null, [], cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailAsync(response, null, $"authenticating to {Endpoint.Name}", cancellationToken).ConfigureAwait(false);
        }

        response.Dispose();
    }

    public void Dispose()
    {
        _pipeline.Dispose();
        _pingLock.Dispose();
    }

    /// <summary>An absolute URI on the endpoint (always https; the fallback handler rewrites it when needed).</summary>
    private Uri ApiUri(string relative) => new($"https://{Endpoint.Host}/{relative}");

    private string Where(string repository) => $"{Endpoint.Name}/{repository}";

    /// <summary>Pings once, tags the request with its scopes and credentials key, and sends it (headers only).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? repository, IReadOnlyList<AuthScope> scopes, CancellationToken cancellationToken)
    {
        if (_ping is null)
        {
            await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_ping is null)
                {
                    await PingAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _pingLock.Release();
            }
        }

        request.Options.Set(RegistryRequest.Scopes, scopes);
        request.Options.Set(RegistryRequest.CredentialKey, repository is null ? Endpoint.Name : Where(repository));
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private Task<BerthException> FailAsync(HttpResponseMessage response, string? repository, string operation, CancellationToken cancellationToken)
    {
        var credentialsUsed = response.RequestMessage is { } sent && RegistryRequest.GetCredentialsUsed(sent);
        return RegistryErrors.FromResponseAsync(response, Endpoint.Name, repository, operation, credentialsUsed, cancellationToken);
    }

    private static Digest? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var d) ? d : null;

    private static BerthException Corrupt(string operation, string detail) =>
        new(ErrorKind.Internal, $"{operation}: {detail}");
}
