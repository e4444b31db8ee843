using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Buildah;

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
        SubcommandUsageTemplate = true,
    }.Add(
        VersionCommand.Buildah(), InfoCommand.Buildah(), HelpCommand.Create(), LoginCommands.Login(), LoginCommands.Logout(),
        BuildahCommands.From(), BuildahCommands.Containers(), BuildahCommands.Mount(), BuildahCommands.Umount(),
        BuildahCommands.Rm(), BuildahCommands.Run(), BuildahImageCommands.Copy(), BuildahImageCommands.Add(),
        BuildahImageCommands.Config(), BuildahImageCommands.Commit(), BuildahImageCommands.Inspect(),
        BuildahImageCommands.Images(), BuildahImageCommands.Rmi(), BuildahImageCommands.Tag(),
        BuildahImageCommands.Pull(), PushCommand.Create(), Build(), BuildahManifestCommands.Group());

    /// <summary><c>buildah build</c> (also <c>bud</c>): podman's build action and flags under buildah's names.</summary>
    private static CommandSpec Build()
    {
        var podman = BuildCommands.Build();
        return new CommandSpec("build", "Build an image using instructions in a Containerfile")
        {
            Aliases = ["build-using-dockerfile", "bud"],
            Description = "\n  Builds an OCI image using instructions in one or more Containerfiles.\n\n  If no arguments are specified, Buildah will use the current working directory\n  as the build context and look for a Containerfile. The build fails if no\n  Containerfile nor Dockerfile is present.",
            Usage = "[CONTEXT] [flags]",
            Example = "{path}\nbuildah bud -f Containerfile.simple .\nbuildah bud --volume /home/test:/myvol:ro,Z -t imageName .\nbuildah bud -f Containerfile.simple -f Containerfile.notsosimple .",
            Args = podman.Args,
            Options = podman.Options,
            Action = podman.Action,
        };
    }

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
