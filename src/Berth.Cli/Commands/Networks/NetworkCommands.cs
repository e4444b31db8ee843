using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's <c>network</c> commands (cmd/podman/networks): definitions only; actions in NetworkActions.</summary>
public static class NetworkCommands
{
    /// <summary><c>podman network</c> with its subcommands (podman's summaries, including "network rm" for disconnect).</summary>
    public static CommandSpec Group(ContainerFlagDefaults defaults) =>
        new CommandSpec("network", "Manage networks")
        {
            Description = "Manage networks",
            Usage = "[command]",
        }.Add(Connect(), Create(), Disconnect(), Exists(), Inspect(), List(), Prune(), Reload(), Remove(defaults));

    public static CommandSpec Create() => new("create", "network create")
    {
        Description = "create networks for containers and pods",
        Usage = "[options] [NAME]",
        Example = "{path} podman1",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("disable-dns", null, "disable dns plugin"),
            // podman 4.5's --dns; not in 4.3.1's help, so hidden.
            OptionSpec.Array("dns", null, "DNS servers this network will use") with { Hidden = true },
            OptionSpec.Text("driver", 'd', "driver to manage the network", "bridge"),
            new OptionSpec("gateway", null, OptionKind.StringSlice, "IPv4 or IPv6 gateway for the subnet", Default: "[]", ValueName: "ipSlice"),
            // podman 4.4's --ignore and --interface-name; not in 4.3.1's help, so hidden.
            OptionSpec.Flag("ignore", null, "Don't fail if network already exists") with { Hidden = true },
            OptionSpec.Text("interface-name", null, "interface name which is used by the driver") with { Hidden = true },
            OptionSpec.Flag("internal", null, "restrict external access from this network"),
            OptionSpec.Array("ip-range", null, "allocate container IP from range"),
            OptionSpec.Text("ipam-driver", null, "IP Address Management Driver"),
            OptionSpec.Flag("ipv6", null, "enable IPv6 networking"),
            OptionSpec.Array("label", null, "set metadata on a network"),
            // Deprecated and hidden in podman: --driver macvlan --opt parent=<device>.
            OptionSpec.Text("macvlan", null, "create a Macvlan connection based on this device") with { Hidden = true },
            OptionSpec.Array("opt", 'o', "Set driver specific options (default [])"),
            OptionSpec.Array("subnet", null, "subnets in CIDR format"),
        ],
        Action = NetworkActions.CreateAsync,
    };

    public static CommandSpec List() => new("ls", "network list")
    {
        Description = "List networks",
        Usage = "[options]",
        // podman's example names "list", which is no name of this command.
        Example = "podman network list",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Array("filter", 'f', "Provide filter values (e.g. 'name=podman')"),
            OptionSpec.Text("format", null, "Pretty-print networks to JSON or using a Go template"),
            OptionSpec.Flag("no-trunc", null, "Do not truncate the network ID"),
            OptionSpec.Flag("noheading", null, "Do not print headers"),
            OptionSpec.Flag("quiet", 'q', "display only names"),
        ],
        Action = NetworkActions.ListAsync,
    };

    public static CommandSpec Inspect() => new("inspect", "Inspect network")
    {
        Description = "Displays the network configuration for one or more networks.",
        Usage = "[options] NETWORK [NETWORK...]",
        Example = "{path} podman",
        Args = ArgsRule.AtLeast(1),
        Options = [OptionSpec.Text("format", 'f', "Pretty-print network to JSON or using a Go template")],
        Action = NetworkActions.InspectAsync,
    };

    public static CommandSpec Remove(ContainerFlagDefaults defaults) => new("rm", "network rm")
    {
        Aliases = ["remove"],
        Description = "Remove networks",
        Usage = "[options] NETWORK [NETWORK...]",
        Example = "{path} podman",
        Args = ArgsRule.AtLeast(1),
        Options =
        [
            OptionSpec.Flag("force", 'f', "remove any containers using network"),
            OptionSpec.UInt("time", 't', "Seconds to wait for running containers to stop before killing the container") with { Default = defaults.StopTimeoutText },
        ],
        Action = NetworkActions.RemoveAsync,
    };

    public static CommandSpec Prune() => new("prune", "network prune")
    {
        Description = "Prune unused networks",
        Usage = "[options]",
        Example = "{path}",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Array("filter", null, "Provide filter values (e.g. 'label=<key>=<value>')"),
            OptionSpec.Flag("force", 'f', "do not prompt for confirmation"),
        ],
        Action = NetworkActions.PruneAsync,
    };

    public static CommandSpec Exists() => new("exists", "network exists")
    {
        Description = "If the named network exists, podman network exists exits with 0, otherwise the exit code will be 1.",
        Usage = "NETWORK",
        Example = "{path} net1",
        Args = ArgsRule.Exactly(1),
        Action = NetworkActions.ExistsAsync,
    };

    public static CommandSpec Connect() => new("connect", "network connect")
    {
        Description = "Add container to a network",
        Usage = "[options] NETWORK CONTAINER",
        Example = "{path} web secondary",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            OptionSpec.Slice("alias", null, "network scoped alias for container"),
            new OptionSpec("ip", null, OptionKind.String, "set a static ipv4 address for this container network", ValueName: "ip"),
            new OptionSpec("ip6", null, OptionKind.String, "set a static ipv6 address for this container network", ValueName: "ip"),
            OptionSpec.Text("mac-address", null, "set a static mac address for this container network"),
        ],
        Action = NetworkActions.ConnectAsync,
    };

    /// <summary>podman 4.3.1's summary of disconnect really is "network rm".</summary>
    public static CommandSpec Disconnect() => new("disconnect", "network rm")
    {
        Description = "Remove container from a network",
        Usage = "[options] NETWORK CONTAINER",
        Example = "{path} web secondary",
        Args = ArgsRule.Exactly(2),
        Options = [OptionSpec.Flag("force", 'f', "force removal of container from network")],
        Action = NetworkActions.DisconnectAsync,
    };

    public static CommandSpec Reload() => new("reload", "Reload firewall rules for one or more containers")
    {
        Description = "reload container networks, recreating firewall rules",
        Usage = "[options] [CONTAINER...]",
        Example = "{path} --latest\n{path} 3c13ef6dd843\n{path} test1 test2",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Reload network configuration of all containers"),
            OptionSpec.Flag("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag"),
        ],
        Action = NetworkActions.ReloadAsync,
    };
}
