using Berth.Config.Toml;

namespace Berth.Config;

/// <summary>
/// containers.conf(5) as containers-common merges it: built-in defaults, then every file in load order, key
/// by key. Load it with <see cref="ContainersConfLoader.Load"/>.
/// </summary>
public sealed record ContainersConf
{
    /// <summary><c>[containers]</c>.</summary>
    public required ContainersSection Containers { get; init; }

    /// <summary><c>[engine]</c>.</summary>
    public required EngineSection Engine { get; init; }

    /// <summary><c>[network]</c>.</summary>
    public required NetworkSection Network { get; init; }

    /// <summary><c>[secrets]</c>.</summary>
    public required SecretsSection Secrets { get; init; }

    /// <summary><c>[machine]</c>.</summary>
    public required MachineSection Machine { get; init; }

    /// <summary><c>[farms]</c>.</summary>
    public required FarmsSection Farms { get; init; }

    /// <summary>The files that were read, in the order they were merged (for <c>--log-level=debug</c>).</summary>
    public IReadOnlyList<string> LoadedFiles { get; init; } = [];

    /// <summary>Absolute paths of the modules that were loaded (<c>--module</c>).</summary>
    public IReadOnlyList<string> LoadedModules { get; init; } = [];

    /// <summary>Keys nobody knows, each with file and line; upstream logs them at debug level and goes on.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Dotted keys ("engine.runtime", "engine.runtimes.runc") set by a file, with where the value came from.</summary>
    public IReadOnlyDictionary<string, ConfigOrigin> Origins { get; init; } = new Dictionary<string, ConfigOrigin>();

    /// <summary>Whether a file set <paramref name="dottedKey"/> (e.g. <c>engine.runtime</c>), as opposed to the built-in default.</summary>
    public bool IsSet(string dottedKey) => Origins.ContainsKey(dottedKey);

    /// <summary>Where <paramref name="dottedKey"/> was set last, or null for a built-in default.</summary>
    public ConfigOrigin? OriginOf(string dottedKey) => Origins.GetValueOrDefault(dottedKey);

    /// <summary>The built-in defaults, without reading any file.</summary>
    public static ContainersConf Defaults(ConfigEnvironment environment) => ContainersConfDefaults.Create(environment);
}
