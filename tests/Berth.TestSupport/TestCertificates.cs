using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.TestSupport;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed for <c>127.0.0.1</c> and <c>localhost</c>,
/// written as PEM files (ECDSA P-256, valid from yesterday for a year).
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string caCertificatePath, string serverCertificatePath, string serverKeyPath)
    {
        CaCertificatePath = caCertificatePath;
        ServerCertificatePath = serverCertificatePath;
        ServerKeyPath = serverKeyPath;
    }

    /// <summary>The CA certificate (PEM): what a client must trust, e.g. as <c>certs.d/&lt;host&gt;/ca.crt</c>.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The server certificate (PEM).</summary>
    public string ServerCertificatePath { get; }

    /// <summary>The server's private key (PKCS#8 PEM).</summary>
    public string ServerKeyPath { get; }

    /// <summary>Creates the CA and server certificate in <paramref name="directory"/> (<c>ca.crt</c>, <c>server.crt</c>, <c>server.key</c>).</summary>
    public static TestCertificates Create(string directory, string commonName = "Berth test CA")
    {
        Directory.CreateDirectory(directory);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = notBefore.AddYears(1);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=" + commonName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        var certs = new TestCertificates(Path.Combine(directory, "ca.crt"), Path.Combine(directory, "server.crt"), Path.Combine(directory, "server.key"));
        File.WriteAllText(certs.CaCertificatePath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(certs.ServerCertificatePath, server.ExportCertificatePem() + "\n");
        File.WriteAllText(certs.ServerKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return certs;
    }

    /// <summary>A handler that trusts only this CA (for test-side HTTP clients).</summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }
}
