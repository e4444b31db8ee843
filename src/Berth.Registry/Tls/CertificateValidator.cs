using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Registry;

/// <summary>
/// Validates registry certificates: the system's trust store plus the certs.d CAs, or nothing at all for an
/// insecure endpoint. Remembers why the last handshake to each host failed, in Go's words, for the error message.
/// </summary>
internal sealed class CertificateValidator
{
    private readonly bool _skipVerify;
    private readonly X509Certificate2Collection _extraAuthorities;
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.OrdinalIgnoreCase);

    public CertificateValidator(bool skipVerify, X509Certificate2Collection extraAuthorities)
    {
        _skipVerify = skipVerify;
        _extraAuthorities = extraAuthorities;
    }

    /// <summary>Why the last certificate from <paramref name="host"/> was refused, or null.</summary>
    public string? FailureFor(string host) => _failures.TryGetValue(host, out var reason) ? reason : null;

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_skipVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            _failures[host] = "tls: server sent no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _failures[host] = $"x509: certificate is not valid for {host}";
            return false;
        }

        var status = chain?.ChainStatus ?? [];
        if (_extraAuthorities.Count > 0 && TrustedByExtraAuthorities(certificate, chain, out status))
        {
            return true;
        }

        _failures[host] = Describe(status);
        return false;
    }

    private bool TrustedByExtraAuthorities(X509Certificate certificate, X509Chain? presented, out X509ChainStatus[] status)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraAuthorities);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        var ok = custom.Build(leaf);
        status = custom.ChainStatus;
        return ok;
    }

    private static string Describe(X509ChainStatus[] status)
    {
        var flags = X509ChainStatusFlags.NoError;
        foreach (var s in status)
        {
            flags |= s.Status;
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return "x509: certificate has expired or is not yet valid";
        }

        return "x509: certificate signed by unknown authority";
    }
}
