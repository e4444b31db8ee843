using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Registry;

/// <summary>
/// Builds the handler chain for one endpoint, outermost first:
/// <see cref="TransportErrorHandler"/> → <see cref="RedirectHandler"/> → <see cref="AuthenticationHandler"/> →
/// <see cref="RetryHandler"/> → <see cref="HttpFallbackHandler"/> → <see cref="SocketsHttpHandler"/>
/// (pooled connections, HTTP/1.1 and HTTP/2, no automatic decompression or redirects, certs.d trust).
/// </summary>
internal sealed class RegistryPipeline : IDisposable
{
    private readonly TlsMaterial _tls;

    public RegistryPipeline(RegistryEndpoint endpoint, RegistryClientOptions options)
    {
        _tls = TlsMaterial.Load(CertsDirectories.FindHostDirectory(options.CertsDirectories, endpoint.Name));
        Validator = new CertificateValidator(endpoint.Insecure, _tls.Authorities);
        var primary = options.PrimaryHandlerFactory?.Invoke(endpoint) ?? CreateSocketsHandler(options);
        Fallback = new HttpFallbackHandler(endpoint) { InnerHandler = primary };
        var retry = new RetryHandler(options) { InnerHandler = Fallback };
        Authentication = new AuthenticationHandler(endpoint, options.Credentials, options.TimeProvider) { InnerHandler = retry };
        var redirect = new RedirectHandler { InnerHandler = Authentication };
        var errors = new TransportErrorHandler(endpoint, Validator) { InnerHandler = redirect };
        Client = new HttpClient(errors, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public HttpClient Client { get; }

    public AuthenticationHandler Authentication { get; }

    public HttpFallbackHandler Fallback { get; }

    public CertificateValidator Validator { get; }

    public void Dispose()
    {
        Client.Dispose();
        _tls.Dispose();
    }

    private SocketsHttpHandler CreateSocketsHandler(RegistryClientOptions options)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = Validator.Validate,
        };
        if (_tls.ClientCertificates.Count > 0)
        {
            var certificates = _tls.ClientCertificates;
            ssl.ClientCertificates = certificates;
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificates[0];
        }

        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = true,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            EnableMultipleHttp2Connections = true,
            SslOptions = ssl,
        };
    }
}
