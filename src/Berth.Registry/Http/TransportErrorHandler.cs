using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Berth.Registry;

/// <summary>
/// The outermost handler: turns transport failures (unknown host, refused connection, TLS, timeouts) into
/// <see cref="BerthException"/>s with messages in the words podman users know from containers/image.
/// </summary>
internal sealed class TransportErrorHandler : DelegatingHandler
{
    private readonly RegistryEndpoint _endpoint;
    private readonly CertificateValidator _validator;

    public TransportErrorHandler(RegistryEndpoint endpoint, CertificateValidator validator)
    {
        _endpoint = endpoint;
        _validator = validator;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is BerthException inner)
        {
            throw new BerthException(inner.Kind, inner.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw Translate(request, uri, e);
        }
        catch (TimeoutException e)
        {
            throw BerthException.Unavailable($"{Context(request, uri)}: {e.Message} (the registry may be overloaded or unreachable; try again later)", e);
        }
    }

    private BerthException Translate(HttpRequestMessage request, Uri uri, HttpRequestException e)
    {
        var host = uri.IdnHost;
        var context = Context(request, uri);
        switch (e.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return BerthException.Unavailable($"{context}: dial tcp: lookup {host}: no such host (check the registry name and your DNS)", e);
            case HttpRequestError.SecureConnectionError:
                var reason = _validator.FailureFor(host) is { } failure ? "tls: failed to verify certificate: " + failure : TlsReason(e);
                return BerthException.Unavailable($"{context}: Get \"{uri.GetLeftPart(UriPartial.Path)}\": {reason} {RegistryErrors.TlsHint}", e);
            case HttpRequestError.ConnectionError:
                var socket = FindSocketError(e);
                var what = socket == SocketError.ConnectionRefused ? "connect: connection refused" : socket is { } s ? s.ToString() : e.Message;
                return BerthException.Unavailable($"{context}: dial tcp {uri.Authority}: {what}", e);
            default:
                return BerthException.Unavailable($"{context}: {e.Message}", e);
        }
    }

    private string Context(HttpRequestMessage request, Uri uri) =>
        RegistryHost.Matches(uri, _endpoint.Host) && uri.AbsolutePath == "/v2/" && request.Method == HttpMethod.Get
            ? $"pinging container registry {_endpoint.Name}"
            : $"{request.Method} {uri.GetLeftPart(UriPartial.Path)}";

    private static string TlsReason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException auth)
            {
                return auth.Message.Contains("UntrustedRoot", StringComparison.Ordinal) || auth.Message.Contains("PartialChain", StringComparison.Ordinal)
                    ? "tls: failed to verify certificate: x509: certificate signed by unknown authority"
                    : "tls: handshake failure: " + auth.Message + " (does the registry speak HTTPS on this port?)";
            }
        }

        return "tls: handshake failure: " + (e.InnerException?.Message ?? e.Message) + " (does the registry speak HTTPS on this port?)";
    }

    private static SocketError? FindSocketError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return s.SocketErrorCode;
            }
        }

        return null;
    }
}
