using System.Collections;
using System.Globalization;

namespace Berth.Config;

/// <summary>
/// Everything a configuration loader may look at besides the files themselves: the environment variables,
/// the user (root or rootless), the XDG base directories, a few facts about the host, and a filesystem root
/// prefix. Every loader takes one; tests build one that points the system directories into a temp directory.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RootPrefix"/> is prepended to the fixed system locations a loader looks in (<c>/etc/containers</c>,
/// <c>/usr/share/containers</c>, <c>/var/cache/containers</c>, <c>/run/containers</c>). It is never applied to
/// paths that come from the environment (<c>HOME</c>, <c>XDG_*</c>, <c>CONTAINERS_CONF</c>, …) nor to paths
/// that a configuration file names; tests point those into their temp directory through the variables.
/// </para>
/// <para>
/// Rootless means "not uid 0", as in containers/storage's <c>GetRootlessUID()</c>: when Berth has re-executed
/// itself inside a user namespace, <c>_CONTAINERS_ROOTLESS_UID</c> carries the original uid and wins over the
/// effective one (<see cref="FromProcess"/> does that).
/// </para>
/// </remarks>
public sealed class ConfigEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _variables;

    /// <param name="variables">The environment variables. Empty values count as unset.</param>
    /// <param name="uid">The user the configuration is for; 0 is root, anything else is rootless.</param>
    /// <param name="home">The home directory; defaults to <c>$HOME</c>, then <c>/</c>.</param>
    /// <param name="rootPrefix">Prefix for the fixed system locations; <c>""</c> for the real root.</param>
    /// <param name="host">Facts about the host that some defaults depend on; defaults to <see cref="HostFacts.None"/>.</param>
    public ConfigEnvironment(IReadOnlyDictionary<string, string> variables, int uid, string? home = null, string rootPrefix = "", HostFacts? host = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentOutOfRangeException.ThrowIfNegative(uid);
        _variables = variables;
        Uid = uid;
        RootPrefix = rootPrefix.TrimEnd('/');
        Host = host ?? HostFacts.None;
        Home = NonEmpty(home) ?? Get("HOME") ?? "/";
        XdgConfigHome = Get("XDG_CONFIG_HOME") ?? Path.Combine(Home, ".config");
        XdgDataHome = Get("XDG_DATA_HOME") ?? Path.Combine(Home, ".local", "share");
        XdgCacheHome = Get("XDG_CACHE_HOME") ?? Path.Combine(Home, ".cache");
        XdgRuntimeDir = Get("XDG_RUNTIME_DIR");
    }

    /// <summary>The uid the configuration is resolved for.</summary>
    public int Uid { get; }

    /// <summary>True for uid 0.</summary>
    public bool IsRoot => Uid == 0;

    /// <summary>True for any uid but 0: the rootless file locations and defaults apply.</summary>
    public bool IsRootless => Uid != 0;

    /// <summary>The home directory (<c>$HOME</c>).</summary>
    public string Home { get; }

    /// <summary><c>$XDG_CONFIG_HOME</c>, or <c>$HOME/.config</c>.</summary>
    public string XdgConfigHome { get; }

    /// <summary><c>$XDG_DATA_HOME</c>, or <c>$HOME/.local/share</c>.</summary>
    public string XdgDataHome { get; }

    /// <summary><c>$XDG_CACHE_HOME</c>, or <c>$HOME/.cache</c>.</summary>
    public string XdgCacheHome { get; }

    /// <summary><c>$XDG_RUNTIME_DIR</c>, or null when it is not set.</summary>
    public string? XdgRuntimeDir { get; }

    /// <summary>Prefix for the fixed system locations (no trailing slash); empty for the real root.</summary>
    public string RootPrefix { get; }

    /// <summary>Facts about the host (systemd, journald, cgroup version, SELinux).</summary>
    public HostFacts Host { get; }

    /// <summary>All environment variables.</summary>
    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>The value of an environment variable, or null when it is unset or empty.</summary>
    public string? Get(string name) => _variables.TryGetValue(name, out var value) ? NonEmpty(value) : null;

    /// <summary>Maps a fixed absolute system path (<c>/etc/containers/…</c>) under <see cref="RootPrefix"/>.</summary>
    public string SystemPath(string absolutePath)
    {
        if (!absolutePath.StartsWith('/'))
        {
            throw new ArgumentException($"'{absolutePath}' is not an absolute path", nameof(absolutePath));
        }

        return RootPrefix.Length == 0 ? absolutePath : RootPrefix + absolutePath;
    }

    /// <summary>The environment of this process: variables, effective uid, home directory and probed host facts.</summary>
    public static ConfigEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        var uid = ReadEffectiveUid();
        if (variables.TryGetValue("_CONTAINERS_ROOTLESS_UID", out var rootlessUid)
            && int.TryParse(rootlessUid, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            uid = parsed;
        }

        var home = NonEmpty(variables.GetValueOrDefault("HOME")) ?? NonEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return new ConfigEnvironment(variables, uid, home, "", HostFacts.Probe());
    }

    /// <summary>The effective uid from the <c>Uid:</c> line of <c>/proc/self/status</c> (real, effective, saved, fs).</summary>
    internal static int ReadEffectiveUid(string statusPath = "/proc/self/status")
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (!line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line[4..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var euid))
                {
                    return euid;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        // No /proc (not Linux, or not mounted): fall back to the user name.
        return Environment.UserName == "root" ? 0 : 1;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
