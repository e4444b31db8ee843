namespace Berth.Config;

/// <summary><c>short-name-mode</c> of registries.conf(5).</summary>
public enum ShortNameMode
{
    /// <summary>"permissive" (the default): prompt on a TTY, otherwise try all search registries.</summary>
    Permissive = 0,

    /// <summary>"enforcing": prompt on a TTY, otherwise fail when the short name is ambiguous.</summary>
    Enforcing,

    /// <summary>"disabled": never prompt, try all search registries.</summary>
    Disabled,
}

/// <summary>A short-name alias: <paramref name="Name"/> → <paramref name="Value"/>.</summary>
/// <param name="Name">The short name, e.g. <c>fedora</c>.</param>
/// <param name="Value">The fully qualified name (normalised, e.g. <c>docker.io/library/alpine</c>), or null when a later file reset it with "".</param>
/// <param name="Origin">The file the alias comes from (upstream shows it in pull errors).</param>
public sealed record ShortNameAlias(string Name, string? Value, string Origin);
