using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's ps (container list), container inspect, logs, top, stats, port, container exists and diff.</summary>
public static partial class ContainerCommands
{
    /// <summary><c>ps</c>, <c>container ps</c> (no aliases) or <c>container list</c> (alias <c>ls</c>).</summary>
    public static CommandSpec List(string name = "ps") => new(name, "List containers")
    {
        Aliases = name == "list" ? ["ls"] : [],
        Description = "Prints out information about the containers",
        Usage = "[options]",
        Example = "{path} -a\n{path} -a --format \"{{.ID}}  {{.Image}}  {{.Labels}}  {{.Mounts}}\"\n{path} --size --sort names",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Show all the containers, default is only running containers"),
            OptionSpec.Flag("external", null, "Show containers in storage not controlled by Podman"),
            Filter(),
            OptionSpec.Text("format", null, "Pretty-print containers to JSON or using a Go template"),
            OptionSpec.Integer("last", 'n', "Print the n last created containers (all states)", -1),
            Latest(),
            OptionSpec.Flag("no-trunc", null, "Display the extended information"),
            OptionSpec.Flag("noheading", null, "Do not print headers"),
            OptionSpec.Flag("ns", null, "Display namespace information"),
            OptionSpec.Flag("pod", 'p', "Print the ID and name of the pod the containers are associated with"),
            OptionSpec.Flag("quiet", 'q', "Print the numeric IDs of the containers only"),
            OptionSpec.Flag("size", 's', "Display the total file sizes"),
            OptionSpec.Text("sort", null, "Sort output by: command, created, id, image, names, runningfor, size, status") with { ValueName = "choice" },
            OptionSpec.Flag("sync", null, "Sync container state with OCI runtime"),
            OptionSpec.UInt("watch", 'w', "Watch the ps output on an interval in seconds"),
        ],
        Action = ContainerActions.ListAsync,
    };

    /// <summary><c>podman container inspect</c> (the top-level <c>inspect</c> is the generic one of ImageCommands).</summary>
    public static CommandSpec Inspect() => new("inspect", "Display the configuration of a container")
    {
        Description = "Displays the low-level information on a container identified by name or ID.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} myCtr\n{path} -l --format '{{.Id}} {{.Config.Labels}}'",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Text("format", 'f', "Format the output to a Go template or json", "json"),
            Latest(),
            OptionSpec.Flag("size", 's', "Display total file size"),
        ],
        Action = ContainerActions.InspectAsync,
    };

    public static CommandSpec Logs(bool inGroup = false) => new("logs", "Fetch the logs of one or more containers")
    {
        Description = "Retrieves logs for one or more containers.\n\nThis does not guarantee execution order when combined with podman run (i.e., your run may not have generated any logs at the time you execute podman logs).\n",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = inGroup
            ? "{path} ctrID\n\t\t{path} --names ctrID1 ctrID2\n\t\t{path} --color --names ctrID1 ctrID2\n\t\t{path} --tail 2 mywebserver\n\t\t{path} --follow=true --since 10m ctrID\n\t\t{path} mywebserver mydbserver"
            : "{path} ctrID\n{path} --names ctrID1 ctrID2\n{path} --tail 2 mywebserver\n{path} --follow=true --since 10m ctrID\n{path} mywebserver mydbserver",
        Args = ArgsRule.Any,
        Interspersed = false,
        Options =
        [
            OptionSpec.Flag("color", null, "Output the containers with different colors in the log."),
            OptionSpec.Flag("details", null, "Show extra details provided to the logs") with { Hidden = true },
            OptionSpec.Flag("follow", 'f', "Follow log output.  The default is false"),
            Latest(),
            OptionSpec.Flag("names", 'n', "Output the container name in the log"),
            OptionSpec.Text("since", null, "Show logs since TIMESTAMP"),
            OptionSpec.Integer("tail", null, "Output the specified number of LINES at the end of the logs.  Defaults to -1, which prints all lines", -1),
            OptionSpec.Flag("timestamps", 't', "Output the timestamps in the log"),
            OptionSpec.Text("until", null, "Show logs until TIMESTAMP"),
        ],
        Action = ContainerActions.LogsAsync,
    };

    /// <summary>The descriptors podman's top accepts (psgo's list plus podman's own), shown in the top-level help.</summary>
    public const string TopDescriptors =
        "args,capamb,capbnd,capeff,capinh,capprm,comm,etime,group,groups,hgroup,hgroups,hpid,huser,label,nice,pcpu,pgid,pid,ppid,rgroup,rss,ruser,seccomp,state,stime,time,tty,user,vsz";

    public static CommandSpec Top(bool inGroup = false) => new("top", "Display the running processes of a container")
    {
        // podman appends the descriptor list to the top-level command's description only.
        Description = "Display the running processes of a container.\n\nThe top command extends the ps(1) compatible AIX descriptors with container-specific ones as shown below.  In the presence of ps(1) specific flags (e.g, -eo), Podman will execute ps(1) inside the container.\n"
            + (inGroup ? "" : "\n\nFormat Descriptors:\n  " + TopDescriptors),
        Usage = "[options] CONTAINER [FORMAT-DESCRIPTORS|ARGS...]",
        // podman's examples lack the indentation of their continuation lines.
        Example = "{path} ctrID\n{path} --latest\n{path} ctrID pid seccomp args %C\n{path} ctrID -eo user,pid,comm",
        ExampleAsWritten = true,
        Args = ArgsRule.Any,
        Interspersed = false,
        Options =
        [
            Latest(),
            OptionSpec.Flag("list-descriptors", null, "") with { Hidden = true },
        ],
        Action = ContainerActions.TopAsync,
    };

    public static CommandSpec Stats() => new("stats", "Display a live stream of container resource usage statistics")
    {
        Description = "Display percentage of CPU, memory, network I/O, block I/O and PIDs for one or more containers.",
        Usage = "[options] [CONTAINER...]",
        Example = "{path} --all --no-stream\n{path} ctrID\n{path} --no-stream --format \"table {{.ID}} {{.Name}} {{.MemUsage}}\" ctrID",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Show all containers. Only running containers are shown by default. The default is false"),
            OptionSpec.Text("format", null, "Pretty-print container statistics to JSON or using a Go template"),
            OptionSpec.Integer("interval", 'i', "Time in seconds between stats reports", 5),
            Latest(),
            OptionSpec.Flag("no-reset", null, "Disable resetting the screen between intervals"),
            OptionSpec.Flag("no-stream", null, "Disable streaming stats and only pull the first result, default setting is false"),
            OptionSpec.Flag("no-trunc", null, "Do not truncate output"),
        ],
        Action = ContainerActions.StatsAsync,
    };

    public static CommandSpec Port(bool inGroup = false) => new("port", "List port mappings or a specific mapping for the container")
    {
        Description = "List port mappings for the CONTAINER, or look up the public-facing port that is NAT-ed to the PRIVATE_PORT\n",
        Usage = "[options] CONTAINER [PORT]",
        Example = inGroup ? "{path} --all\n{path} --latest 80" : "{path} --all\n{path} ctrID 80/tcp\n{path} --latest 80",
        Args = ArgsRule.AtMost(2),
        Options = [OptionSpec.Flag("all", 'a', "Display port information for all containers"), Latest()],
        Action = ContainerActions.PortAsync,
    };

    public static CommandSpec Exists() => new("exists", "Check if a container exists in local storage")
    {
        Description = "If the named container exists in local storage, podman container exists exits with 0, otherwise the exit code will be 1.",
        Usage = "[options] CONTAINER",
        Example = "{path} --external containerID\n{path} myctr || podman run --name myctr [etc...]",
        Args = ArgsRule.Exactly(1),
        Options = [OptionSpec.Flag("external", null, "Check external storage containers as well as Podman containers")],
        Action = ContainerActions.ExistsAsync,
    };

    /// <summary><c>podman container diff</c>; the diff itself is the generic one (containers or images).</summary>
    public static CommandSpec Diff() => new("diff", "Inspect changes to the container's file systems")
    {
        Description = "Displays changes to the container filesystem's'.  The container will be compared to its parent layer or the second argument when given.",
        Usage = "[options] CONTAINER [CONTAINER]",
        Example = "{path} myCtr\n{path} -l --format json myCtr",
        Args = ArgsRule.Between(0, 2),
        Options =
        [
            OptionSpec.Text("format", null, "Change the output format (json)"),
            Latest(),
        ],
        Action = ImageMaintenanceActions.DiffAsync,
    };
}
