namespace Berth.Config;

/// <summary>containers/image's rules for auth.json keys (pkg/docker/config).</summary>
internal static class AuthKeys
{
    /// <summary>Checks a lookup/login key and returns its registry (the part before the first slash).</summary>
    public static string Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith("http://", StringComparison.Ordinal) || key.StartsWith("https://", StringComparison.Ordinal))
        {
            throw BerthException.InvalidArgument($"key {key} contains http[s]:// prefix (use the registry host name)");
        }

        if (key.Contains('@', StringComparison.Ordinal))
        {
            throw BerthException.InvalidArgument($"key {key} contains a '@' character (credentials are per registry or repository, not per digest)");
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && key.AsSpan(slash + 1).Contains(':'))
        {
            throw BerthException.InvalidArgument($"key {key} contains a ':' character after host[:port] (remove the tag)");
        }

        return slash < 0 ? key : key[..slash];
    }

    public static bool IsNamespaced(string key) => key.Contains('/', StringComparison.Ordinal);

    /// <summary>The key itself, then each shorter namespace, down to the registry; only the registry for legacy files.</summary>
    public static IEnumerable<string> LookupOrder(string key, string registry, bool legacyFormat)
    {
        if (legacyFormat)
        {
            yield return registry;
            yield break;
        }

        while (true)
        {
            yield return key;
            var slash = key.LastIndexOf('/');
            if (slash < 0)
            {
                yield break;
            }

            key = key[..slash];
        }
    }

    /// <summary>Strips a scheme (and for legacy/URL keys the path) and maps docker.io aliases to index.docker.io.</summary>
    public static string NormalizeAuthFileKey(string key, bool legacyFormat)
    {
        var stripped = key.StartsWith("http://", StringComparison.Ordinal) ? key[7..]
            : key.StartsWith("https://", StringComparison.Ordinal) ? key[8..]
            : key;
        if (legacyFormat || stripped.Length != key.Length)
        {
            var slash = stripped.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                stripped = stripped[..slash];
            }
        }

        return NormalizeRegistry(stripped);
    }

    public static string NormalizeRegistry(string registry) =>
        registry is "registry-1.docker.io" or "docker.io" ? "index.docker.io" : registry;
}
