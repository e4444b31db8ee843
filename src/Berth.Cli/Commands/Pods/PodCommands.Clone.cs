using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

public static partial class PodCommands
{
    /// <summary>
    /// <c>pod clone</c> is listed in <c>podman pod --help</c>; Berth does not clone pods yet, so the command is there
    /// (the group's help is podman's) and says so when run. Its flags (the pod create ones) are not defined yet.
    /// </summary>
    public static CommandSpec Clone() => new("clone", "Clone an existing pod")
    {
        Description = "Create an exact copy of a pod and the containers within it",
        Usage = "[options] POD NAME",
        Example = "{path} pod_name new_name",
        Args = ArgsRule.Between(1, 2),
        Action = (_, _) => throw new BerthException(ErrorKind.Unavailable, "pod clone is not supported by Berth yet"),
    };
}
