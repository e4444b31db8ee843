using Berth.Cli.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli.Personalities;

/// <summary>skopeo's command tree (<c>berth skopeo …</c>, or a link named skopeo).</summary>
public static class SkopeoTree
{
    public static CommandSpec Create(string rootName) => new CommandSpec(rootName, "Various operations with container images and container image registries")
    {
        HelpStyle = HelpStyle.Cobra,
        LogrusFatalErrors = true,
        Usage = "[flags]",
        GlobalOptions = GlobalOptions.Skopeo,
        Options = [OptionSpec.Flag("version", 'v', "Version for Skopeo")],
        Args = ArgsRule.Any,
        Action = RootAsync,
    }.Add(
        HelpCommand.Create(),
        Commands.Skopeo.SkopeoCopy.Copy(),
        Commands.Skopeo.SkopeoCopy.Delete(),
        Commands.Skopeo.SkopeoInspect.Inspect(),
        Commands.Skopeo.SkopeoInspect.ListTags(),
        Commands.Skopeo.SkopeoSync.Create(),
        ManifestDigestCommand.Create(),
        LoginCommands.Login(),
        LoginCommands.Logout());

    private static Task<int> RootAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Options.GetBool("version"))
        {
            invocation.Out.WriteLine($"skopeo version {Engine.BuildInfo.Version}");
            return Task.FromResult(0);
        }

        return Task.FromResult(CliApplication.MissingCommand(invocation));
    }
}
