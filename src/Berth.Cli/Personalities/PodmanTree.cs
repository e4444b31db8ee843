using Berth.Cli.CommandLine;
using Berth.Cli.Commands;

namespace Berth.Cli.Personalities;

/// <summary>podman's command tree. Each command added later registers here, with podman's aliases.</summary>
public static class PodmanTree
{
    /// <param name="containerDefaults">containers.conf's values for the container flags' defaults; the built-in ones when null.</param>
    public static CommandSpec Create(string rootName, ContainerFlagDefaults? containerDefaults = null)
    {
        var containers = containerDefaults ?? ContainerFlagDefaults.Builtin;
        var root = new CommandSpec(rootName, "Manage pods, containers and images")
        {
            Usage = "[options] [command]",
            GlobalOptions = GlobalOptions.Podman,
            Options = [OptionSpec.Flag("version", 'v', $"version for {rootName}")],
            Action = (inv, ct) => RootAction(inv),
            Args = ArgsRule.Any,
        };

        root.Add(
            VersionCommand.Podman(),
            InfoCommand.Podman("info"),
            HelpCommand.Create(),
            LoginCommands.Login(),
            BuildCommands.Build(),
            ImageCommands.Pull(),
            PushCommand.Create(),
            ImageCommands.List("images"),
            ImageCommands.Inspect(generic: true),
            ImageCommands.Tag(),
            ImageCommands.Untag(),
            ImageCommands.Remove("rmi"),
            ImageCommands.History(),
            ImageCommands.Save(),
            ImageCommands.Load(),
            ImageCommands.Import(),
            ImageCommands.Group(),
            ImageMaintenanceCommands.Diff(),
            LoginCommands.Logout(),
            ContainerCommands.Attach(containers),
            ContainerCommands.Commit(),
            ContainerCommands.Copy(),
            ContainerCommands.Create(containers),
            ContainerCommands.Exec(containers),
            ContainerCommands.Export(),
            ContainerCommands.Init(),
            ContainerCommands.Kill(),
            ContainerCommands.Logs(),
            ContainerCommands.Mount(),
            ContainerCommands.Pause(),
            ContainerCommands.Port(),
            ContainerCommands.List(),
            ContainerCommands.Restart(containers),
            ContainerCommands.Remove(containers),
            ContainerCommands.Run(containers),
            ContainerCommands.Start(containers),
            ContainerCommands.Stats(),
            ContainerCommands.Stop(containers),
            ContainerCommands.Top(),
            ContainerCommands.Unmount(),
            ContainerCommands.Unpause(),
            ContainerCommands.Wait(),
            ContainerCommands.Rename(),
            ContainerCommands.HealthcheckGroup(),
            ContainerCommands.Group(containers),
            NetworkCommands.Group(containers),
            VolumeCommands.Group(containers),
            PodCommands.Group(containers),
            ManifestCommands.Group(),
            new CommandSpec("buildx", "Build images") { Usage = "[command]" }.Add(BuildCommands.Build()),
            new CommandSpec("system", $"Manage {rootName}").Add(InfoCommand.Podman("info")));
        return root;
    }

    /// <summary>The root alone: <c>--version</c> prints the version line; otherwise a command is missing.</summary>
    private static Task<int> RootAction(Invocation invocation)
    {
        if (invocation.Options.GetBool("version"))
        {
            invocation.Out.WriteLine($"{invocation.Command.Name} version {Engine.BuildInfo.Version}");
            return Task.FromResult(0);
        }

        return Task.FromResult(CliApplication.MissingCommand(invocation));
    }
}
