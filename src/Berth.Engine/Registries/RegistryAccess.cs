using Berth.Config;
using Berth.Registry;

namespace Berth.Engine.Registries;

/// <summary>Per-command registry options: podman's --authfile, --creds, --cert-dir and --tls-verify.</summary>
public sealed record RegistryAccessOptions
{
    public string? AuthFile { get; init; }

    /// <summary>USERNAME[:PASSWORD] given on the command line; wins over every stored credential.</summary>
    public string? Credentials { get; init; }

    public string? CertDir { get; init; }

    /// <summary>No credentials at all (skopeo --no-creds).</summary>
    public bool Anonymous { get; init; }

    /// <summary>null: as registries.conf says; false: no TLS verification (and plain HTTP allowed).</summary>
    public bool? TlsVerify { get; init; }
}

/// <summary>Builds registry clients for one engine: endpoints from registries.conf, credentials from auth files and helpers.</summary>
public sealed class RegistryAccess(BerthEngine engine)
{
    public EndpointResolver Endpoints { get; } = new(engine.RegistriesConf);

    /// <param name="authFile">--authfile, or null for REGISTRY_AUTH_FILE and the standard places.</param>
    /// <param name="requireExisting">podman checks that an explicitly named file exists (--authfile always; logout also for REGISTRY_AUTH_FILE).</param>
    public AuthFileLocations AuthFiles(string? authFile, bool requireExisting)
    {
        var locations = AuthFileLocator.Locate(engine.Environment, authFile);
        if (requireExisting)
        {
            AuthFileLocator.RequireExplicitFile(locations);
        }

        return locations;
    }

    public RegistryClientFactory CreateFactory(RegistryAccessOptions options)
    {
        ICredentialSource credentials = options.Anonymous ? StaticCredentialSource.Anonymous : options.Credentials is { } creds
            ? StaticCredentialSource.Parse(creds)
            : new AuthFileCredentialSource(AuthFileLocator.Locate(engine.Environment, options.AuthFile), engine.RegistriesConf.CredentialHelpers);
        var certs = options.CertDir is { } dir ? new[] { dir } : CertsDirectories.Defaults(engine.Environment);
        return new RegistryClientFactory(new RegistryClientOptions
        {
            Credentials = credentials,
            CertsDirectories = certs,
            UserAgent = $"berth/{BuildInfo.Version}",
        });
    }
}
