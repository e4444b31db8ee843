using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's <c>pod logs</c>, <c>pod top</c> and <c>pod stats</c> definitions; actions in PodObserveActions.</summary>
public static partial class PodCommands
{
    public static CommandSpec Logs() => new("logs", "Fetch logs for pod with one or more containers")
    {
        Description = "Displays logs for pod with one or more containers.",
        Usage = "[options] POD",
        Example = "{path} podID\n\t\t{path} -c ctrname podName\n\t\t{path} --tail 2 mywebserver\n\t\t{path} --follow=true --since 10m podID\n\t\t{path} mywebserver",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("color", null, "Output the containers within a pod with different colors in the log"),
            OptionSpec.Text("container", 'c', "Filter logs by container name or id which belongs to pod"),
            OptionSpec.Flag("follow", 'f', "Follow log output."),
            Latest(),
            OptionSpec.Flag("names", 'n', "Output container names instead of container IDs in the log"),
            OptionSpec.Text("since", null, "Show logs since TIMESTAMP"),
            OptionSpec.Integer("tail", null, "Output the specified number of LINES at the end of the logs.", -1),
            OptionSpec.Flag("timestamps", 't', "Output the timestamps in the log"),
            OptionSpec.Text("until", null, "Show logs until TIMESTAMP"),
        ],
        Action = PodObserveActions.LogsAsync,
    };

    public static CommandSpec Top() => new("top", "Display the running processes of containers in a pod")
    {
        Description = "Specify format descriptors to alter the output.\n\nYou may run \"podman pod top -l pid pcpu seccomp\" to print the process ID, the CPU percentage and the seccomp mode of each process of the latest pod.\n\nFormat Descriptors:\n  "
            + ContainerCommands.TopDescriptors,
        Usage = "[options] POD [FORMAT-DESCRIPTORS|ARGS...]",
        // podman's examples lack the indentation of their continuation lines.
        Example = "{path} podID\n{path} --latest\n{path} podID pid seccomp args %C\n{path} podID -eo user,pid,comm",
        ExampleAsWritten = true,
        Args = ArgsRule.Any,
        Interspersed = false,
        Options = [Latest()],
        Action = PodObserveActions.TopAsync,
    };

    public static CommandSpec Stats() => new("stats", "Display a live stream of resource usage statistics for the containers in one or more pods")
    {
        Description = "Display the containers' resource-usage statistics of one or more running pod",
        Usage = "[options] [POD...]",
        Example = "{path}\n{path} a69b23034235 named-pod\n{path} --latest\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Provide stats for all pods"),
            OptionSpec.Text("format", null, "Pretty-print container statistics to JSON or using a Go template"),
            Latest(),
            OptionSpec.Flag("no-reset", null, "Disable resetting the screen when streaming"),
            OptionSpec.Flag("no-stream", null, "Disable streaming stats and only pull the first result"),
        ],
        Action = PodObserveActions.StatsAsync,
    };
}
