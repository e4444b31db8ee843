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
            ImageCommands.Pull(),
            ImageCommands.List("images"),
            ImageCommands.Inspect(generic: true),
            ImageCommands.Tag(),
            ImageCommands.Untag(),
            ImageCommands.Remove("rmi"),
            ImageCommands.History(),
            ImageCommands.Save(),
            ImageCommands.Load(),
            ImageCommands.Import(),
            ImageMaintenanceCommands.Diff(),
            LoginCommands.Logout(),
            ContainerCommands.Attach(containers),
            ContainerCommands.Commit(),
            ContainerCommands.Copy(),
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
            ContainerCommands.Rename());
        // The large ones are made only when the command line reaches them (docs/bench.md, "Startup").
        root.AddLazy("build", () => BuildCommands.Build())
            .AddLazy("push", PushCommand.Create)
            .AddLazy("image", ImageCommands.Group)
            .AddLazy("create", () => ContainerCommands.Create(containers))
            .AddLazy("exec", () => ContainerCommands.Exec(containers))
            .AddLazy("healthcheck", ContainerCommands.HealthcheckGroup)
            .AddLazy("container", () => ContainerCommands.Group(containers))
            .AddLazy("network", () => NetworkCommands.Group(containers))
            .AddLazy("volume", () => VolumeCommands.Group(containers))
            .AddLazy("pod", () => PodCommands.Group(containers))
            .AddLazy("manifest", ManifestCommands.Group)
            .AddLazy("buildx", () => new CommandSpec("buildx", "Build images") { Usage = "[command]" }.Add(BuildCommands.Build()))
            .AddLazy("system", () => new CommandSpec("system", $"Manage {rootName}").Add(InfoCommand.Podman("info")));
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
