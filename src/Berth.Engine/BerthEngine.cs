using Berth.Config;

namespace Berth.Engine;

/// <summary>
/// One opened engine: the configuration files read once and resolved with the command line into
/// <see cref="EngineSettings"/>. Services take the settings; nothing below reads the files again.
/// </summary>
public sealed class BerthEngine
{
    private readonly Lazy<RegistriesConf> registries;

    private BerthEngine(EngineOptions options, EngineSettings settings, ConfigEnvironment environment, ContainersConf containers, Lazy<RegistriesConf> registries, StorageConf storage)
    {
        Options = options;
        Environment = environment;
        Settings = settings;
        ContainersConf = containers;
        this.registries = registries;
        StorageConf = storage;
    }

    public EngineSettings Settings { get; }

    /// <summary>The global options given (passed on to <c>container cleanup</c>, which conmon runs after an exit).</summary>
    public EngineOptions Options { get; }

    /// <summary>The environment the configuration was read for (auth files, certs.d, rootless paths).</summary>
    public ConfigEnvironment Environment { get; }

    public ContainersConf ContainersConf { get; }

    /// <summary>registries.conf (and its drop-ins, shortnames.conf), read on first use: ps, run of a local image and most
    /// container commands never need it.</summary>
    public RegistriesConf RegistriesConf => registries.Value;

    public StorageConf StorageConf { get; }

    /// <exception cref="BerthException">A configuration file is malformed or a named file is missing.</exception>
    public static BerthEngine Open(EngineOptions options, ConfigEnvironment environment)
    {
        var containers = ContainersConfLoader.Load(environment);
        var registries = new Lazy<RegistriesConf>(() => RegistriesConfLoader.Load(environment, options.RegistriesConf));
        var storage = StorageConfResolver.Resolve(
            environment,
            new StorageOverrides(options.Root, options.RunRoot, options.StorageDriver, options.TmpDir, options.StorageOptions.Count > 0 ? options.StorageOptions : null),
            containers);
        return new BerthEngine(options, EngineSettingsResolver.Resolve(options, environment, containers, storage), environment, containers, registries, storage);
    }
}
