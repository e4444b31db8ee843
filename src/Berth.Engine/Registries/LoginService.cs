using Berth.Config;

namespace Berth.Engine.Registries;

/// <summary>What <c>login</c> did.</summary>
public enum LoginOutcome
{
    /// <summary>New credentials were checked and stored.</summary>
    LoggedIn,
    /// <summary>No new credentials were given and the stored ones still work.</summary>
    AlreadyLoggedIn,
}

/// <summary>podman's login, logout and <c>login --get-login</c> over auth.json and the registry.</summary>
public sealed class LoginService(BerthEngine engine)
{
    private readonly RegistryAccess _access = new(engine);

    /// <summary>The auth.json key for what the user typed: scheme and trailing slashes dropped, docker.io's aliases folded.</summary>
    public static string NormalizeKey(string registry)
    {
        var key = registry;
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (key.StartsWith(scheme, StringComparison.Ordinal))
            {
                key = key[scheme.Length..];
            }
        }

        key = key.TrimEnd('/');
        return key is "index.docker.io" or "registry-1.docker.io" or "docker.io/v1" ? "docker.io" : key;
    }

    /// <summary>The registry to use when none is named: the first unqualified-search registry, as podman does.</summary>
    public string DefaultRegistry() =>
        engine.RegistriesConf.UnqualifiedSearchRegistries is { Count: > 0 } search
            ? search[0]
            : throw new BerthException(ErrorKind.InvalidArgument, "no registries found in registries.conf, a registry must be provided");

    /// <summary>The stored user for <paramref name="registry"/>, or a NotFound error "not logged into X".</summary>
    public string GetLogin(string registry, string? authFile)
    {
        var key = NormalizeKey(registry);
        var lookup = CredentialLookup.Find(_access.AuthFiles(authFile, requireExisting: authFile is not null).ReadPaths, key);
        return lookup.Credentials?.Username is { Length: > 0 } user
            ? user
            : throw new BerthException(ErrorKind.NotFound, $"not logged into {key}");
    }

    public async Task<LoginOutcome> LoginAsync(string registry, string? username, string? password, RegistryAccessOptions options, CancellationToken cancellationToken)
    {
        var key = NormalizeKey(registry);
        var locations = _access.AuthFiles(options.AuthFile, requireExisting: options.AuthFile is not null);
        var host = key.Split('/')[0];
        var endpoint = _access.Endpoints.ResolveRegistry(host, options.TlsVerify);
        using var factory = _access.CreateFactory(options with { Credentials = null });
        if (username is null && password is null && CredentialLookup.Find(locations.ReadPaths, key).Credentials is { } stored)
        {
            await factory.LoginCheckAsync(endpoint, stored.Username, stored.Password, cancellationToken).ConfigureAwait(false);
            return LoginOutcome.AlreadyLoggedIn;
        }

        if (string.IsNullOrEmpty(username))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "getting username and password: reading username: EOF");
        }

        if (password is null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "getting username and password: reading password: inappropriate ioctl for device");
        }

        try
        {
            await factory.LoginCheckAsync(endpoint, username, password, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"authenticating creds for \"{key}\": {e.Message}", e);
        }

        AuthFileWriter.SetCredentials(locations, key, username, password);
        return LoginOutcome.LoggedIn;
    }

    /// <summary>Removes the credentials for one registry; NotFound "not logged into X" when there were none.</summary>
    public void Logout(string registry, string? authFile)
    {
        var key = NormalizeKey(registry);
        var removal = AuthFileWriter.RemoveCredentials(_access.AuthFiles(authFile, requireExisting: true), key);
        if (!removal.Removed)
        {
            throw new BerthException(ErrorKind.NotFound, $"not logged into {key}");
        }
    }

    public void LogoutAll(string? authFile) => AuthFileWriter.RemoveAll(_access.AuthFiles(authFile, requireExisting: true));
}
