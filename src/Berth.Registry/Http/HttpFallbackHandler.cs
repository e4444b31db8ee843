using System.Net;

namespace Berth.Registry;

/// <summary>
/// For an insecure endpoint: when HTTPS to the registry fails with a TLS or connection error, the request is sent
/// again over plain HTTP, and once that works every later request to the registry goes over HTTP
/// (containers/image <c>detectProperties</c>). Requests to other hosts (token servers, blob storage) are untouched.
/// </summary>
internal sealed class HttpFallbackHandler : DelegatingHandler
{
    private readonly RegistryEndpoint _endpoint;
    private volatile bool _useHttp;

    public HttpFallbackHandler(RegistryEndpoint endpoint) => _endpoint = endpoint;

    /// <summary>Whether the registry is now spoken to over plain HTTP.</summary>
    public bool UsesHttp => _useHttp;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!_endpoint.Insecure || uri.Scheme != Uri.UriSchemeHttps || !RegistryHost.Matches(uri, _endpoint.Host))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (_useHttp)
        {
            request.RequestUri = ToHttp(uri);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.SecureConnectionError or HttpRequestError.ConnectionError
                                             && request.Content is null or ByteArrayContent or ReplayableContent)
        {
            request.RequestUri = ToHttp(uri);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _useHttp = true;
            return response;
        }
    }

    private static Uri ToHttp(Uri uri) => new UriBuilder(uri)
    {
        Scheme = Uri.UriSchemeHttp,
        Port = uri.IsDefaultPort ? -1 : uri.Port,
    }.Uri;
}

/// <summary>Compares request URIs with an endpoint's host[:port].</summary>
internal static class RegistryHost
{
    /// <summary>Whether <paramref name="uri"/> points at <paramref name="host"/> (host[:port]), whatever the scheme.</summary>
    public static bool Matches(Uri uri, string host)
    {
        var expected = new Uri("https://" + host + "/");
        if (!string.Equals(uri.IdnHost, expected.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // A registry named without a port is on the scheme's default port (443, or 80 after the HTTP fallback).
        return expected.IsDefaultPort ? uri.IsDefaultPort : uri.Port == expected.Port;
    }
}
