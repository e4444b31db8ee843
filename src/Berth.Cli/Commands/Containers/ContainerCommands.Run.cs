using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// Definitions of podman 4.3.1's container commands, with its help texts (cmd/podman/containers); the actions are in
/// <see cref="ContainerActions"/>. <c>inGroup</c> selects the variant registered under <c>podman container</c> where
/// podman's texts differ from the top-level command's.
/// </summary>
public static partial class ContainerCommands
{
    private const string LatestHelp = "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag";

    private static OptionSpec Latest() => OptionSpec.Flag("latest", 'l', LatestHelp);

    private static OptionSpec CidFile() => OptionSpec.Array("cidfile", null, "Read the container ID from the file");

    private static OptionSpec Filter(char? shorthand = 'f') => OptionSpec.Slice("filter", shorthand, "Filter output based on conditions given");

    private static OptionSpec Time(ContainerFlagDefaults d) =>
        OptionSpec.UInt("time", 't', "Seconds to wait for stop before killing the container") with { Default = d.StopTimeoutText };

    public static CommandSpec Run(ContainerFlagDefaults d, bool inGroup = false) => new("run", "Run a command in a new container")
    {
        Description = "Runs a command in a new container from the given image",
        Usage = "[options] IMAGE [COMMAND [ARG...]]",
        Example = inGroup
            ? "{path} imageID ls -alF /etc\n\t{path} --network=host imageID dnf -y install java\n\t{path} --volume /var/hostdir:/var/ctrdir -i -t fedora /bin/bash"
            : "{path} imageID ls -alF /etc\n{path} --network=host imageID dnf -y install java\n{path} --volume /var/hostdir:/var/ctrdir -i -t fedora /bin/bash",
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        Options = [.. ContainerCreateOptions.Common(d), .. ContainerCreateOptions.RunOnly(d)],
        Action = ContainerActions.RunAsync,
    };

    public static CommandSpec Create(ContainerFlagDefaults d) => new("create", "Create but do not start a container")
    {
        Description = "Creates a new container from the given image or storage and prepares it for running the specified command.\n\nThe container ID is then printed to stdout. You can then start it at any time with the podman start <container_id> command. The container will be created with the initial state 'created'.",
        Usage = "[options] IMAGE [COMMAND [ARG...]]",
        Example = "{path} alpine ls\n{path} --annotation HELLO=WORLD alpine ls\n{path} -t -i --name myctr alpine ls",
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        Options = [.. ContainerCreateOptions.Common(d), .. ContainerCreateOptions.CreateOnly()],
        Action = ContainerActions.CreateAsync,
    };

    public static CommandSpec Exec(ContainerFlagDefaults d) => new("exec", "Run a process in a running container")
    {
        Description = "Execute the specified command inside a running container.\n",
        Usage = "[options] CONTAINER [COMMAND [ARG...]]",
        Example = "{path} -it ctrID ls\n{path} -it -w /tmp myCtr pwd\n{path} --user root ctrID ls",
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        Options =
        [
            OptionSpec.Flag("detach", 'd', "Run the exec session in detached mode (backgrounded)"),
            OptionSpec.Text("detach-keys", null, "Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _", d.DetachKeys),
            OptionSpec.Array("env", 'e', "Set environment variables"),
            OptionSpec.Slice("env-file", null, "Read in a file of environment variables"),
            OptionSpec.Flag("interactive", 'i', "Keep STDIN open even if not attached"),
            Latest(),
            OptionSpec.UInt("preserve-fds", null, "Pass N additional file descriptors to the container"),
            OptionSpec.Flag("privileged", null, "Give the process extended Linux capabilities inside the container.  The default is false"),
            OptionSpec.Flag("tty", 't', "Allocate a pseudo-TTY. The default is false"),
            OptionSpec.Text("user", 'u', "Sets the username or UID used and optionally the groupname or GID for the specified command"),
            OptionSpec.Text("workdir", 'w', "Working directory inside the container"),
        ],
        Action = ContainerActions.ExecAsync,
    };

    public static CommandSpec Attach(ContainerFlagDefaults d, bool inGroup = false) => new("attach", "Attach to a running container")
    {
        Description = "The podman attach command allows you to attach to a running container using the container's ID or name, either to view its ongoing output or to control it interactively.",
        Usage = "[options] CONTAINER",
        Example = inGroup ? "{path} ctrID\n\t{path} 1234\n\t{path} --no-stdin foobar" : "{path} ctrID\n{path} 1234\n{path} --no-stdin foobar",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Text("detach-keys", null, "Select the key sequence for detaching a container. Format is a single character `[a-Z]` or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", d.DetachKeys),
            Latest(),
            OptionSpec.Flag("no-stdin", null, "Do not attach STDIN. The default is false"),
            OptionSpec.Flag("sig-proxy", null, "Proxy received signals to the process", true),
        ],
        Action = ContainerActions.AttachAsync,
    };

    public static CommandSpec Start(ContainerFlagDefaults d) => new("start", "Start one or more containers")
    {
        Description = "Starts one or more containers.  The container name or ID can be used.",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} --latest\n{path} 860a4b231279 5421ab43b45\n{path} --interactive --attach imageID",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", null, "Start all containers regardless of their state or configuration"),
            OptionSpec.Flag("attach", 'a', "Attach container's STDOUT and STDERR"),
            OptionSpec.Text("detach-keys", null, "Select the key sequence for detaching a container. Format is a single character `[a-Z]` or a comma separated sequence of `ctrl-<value>`, where `<value>` is one of: `a-z`, `@`, `^`, `[`, `\\`, `]`, `^` or `_`", d.DetachKeys),
            Filter(),
            OptionSpec.Flag("interactive", 'i', "Keep STDIN open even if not attached"),
            Latest(),
            OptionSpec.Flag("sig-proxy", null, "Proxy received signals to the process (default true if attaching, false otherwise)"),
        ],
        Action = ContainerActions.StartAsync,
    };
}
