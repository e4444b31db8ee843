using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's <c>pod</c> commands (cmd/podman/pods): definitions with its help texts; actions in PodActions.</summary>
public static partial class PodCommands
{
    private const string LatestHelp = "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag";

    /// <summary>The <c>pod create</c> flags that are the container create flags with the same help.</summary>
    private static readonly string[] SharedCreateFlags =
    [
        "add-host", "blkio-weight", "blkio-weight-device", "cgroup-parent", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems",
        "device", "device-read-bps", "device-write-bps", "dns", "dns-option", "dns-search", "gidmap", "hostname", "ip", "ip6",
        "label", "label-file", "mac-address", "memory", "memory-swap", "network", "network-alias", "no-hosts", "pid", "publish",
        "security-opt", "shm-size", "subgidname", "subuidname", "sysctl", "uidmap", "userns", "uts", "volume", "volumes-from",
    ];

    private static OptionSpec Latest() => OptionSpec.Flag("latest", 'l', LatestHelp);

    /// <summary><c>podman pod</c> with the subcommands Berth has.</summary>
    public static CommandSpec Group(ContainerFlagDefaults defaults) =>
        new CommandSpec("pod", "Manage pods")
        {
            Description = "Pods are a group of one or more containers sharing the same network, pid and ipc namespaces.",
            Usage = "[command]",
        }.Add(Clone(), Create(defaults), Exists(), Inspect(), Kill(), Logs(), Pause(), Prune(), List(), Restart(), Remove(defaults), Start(), Stats(), Stop(defaults), Top(), Unpause());

    public static CommandSpec Create(ContainerFlagDefaults defaults)
    {
        var common = ContainerCreateOptions.Common(defaults).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var options = SharedCreateFlags.Select(n => common[n]).ToList();
        options.AddRange(
        [
            OptionSpec.Text("exit-policy", null, "Behaviour when the last container exits", "continue"),
            OptionSpec.Flag("infra", null, "Create an infra container associated with the pod to share namespaces with", true),
            OptionSpec.Text("infra-command", null, "Overwrite the default ENTRYPOINT of the image"),
            OptionSpec.Text("infra-conmon-pidfile", null, "Path to the file that will receive the PID of conmon"),
            OptionSpec.Text("infra-image", null, "Image to use to override builtin infra container"),
            OptionSpec.Text("infra-name", null, "Assign a name to the container"),
            OptionSpec.Text("name", 'n', "Assign a name to the pod"),
            OptionSpec.Text("pod-id-file", null, "Write the pod ID to the file"),
            OptionSpec.Flag("replace", null, "If a pod with the same name exists, replace it"),
            OptionSpec.Text("share", null, "A comma delimited list of kernel namespaces the pod will share", "ipc,net,uts"),
            OptionSpec.Flag("share-parent", null, "Set the pod's cgroup as the cgroup parent for all containers joining the pod", true),
        ]);
        return new CommandSpec("create", "Create a new empty pod")
        {
            Description = "After creating the pod, the pod ID is printed to stdout.\n\nYou can then start it at any time with the  podman pod start <pod_id> command. The pod will be created with the initial state 'created'.",
            Usage = "[options] [NAME]",
            Example = "{path}\n{path} --label foo=bar mypod",
            Args = ArgsRule.AtMost(1),
            Options = [.. options.OrderBy(o => o.Name, StringComparer.Ordinal)],
            Action = PodActions.CreateAsync,
        };
    }

