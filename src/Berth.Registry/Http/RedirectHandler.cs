using System.Net;

namespace Berth.Registry;

/// <summary>
/// Follows redirects of GET and HEAD requests (blob downloads are commonly sent to object storage). Each hop is a
/// new request without the <c>Authorization</c> header; the authentication handler below adds it again only if the
/// hop goes back to the registry's own host, so credentials never leak to storage hosts.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            return response;
        }

        var current = request;
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            if (hop == MaxRedirects)
            {
                response.Dispose();
                throw BerthException.Unavailable($"{request.Method} {request.RequestUri}: stopped after {MaxRedirects} redirects");
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
            {
                response.Dispose();
                throw BerthException.Unavailable($"{request.Method} {request.RequestUri}: redirected to unsupported URL {target.Scheme}:…");
            }

            response.Dispose();
            var next = RegistryRequest.Create(request.Method, target);
            foreach (var header in request.Headers)
            {
                if (!string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            RegistryRequest.CopyOptions(request, next);
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            current = next;
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
