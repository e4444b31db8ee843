using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's stop, kill, restart, rm, pause, unpause, wait, init, cleanup and container prune.</summary>
public static partial class ContainerCommands
{
    public static CommandSpec Stop(ContainerFlagDefaults d) => new("stop", "Stop one or more containers")
    {
        Description = "Stops one or more running containers.  The container name or ID can be used.\n\nA timeout to forcibly stop the container can also be set but defaults to 10 seconds otherwise.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} ctrID\n{path} --latest\n{path} --time 2 mywebserver 6e534f14da9d",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Stop all running containers"),
            CidFile(),
            Filter(),
            OptionSpec.Flag("ignore", 'i', "Ignore errors when a specified container is missing"),
            Latest(),
            Time(d),
        ],
        Action = ContainerActions.StopAsync,
    };

    public static CommandSpec Kill() => new("kill", "Kill one or more running containers with a specific signal")
    {
        Description = "The main process inside each container specified will be sent SIGKILL, or any signal specified with option --signal.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} mywebserver\n{path} 860a4b23\n{path} --signal TERM ctrID",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Signal all running containers"),
            CidFile(),
            Latest(),
            OptionSpec.Text("signal", 's', "Signal to send to the container", "KILL"),
        ],
        Action = ContainerActions.KillAsync,
    };

    public static CommandSpec Restart(ContainerFlagDefaults d) => new("restart", "Restart one or more containers")
    {
        Description = "Restarts one or more running containers. The container ID or name can be used.\n\nA timeout before forcibly stopping can be set, but defaults to 10 seconds.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} ctrID\n{path} --latest\n{path} ctrID1 ctrID2",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Restart all non-running containers"),
            CidFile(),
            Filter(),
            Latest(),
            OptionSpec.Flag("running", null, "Restart only running containers"),
            Time(d),
        ],
        Action = ContainerActions.RestartAsync,
    };

    public static CommandSpec Remove(ContainerFlagDefaults d) => new("rm", "Remove one or more containers")
    {
        Description = "Removes one or more containers from the host. The container name or ID can be used.\n\nCommand does not remove images. Running or unusable containers will not be removed without the -f option.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} imageID\n{path} mywebserver myflaskserver 860a4b23\n{path} --force --all\n{path} -f c684f0d469f2",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove all containers"),
            CidFile(),
            OptionSpec.Flag("depend", null, "Remove container and all containers that depend on the selected container"),
            Filter(null),
            OptionSpec.Flag("force", 'f', "Force removal of a running or unusable container"),
            OptionSpec.Flag("ignore", 'i', "Ignore errors when a specified container is missing"),
            Latest(),
            Time(d),
            OptionSpec.Flag("volumes", 'v', "Remove anonymous volumes associated with the container"),
            // Deprecated and hidden in podman, kept for backwards compatibility.
            OptionSpec.Flag("storage", null, "Remove container from storage library") with { Hidden = true },
        ],
        Action = ContainerActions.RemoveAsync,
    };

    public static CommandSpec Pause() => new("pause", "Pause all the processes in one or more containers")
    {
        Description = "Pauses one or more running containers.  The container name or ID can be used.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} mywebserver\n{path} 860a4b23\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Pause all running containers"), CidFile(), Filter(), Latest()],
        Action = ContainerActions.PauseAsync,
    };

    public static CommandSpec Unpause() => new("unpause", "Unpause the processes in one or more containers")
    {
        Description = "Unpauses one or more previously paused containers.  The container name or ID can be used.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} ctrID\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Unpause all paused containers"), CidFile(), Filter(), Latest()],
        Action = ContainerActions.UnpauseAsync,
    };

    public static CommandSpec Wait() => new("wait", "Block on one or more containers")
    {
        Description = "Block until one or more containers stop and then print their exit codes.\n",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} --interval 5s ctrID\n{path} ctrID1 ctrID2",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Slice("condition", null, "Condition to wait on"),
            OptionSpec.Text("interval", 'i', "Time Interval to wait before polling for completion", "250ms"),
            Latest(),
        ],
        Action = ContainerActions.WaitAsync,
    };

    public static CommandSpec Init() => new("init", "Initialize one or more containers")
    {
        Description = "Initialize one or more containers, creating the OCI spec and mounts for inspection. Container names or IDs can be used.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} --latest\n{path} 3c45ef19d893\n{path} test1",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Initialize all containers"), Latest()],
        Action = ContainerActions.InitAsync,
    };

    public static CommandSpec Cleanup() => new("cleanup", "Clean up network and mountpoints of one or more containers")
    {
        Description = "\n podman container cleanup\n\n Cleans up mount points and network stacks on one or more containers from the host. The container name or ID can be used. This command is used internally when running containers, but can also be used if container cleanup has failed when a container exits.\n",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} --latest\n{path} ctrID1 ctrID2 ctrID3\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Cleans up all containers"),
            OptionSpec.Text("exec", null, "Clean up the given exec session instead of the container"),
            Latest(),
            OptionSpec.Flag("rm", null, "After cleanup, remove the container entirely"),
            OptionSpec.Flag("rmi", null, "After cleanup, remove the image entirely"),
        ],
        Action = ContainerActions.CleanupAsync,
    };

    public static CommandSpec Prune() => new("prune", "Remove all non running containers")
    {
        Description = "podman container prune\n\n\tRemoves all non running containers",
        Usage = "[options]",
        Example = "{path}",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Array("filter", null, "Provide filter values (e.g. 'label=<key>=<value>')"),
            OptionSpec.Flag("force", 'f', "Do not prompt for confirmation.  The default is false"),
        ],
        Action = ContainerActions.PruneAsync,
    };
}
