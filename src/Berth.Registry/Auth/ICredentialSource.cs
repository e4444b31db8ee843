namespace Berth.Registry;

/// <summary>A user name and secret for a registry, or an OAuth identity (refresh) token.</summary>
/// <param name="Username">The user name; <c>""</c> with an identity token only.</param>
/// <param name="Password">The password or access token.</param>
/// <param name="IdentityToken">An OAuth2 refresh token (<c>identitytoken</c> in auth.json, <c>&lt;token&gt;</c> user of a helper), or null.</param>
public sealed record RegistryCredential(string Username, string Password, string? IdentityToken = null)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => IdentityToken is null ? $"user '{Username}'" : $"user '{Username}' (identity token)";
}

/// <summary>Where the registry client gets credentials from.</summary>
public interface ICredentialSource
{
    /// <summary>The credentials for <paramref name="key"/>, or null for anonymous access.</summary>
    /// <param name="key">
    /// <c>registry/namespace/…/repository</c> for repository operations (auth.json keys may be namespaced),
    /// or the bare registry (<c>host[:port]</c>) for registry-wide operations.
    /// </param>
    /// <param name="cancellationToken">Cancels a running credential helper.</param>
    ValueTask<RegistryCredential?> GetCredentialAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Credentials given once for every registry and repository (<c>--creds user:password</c>), or none.</summary>
public sealed class StaticCredentialSource : ICredentialSource
{
    private readonly RegistryCredential? _credential;

    public StaticCredentialSource(RegistryCredential? credential) => _credential = credential;

    /// <summary>No credentials: every request is anonymous.</summary>
    public static StaticCredentialSource Anonymous { get; } = new(null);

    /// <summary>Parses <c>--creds</c>: <c>user:password</c>, split at the first colon.</summary>
    /// <exception cref="BerthException">InvalidArgument when the user name or the colon is missing.</exception>
    public static StaticCredentialSource Parse(string creds)
    {
        ArgumentNullException.ThrowIfNull(creds);
        var colon = creds.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw BerthException.InvalidArgument("credentials must be given as USERNAME:PASSWORD (--creds)");
        }

        return new StaticCredentialSource(new RegistryCredential(creds[..colon], creds[(colon + 1)..]));
    }

    public ValueTask<RegistryCredential?> GetCredentialAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult(_credential);
}
