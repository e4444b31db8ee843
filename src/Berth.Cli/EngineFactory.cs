using Berth.Cli.CommandLine;
using Berth.Config;
using Berth.Engine;

namespace Berth.Cli;

/// <summary>Opens the engine for one command line: global flags over configuration files over defaults.</summary>
public static class EngineFactory
{
    public static BerthEngine Create(Invocation invocation) =>
        BerthEngine.Open(GlobalOptions.ToEngineOptions(invocation.Options), ConfigEnvironment.FromProcess());
}
