using System.Globalization;

namespace Berth.Config;

/// <summary>Which auth files to read and which one to write.</summary>
public sealed record AuthFileLocations
{
    /// <summary>Files to read, in lookup order.</summary>
    public required IReadOnlyList<AuthFilePath> ReadPaths { get; init; }

    /// <summary>The file <c>login</c>/<c>logout</c> edit.</summary>
    public required AuthFilePath WritePath { get; init; }

    /// <summary>
    /// Whether <see cref="WritePath"/> is a Docker config.json that must stay readable by Docker (chosen by
    /// <c>$DOCKER_CONFIG</c> or <c>--compat-auth-file</c>): docker.io is written as <c>https://index.docker.io/v1/</c>
    /// and namespaced keys are refused.
    /// </summary>
    public bool WriteDockerCompatible { get; init; }

    /// <summary>The file the user named (<c>--authfile</c>, <c>$REGISTRY_AUTH_FILE</c>, <c>$DOCKER_CONFIG</c>), or null.</summary>
    public string? ExplicitPath { get; init; }

    /// <summary>
    /// Set when <c>$XDG_RUNTIME_DIR</c> names a missing directory: upstream skips that file when reading (with a
    /// warning) and fails when writing. <see cref="AuthFileWriter"/> throws this message.
    /// </summary>
    public string? WritePathProblem { get; init; }

    /// <summary>Things to log at warning level.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// The auth file locations of containers/image (pkg/docker/config) as podman uses them (containers/common pkg/auth).
/// </summary>
/// <remarks>
/// <para>
/// An explicit file — <c>--authfile</c>, else <c>$REGISTRY_AUTH_FILE</c>, else <c>$DOCKER_CONFIG/config.json</c>
/// (podman's default <c>--authfile</c> value) — is the only file read. Otherwise, on Linux, for root and rootless
/// alike: <c>$XDG_RUNTIME_DIR/containers/auth.json</c> (or <c>/run/containers/&lt;uid&gt;/auth.json</c> when
/// <c>XDG_RUNTIME_DIR</c> is unset), <c>$XDG_CONFIG_HOME/containers/auth.json</c> (default <c>~/.config</c>),
/// <c>~/.docker/config.json</c>, and the legacy <c>~/.dockercfg</c>.
/// </para>
/// <para>
/// Writes go to the explicit file, or with <c>$DOCKER_CONFIG</c> (and no <c>--authfile</c>/<c>$REGISTRY_AUTH_FILE</c>)
/// to <c>$DOCKER_CONFIG/config.json</c> in Docker-compatible form, else to the first default path. Commands that
/// read credentials (pull, push, logout) require an explicit file to exist (<see cref="RequireExplicitFile"/>);
/// login creates it.
/// </para>
/// </remarks>
public static class AuthFileLocator
{
    /// <summary>Names the auth file, like <c>--authfile</c>.</summary>
    public const string RegistryAuthFileVariable = "REGISTRY_AUTH_FILE";

    /// <summary>Docker's configuration directory.</summary>
    public const string DockerConfigVariable = "DOCKER_CONFIG";

    /// <summary>Resolves the locations.</summary>
    /// <param name="environment">Where to look.</param>
    /// <param name="authFile">The <c>--authfile</c> option, or null.</param>
    /// <param name="compatAuthFile">The <c>--compat-auth-file</c> option (a Docker config.json to write), or null.</param>
    public static AuthFileLocations Locate(ConfigEnvironment environment, string? authFile = null, string? compatAuthFile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(authFile) && !string.IsNullOrEmpty(compatAuthFile))
        {
            throw BerthException.InvalidArgument("options for paths to the credential file and to the Docker-compatible credential file can not be set simultaneously");
        }

        if (!string.IsNullOrEmpty(compatAuthFile))
        {
            var compat = new AuthFilePath(compatAuthFile);
            return new AuthFileLocations { ReadPaths = [compat], WritePath = compat, WriteDockerCompatible = true, ExplicitPath = compatAuthFile };
        }

        var warnings = new List<string>();
        var dockerConfig = environment.Get(DockerConfigVariable);
        var explicitPath = NonEmpty(authFile) ?? environment.Get(RegistryAuthFileVariable);
        if (explicitPath is not null)
        {
            if (explicitPath == Path.Combine(environment.Home, ".docker", "config.json"))
            {
                warnings.Add($"{explicitPath} is Docker's config.json, but the file format is not fully compatible; use --compat-auth-file to write it");
            }

            var path = new AuthFilePath(explicitPath);
            return new AuthFileLocations { ReadPaths = [path], WritePath = path, ExplicitPath = explicitPath, Warnings = warnings };
        }

        if (dockerConfig is not null)
        {
            var path = new AuthFilePath(Path.Combine(dockerConfig, "config.json"));
            return new AuthFileLocations { ReadPaths = [path], WritePath = path, WriteDockerCompatible = true, ExplicitPath = path.Path };
        }

        var (primary, problem) = PrimaryPath(environment);
        if (problem is not null)
        {
            warnings.Add($"{problem}: Trying to pull image in the event that it is a public image.");
        }

        var read = new List<AuthFilePath>();
        if (problem is null)
        {
            read.Add(primary);
        }

        read.Add(new AuthFilePath(Path.Combine(environment.XdgConfigHome, "containers", "auth.json")));
        read.Add(new AuthFilePath(Path.Combine(environment.Home, ".docker", "config.json")));
        read.Add(new AuthFilePath(Path.Combine(environment.Home, ".dockercfg"), LegacyFormat: true));
        return new AuthFileLocations { ReadPaths = read, WritePath = primary, WritePathProblem = problem, Warnings = warnings };
    }

    /// <summary>Fails when the user named an auth file that does not exist (podman's <c>CheckAuthFile</c>, for pull/push/logout).</summary>
    public static void RequireExplicitFile(AuthFileLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        if (locations.ExplicitPath is { } path && !File.Exists(path))
        {
            throw BerthException.NotFound($"credential file is not accessible: {path}: no such file (log in first, or fix --authfile/$REGISTRY_AUTH_FILE)");
        }
    }

    private static (AuthFilePath Path, string? Problem) PrimaryPath(ConfigEnvironment environment)
    {
        if (environment.XdgRuntimeDir is { } runtimeDir)
        {
            var path = new AuthFilePath(Path.Combine(runtimeDir, "containers", "auth.json"));
            return Directory.Exists(runtimeDir)
                ? (path, null)
                : (path, $"\"{runtimeDir}\" directory set by $XDG_RUNTIME_DIR does not exist. Either create the directory or unset $XDG_RUNTIME_DIR.");
        }

        return (new AuthFilePath(environment.SystemPath(string.Create(CultureInfo.InvariantCulture, $"/run/containers/{environment.Uid}/auth.json"))), null);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
