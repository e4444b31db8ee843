using Berth.Cli.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli.Personalities;

/// <summary>buildah's command tree (<c>berth buildah …</c>, or a link named buildah).</summary>
public static class BuildahTree
{
    public static CommandSpec Create(string rootName) => new CommandSpec(rootName, "A tool that facilitates building OCI images")
    {
        HelpStyle = HelpStyle.Cobra,
        Usage = "[flags]",
        GlobalOptions = GlobalOptions.Buildah,
        Options = [OptionSpec.Flag("version", 'v', "version for buildah")],
        Args = ArgsRule.Any,
        Action = RootAsync,
    }.Add(VersionCommand.Buildah(), InfoCommand.Buildah(), HelpCommand.Create(), LoginCommands.Login(), LoginCommands.Logout(), BuildahManifestCommands.Group());

    private static Task<int> RootAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Options.GetBool("version"))
        {
            invocation.Out.WriteLine($"buildah version {Engine.BuildInfo.Version}");
            return Task.FromResult(0);
        }

        if (invocation.Arguments.Count > 0)
        {
            return Task.FromResult(CliApplication.MissingCommand(invocation));
        }

        invocation.Out.Write(HelpWriter.Render(invocation.Command));
        return Task.FromResult(0);
    }
}
