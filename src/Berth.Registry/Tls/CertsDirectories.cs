using Berth.Config;

namespace Berth.Registry;

/// <summary>
/// The per-host certificate directories of containers-certs.d(5): <c>&lt;root&gt;/&lt;host[:port]&gt;/</c> holds
/// <c>*.crt</c> files (extra CAs trusted for that registry) and <c>*.cert</c> + <c>*.key</c> pairs (a client
/// certificate). The first root that has a directory for the registry is used (containers/image <c>dockerCertDir</c>).
/// </summary>
public static class CertsDirectories
{
    /// <summary>
    /// The roots in lookup order: rootless <c>$HOME/.config/containers/certs.d</c>, then
    /// <c>/etc/containers/certs.d</c> and <c>/etc/docker/certs.d</c> (under <see cref="ConfigEnvironment.RootPrefix"/>).
    /// </summary>
    public static IReadOnlyList<string> Defaults(ConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var roots = new List<string>();
        if (environment.IsRootless)
        {
            roots.Add(Path.Combine(environment.Home, ".config", "containers", "certs.d"));
        }

        roots.Add(environment.SystemPath("/etc/containers/certs.d"));
        roots.Add(environment.SystemPath("/etc/docker/certs.d"));
        return roots;
    }

    /// <summary>The directory for <paramref name="registry"/> (host[:port]) under the first root that has one, or null.</summary>
    public static string? FindHostDirectory(IEnumerable<string> roots, string registry)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentException.ThrowIfNullOrEmpty(registry);
        if (registry.Contains('/', StringComparison.Ordinal) || registry.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var root in roots)
        {
            var directory = Path.Combine(root, registry);
            if (Directory.Exists(directory))
            {
                return directory;
            }
        }

        return null;
    }
}
