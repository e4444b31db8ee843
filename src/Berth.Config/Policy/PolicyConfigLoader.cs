namespace Berth.Config;

/// <summary>
/// Finds and loads policy.json like containers/image's <c>DefaultPolicy</c>: an explicit path
/// (<c>--signature-policy</c>), else <c>$HOME/.config/containers/policy.json</c> if it exists, else
/// <c>/etc/containers/policy.json</c>. Note <c>$HOME</c>, not <c>$XDG_CONFIG_HOME</c>, as upstream.
/// </summary>
public static class PolicyConfigLoader
{
    /// <summary>The policy file that would be used, or null when none exists (and none was named).</summary>
    public static string? Locate(ConfigEnvironment environment, string? explicitPath = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return explicitPath;
        }

        var user = UserPolicyPath(environment);
        if (ConfigFiles.Exists(user))
        {
            return user;
        }

        var system = environment.SystemPath("/etc/containers/policy.json");
        return ConfigFiles.Exists(system) ? system : null;
    }

    /// <summary>Loads the policy.</summary>
    /// <exception cref="BerthException">NotFound when no policy file exists or the named one is missing; InvalidArgument when it is invalid.</exception>
    public static PolicyConfig Load(ConfigEnvironment environment, string? explicitPath = null)
    {
        var path = Locate(environment, explicitPath) ?? throw BerthException.NotFound(
            $"no policy.json file found at any of the following: \"{UserPolicyPath(environment)}\", \"{environment.SystemPath("/etc/containers/policy.json")}\" "
            + "(install containers-common's policy.json or create one, e.g. {\"default\": [{\"type\": \"insecureAcceptAnything\"}]})");
        var bytes = ConfigFiles.ReadBytesOptional(path)
            ?? throw ConfigErrors.MissingNamedFile(path, "the signature policy option");
        return PolicyConfigParser.Parse(path, bytes);
    }

    /// <summary>Parses policy.json content; <paramref name="path"/> names it in errors.</summary>
    public static PolicyConfig Parse(string path, byte[] utf8Json) => PolicyConfigParser.Parse(path, utf8Json);

    private static string UserPolicyPath(ConfigEnvironment environment) =>
        Path.Combine(environment.Home, ".config", "containers", "policy.json");
}
