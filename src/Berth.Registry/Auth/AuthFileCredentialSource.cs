using System.Collections.Concurrent;
using Berth.Config;

namespace Berth.Registry;

/// <summary>
/// Credentials the way podman finds them (containers/image <c>pkg/docker/config.GetCredentials</c>): for each entry
/// of registries.conf <c>credential-helpers</c> in order — <c>containers-auth.json</c> means the auth files (where a
/// <c>credHelpers</c> entry sends the registry to that helper), any other name is a helper run directly — the first
/// that has credentials wins. Results are cached per key for the lifetime of this object.
/// </summary>
public sealed class AuthFileCredentialSource : ICredentialSource
{
    private readonly AuthFileLocations _locations;
    private readonly IReadOnlyList<string> _helpers;
    private readonly CredentialHelper _helper;
    private readonly ConcurrentDictionary<string, Task<RegistryCredential?>> _cache = new(StringComparer.Ordinal);

    /// <param name="locations">The auth files (<see cref="AuthFileLocator.Locate"/>).</param>
    /// <param name="credentialHelpers">registries.conf <c>credential-helpers</c>; default: only the auth files.</param>
    /// <param name="helper">Runs <c>docker-credential-*</c>; default searches <c>$PATH</c>.</param>
    public AuthFileCredentialSource(AuthFileLocations locations, IReadOnlyList<string>? credentialHelpers = null, CredentialHelper? helper = null)
    {
        ArgumentNullException.ThrowIfNull(locations);
        _locations = locations;
        _helpers = credentialHelpers is { Count: > 0 } ? credentialHelpers : [RegistriesConf.AuthFileCredentialHelper];
        _helper = helper ?? new CredentialHelper();
    }

    public async ValueTask<RegistryCredential?> GetCredentialAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // One lookup per key even when requests race; a failed lookup is forgotten so the next call tries again.
        var lookup = _cache.GetOrAdd(key, k => LookupAsync(k, CancellationToken.None));
        try
        {
            return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lookup.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<string, Task<RegistryCredential?>>(key, lookup));
            throw;
        }
    }

    private async Task<RegistryCredential?> LookupAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? key : key[..slash];
        // As upstream: a helper that fails does not stop the search; its error is reported only when no other source has credentials.
        BerthException? firstError = null;
        foreach (var name in _helpers)
        {
            try
            {
                if (await FromSourceAsync(name, key, registry, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return found;
                }
            }
            catch (BerthException e) when (e.Kind == ErrorKind.Unavailable)
            {
                firstError ??= e;
            }
        }

        return firstError is null ? null : throw firstError;
    }

    private async Task<RegistryCredential?> FromSourceAsync(string name, string key, string registry, CancellationToken cancellationToken)
    {
        if (name != RegistriesConf.AuthFileCredentialHelper)
        {
            return await _helper.GetAsync(name, registry, cancellationToken).ConfigureAwait(false);
        }

        var lookup = CredentialLookup.Find(_locations.ReadPaths, key);
        if (lookup.Credentials is { } c)
        {
            return new RegistryCredential(c.Username, c.Password, string.IsNullOrEmpty(c.IdentityToken) ? null : c.IdentityToken);
        }

        return lookup.Helper is { } helper
            ? await _helper.GetAsync(helper, lookup.HelperRegistry ?? registry, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
