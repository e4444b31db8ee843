using System.Collections.Concurrent;

namespace Berth.Registry;

/// <summary>
/// Hands out one <see cref="RegistryClient"/> (one connection pool, one token cache) per endpoint, so a pull or push
/// that touches the same registry many times reuses connections and tokens. Dispose it when the command is done;
/// it disposes the clients it made (do not dispose them yourself).
/// </summary>
public sealed class RegistryClientFactory : IDisposable
{
    private readonly ConcurrentDictionary<RegistryEndpoint, Lazy<RegistryClient>> _clients = new();

    public RegistryClientFactory(RegistryClientOptions? options = null) => Options = options ?? new RegistryClientOptions();

    public RegistryClientOptions Options { get; }

    /// <summary>The client for <paramref name="endpoint"/>, made on first use.</summary>
    public RegistryClient GetClient(RegistryEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _clients.GetOrAdd(endpoint, e => new Lazy<RegistryClient>(() => new RegistryClient(e, Options))).Value;
    }

    /// <summary>
    /// What <c>podman login</c> checks before it stores credentials: ping, challenge, and a token (or a Basic
    /// request) with exactly these credentials. Uses a fresh client, so no cached token or stored credential counts.
    /// </summary>
    /// <exception cref="BerthException">Unauthorized with "invalid username/password" when the registry refuses them; Unavailable when it cannot be reached.</exception>
    public async Task LoginCheckAsync(RegistryEndpoint endpoint, string username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        using var client = new RegistryClient(endpoint, Options with { Credentials = new StaticCredentialSource(new RegistryCredential(username, password)) });
        await client.CheckAuthenticationAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }

        _clients.Clear();
    }
}
