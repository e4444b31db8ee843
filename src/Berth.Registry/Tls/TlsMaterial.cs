using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Registry;

/// <summary>What a certs.d host directory contributes to a TLS connection: extra trusted CAs and client certificates.</summary>
internal sealed class TlsMaterial : IDisposable
{
    private TlsMaterial(X509Certificate2Collection authorities, X509Certificate2Collection clientCertificates, string? directory)
    {
        Authorities = authorities;
        ClientCertificates = clientCertificates;
        Directory = directory;
    }

    public static TlsMaterial Empty => new([], [], null);

    /// <summary>CAs from <c>*.crt</c>, trusted in addition to the system's.</summary>
    public X509Certificate2Collection Authorities { get; }

    /// <summary>Client certificates with their keys (<c>*.cert</c> + <c>*.key</c>).</summary>
    public X509Certificate2Collection ClientCertificates { get; }

    /// <summary>The directory they came from, or null.</summary>
    public string? Directory { get; }

    /// <summary>Loads <paramref name="directory"/> (null: nothing), as containers/image <c>SetupCertificates</c> does.</summary>
    /// <exception cref="BerthException">InvalidArgument naming the file when a certificate or key cannot be read, or a key has no certificate.</exception>
    public static TlsMaterial Load(string? directory)
    {
        if (directory is null)
        {
            return Empty;
        }

        var authorities = new X509Certificate2Collection();
        var clients = new X509Certificate2Collection();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            try
            {
                if (name.EndsWith(".crt", StringComparison.Ordinal))
                {
                    authorities.ImportFromPemFile(file);
                }
                else if (name.EndsWith(".cert", StringComparison.Ordinal))
                {
                    var key = Path.ChangeExtension(file, ".key");
                    if (!File.Exists(key))
                    {
                        throw BerthException.InvalidArgument($"missing key {Path.GetFileName(key)} for client certificate {file} (add the key or remove the certificate)");
                    }

                    clients.Add(X509Certificate2.CreateFromPemFile(file, key));
                }
                else if (name.EndsWith(".key", StringComparison.Ordinal) && !File.Exists(Path.ChangeExtension(file, ".cert")))
                {
                    throw BerthException.InvalidArgument($"missing client certificate {Path.GetFileNameWithoutExtension(file)}.cert for key {file} (add the certificate or remove the key)");
                }
            }
            catch (CryptographicException e)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"reading {file}: {e.Message} (certs.d files must be PEM)", e);
            }
        }

        return new TlsMaterial(authorities, clients, directory);
    }

    public void Dispose()
    {
        foreach (var certificate in Authorities)
        {
            certificate.Dispose();
        }

        foreach (var certificate in ClientCertificates)
        {
            certificate.Dispose();
        }
    }
}