    public static CommandSpec Start() => new("start", "Start one or more pods")
    {
        Description = "The pod name or ID can be used.\n\nAll containers defined in the pod will be started.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID\n{path} --latest\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Restart all running pods"),
            Latest(),
            OptionSpec.Array("pod-id-file", null, "Read the pod ID from the file"),
        ],
        Action = PodActions.StartAsync,
    };

    public static CommandSpec Stop(ContainerFlagDefaults defaults) => new("stop", "Stop one or more pods")
    {
        Description = "The pod name or ID can be used.\n\nThis command will stop all running containers in each of the specified pods.",
        Usage = "[options] POD [POD...]",
        Example = "{path} mywebserverpod\n{path} --latest\n{path} --time 0 490eb 3557fb",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Stop all running pods"),
            OptionSpec.Flag("ignore", 'i', "Ignore errors when a specified pod is missing"),
            Latest(),
            OptionSpec.Array("pod-id-file", null, "Write the pod ID to the file"),
            OptionSpec.UInt("time", 't', "Seconds to wait for pod stop before killing the container") with { Default = defaults.StopTimeoutText },
        ],
        Action = PodActions.StopAsync,
    };

    public static CommandSpec Restart() => new("restart", "Restart one or more pods")
    {
        Description = "The pod ID or name can be used.\n\nAll of the containers within each of the specified pods will be restarted. If a container in a pod is not currently running it will be started.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID1 podID2\n{path} --latest\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Restart all running pods"), Latest()],
        Action = PodActions.RestartAsync,
    };

    public static CommandSpec Remove(ContainerFlagDefaults defaults) => new("rm", "Remove one or more pods")
    {
        Description = "podman rm will remove one or more stopped pods and their containers from the host.\n\nThe pod name or ID can be used.  A pod with containers will not be removed without --force. If --force is specified, all containers will be stopped, then removed.",
        Usage = "[options] POD [POD...]",
        Example = "{path} mywebserverpod\n{path} -f 860a4b23\n{path} -f -a",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove all running pods"),
            OptionSpec.Flag("force", 'f', "Force removal of a running pod by first stopping all containers, then removing all containers in the pod.  The default is false"),
            OptionSpec.Flag("ignore", 'i', "Ignore errors when a specified pod is missing"),
            Latest(),
            OptionSpec.Array("pod-id-file", null, "Read the pod ID from the file"),
            OptionSpec.UInt("time", 't', "Seconds to wait for pod stop before killing the container") with { Default = defaults.StopTimeoutText },
        ],
        Action = PodActions.RemoveAsync,
    };

    public static CommandSpec List() => new("ps", "List pods")
    {
        Aliases = ["ls", "list"],
        Description = "List all pods on system including their names, ids and current state.",
        Usage = "[options]",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Flag("ctr-ids", null, "Display the container UUIDs. If no-trunc is not set they will be truncated"),
            OptionSpec.Flag("ctr-names", null, "Display the container names"),
            OptionSpec.Flag("ctr-status", null, "Display the container status"),
            OptionSpec.Slice("filter", 'f', "Filter output based on conditions given"),
            OptionSpec.Text("format", null, "Pretty-print pods to JSON or using a Go template"),
            Latest(),
            OptionSpec.Flag("no-trunc", null, "Do not truncate pod and container IDs"),
            OptionSpec.Flag("noheading", null, "Do not print headers"),
            OptionSpec.Flag("ns", null, "Display namespace information of the pod"),
            OptionSpec.Flag("quiet", 'q', "Print the numeric IDs of the pods only"),
            OptionSpec.Text("sort", null, "Sort output by created, id, name, or number", "created"),
        ],
        Action = PodActions.ListAsync,
    };

    public static CommandSpec Inspect() => new("inspect", "Displays a pod configuration")
    {
        DescriptionAsWritten = true,
        Description = "Display the configuration for a pod by name or id\n\n\tBy default, this will render all results in a JSON array.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Text("format", 'f', "Format the output to a Go template or json", "json"),
            Latest(),
        ],
        Action = PodActions.InspectAsync,
    };

    public static CommandSpec Exists() => new("exists", "Check if a pod exists in local storage")
    {
        Description = "If the named pod exists in local storage, podman pod exists exits with 0, otherwise the exit code will be 1.",
        Usage = "POD",
        Example = "{path} podID\n{path} mypod || podman pod create --name mypod",
        Args = ArgsRule.Exactly(1),
        Action = PodActions.ExistsAsync,
    };

    public static CommandSpec Kill() => new("kill", "Send the specified signal or SIGKILL to containers in pod")
    {
        Description = "Signals are sent to the main process of each container inside the specified pod.\n\nThe default signal is SIGKILL, or any signal specified with option --signal.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID\n{path} --signal TERM mywebserver\n{path} --latest",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Kill all containers in all pods"),
            Latest(),
            OptionSpec.Text("signal", 's', "Signal to send to the containers in the pod", "KILL"),
        ],
        Action = PodActions.KillAsync,
    };

    public static CommandSpec Pause() => new("pause", "Pause one or more pods")
    {
        Description = "The pod name or ID can be used.\n\nAll running containers within each specified pod will then be paused.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID1 podID2\n{path} --latest\n{path} --all",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Pause all running pods"), Latest()],
        Action = PodActions.PauseAsync,
    };

    public static CommandSpec Unpause() => new("unpause", "Unpause one or more pods")
    {
        Description = "The podman unpause command will unpause all \"paused\" containers assigned to the pod.\n\nThe pod name or ID can be used.",
        Usage = "[options] POD [POD...]",
        Example = "{path} podID1 podID2\n{path} --all\n{path} --latest",
        Args = ArgsRule.Any,
        Options = [OptionSpec.Flag("all", 'a', "Unpause all running pods"), Latest()],
        Action = PodActions.UnpauseAsync,
    };

    public static CommandSpec Prune() => new("prune", "Remove all stopped pods and their containers")
    {
        Description = "podman pod prune Removes all exited pods",
        Usage = "[options]",
        Example = "{path}",
        Args = ArgsRule.None,
        Options = [OptionSpec.Flag("force", 'f', "Do not prompt for confirmation.  The default is false")],
        Action = PodActions.PruneAsync,
    };
}
