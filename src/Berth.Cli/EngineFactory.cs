using Berth.Cli.CommandLine;
using Berth.Config;
using Berth.Engine;

namespace Berth.Cli;

/// <summary>Opens the engine for one command line: global flags over configuration files over defaults.</summary>
public static class EngineFactory
{
    public static BerthEngine Create(Invocation invocation)
    {
        var engine = BerthEngine.Open(GlobalOptions.ToEngineOptions(invocation.Options), ConfigEnvironment.FromProcess());
        if (CliLog.IsEnabled("debug"))
        {
            foreach (var file in engine.ContainersConf.LoadedFiles.Concat(engine.RegistriesConf.LoadedFiles))
            {
                CliLog.Debug($"Found configuration file {file}");
            }

            if (engine.StorageConf.ConfigFile is { } storageConf)
            {
                CliLog.Debug($"Found storage configuration file {storageConf}");
            }

            foreach (var warning in engine.ContainersConf.Warnings.Concat(engine.RegistriesConf.Warnings).Concat(engine.StorageConf.Warnings))
            {
                CliLog.Debug(warning);
            }

            var s = engine.Settings;
            CliLog.Debug($"Using graph root {s.GraphRoot}, run root {s.RunRoot}, volume path {s.VolumePath}, tmp dir {s.TmpDir}");
        }

        return engine;
    }
}
