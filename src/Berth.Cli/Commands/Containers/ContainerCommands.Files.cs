using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's commit, mount, unmount, cp, export, rename and healthcheck run.</summary>
public static partial class ContainerCommands
{
    public static CommandSpec Commit() => new("commit", "Create new image based on the changed container")
    {
        Description = "Create an image from a container's changes. Optionally tag the image created, set the author with the --author flag, set the commit message with the --message flag, and make changes to the instructions with the --change flag.",
        Usage = "[options] CONTAINER [IMAGE]",
        Example = "{path} -q --message \"committing container to image\" reverent_golick image-committed\n{path} -q --author \"firstName lastName\" reverent_golick image-committed\n{path} -q --pause=false containerID image-committed\n{path} containerID",
        Args = ArgsRule.Between(1, 2),
        Options =
        [
            OptionSpec.Text("author", 'a', "Set the author for the image committed"),
            OptionSpec.Array("change", 'c', "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR"),
            OptionSpec.Text("format", 'f', "`Format` of the image manifest and metadata", "oci"),
            OptionSpec.Text("iidfile", null, "`file` to write the image ID to"),
            OptionSpec.Flag("include-volumes", null, "Include container volumes as image volumes"),
            OptionSpec.Text("message", 'm', "Set commit message for imported image"),
            OptionSpec.Flag("pause", 'p', "Pause container during commit"),
            OptionSpec.Flag("quiet", 'q', "Suppress output"),
            OptionSpec.Flag("squash", 's', "squash newly built layers into a single new layer"),
        ],
        Action = ContainerActions.CommitAsync,
    };

    public static CommandSpec Mount() => new("mount", "Mount a working container's root filesystem")
    {
        Description = "podman mount\n  Lists all mounted containers mount points if no container is specified\n\npodman mount CONTAINER-NAME-OR-ID\n  Mounts the specified container and outputs the mountpoint\n",
        Usage = "[options] [CONTAINER...]",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Mount all containers"),
            OptionSpec.Text("format", null, "Print the mounted containers in specified format (json)"),
            Latest(),
            OptionSpec.Flag("no-trunc", null, "Do not truncate output"),
        ],
        Action = ContainerActions.MountAsync,
    };

    public static CommandSpec Unmount() => new("unmount", "Unmounts working container's root filesystem")
    {
        Aliases = ["umount"],
        Description = "Container storage increments a mount counter each time a container is mounted.\n\nWhen a container is unmounted, the mount counter is decremented. The container's root filesystem is physically unmounted only when the mount counter reaches zero indicating no other processes are using the mount.\n\nAn unmount can be forced with the --force flag.\n",
        Usage = "[options] CONTAINER [CONTAINER...]",
        Example = "{path} ctrID\n{path} ctrID1 ctrID2 ctrID3\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Unmount all of the currently mounted containers"),
            OptionSpec.Flag("force", 'f', "Force the complete unmount of the specified mounted containers"),
            Latest(),
        ],
        Action = ContainerActions.UnmountAsync,
    };

    public static CommandSpec Copy(bool inGroup = false) => new("cp", "Copy files/folders between a container and the local filesystem")
    {
        Description = "Copy the contents of SRC_PATH to the DEST_PATH.\n\nYou can copy from the container's file system to the local machine or the reverse, from the local filesystem to the container. If \"-\" is specified for either the SRC_PATH or DEST_PATH, you can also stream a tar archive from STDIN or to STDOUT. The CONTAINER can be a running or stopped container. The SRC_PATH or DEST_PATH can be a file or a directory.\n",
        Usage = "[options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH",
        Example = inGroup ? "{path} [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH" : "{path} [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            OptionSpec.Flag("archive", 'a', "Chown copied files to the primary uid/gid of the destination container.", true),
            OptionSpec.Flag("overwrite", null, "Allow to overwrite directories with non-directories and vice versa"),
            // Deprecated no-ops, hidden in podman.
            OptionSpec.Flag("extract", null, "Deprecated...") with { Hidden = true },
            OptionSpec.Flag("pause", null, "Deprecated", true) with { Hidden = true },
        ],
        Action = ContainerActions.CopyAsync,
    };

    public static CommandSpec Export() => new("export", "Export container's filesystem contents as a tar archive")
    {
        Description = "Exports container's filesystem contents as a tar archive and saves it on the local machine.",
        Usage = "[options] CONTAINER",
        Example = "{path} ctrID > myCtr.tar\n{path} --output=\"myCtr.tar\" ctrID",
        Args = ArgsRule.Exactly(1),
        Options = [OptionSpec.Text("output", 'o', "Write to a specified file (default: stdout, which must be redirected)")],
        Action = ContainerActions.ExportAsync,
    };

    public static CommandSpec Rename() => new("rename", "Rename an existing container")
    {
        Description = "The podman rename command allows you to rename an existing container",
        Usage = "CONTAINER NAME",
        Example = "{path} containerA newName",
        Args = ArgsRule.Exactly(2),
        Action = ContainerActions.RenameAsync,
    };

    public static CommandSpec HealthcheckRun() => new("run", "run the health check of a container")
    {
        Usage = "CONTAINER",
        Example = "{path} mywebapp",
        Args = ArgsRule.Exactly(1),
        Action = ContainerActions.HealthcheckRunAsync,
    };

    /// <summary><c>podman healthcheck</c>.</summary>
    public static CommandSpec HealthcheckGroup() =>
        new CommandSpec("healthcheck", "Manage health checks on containers")
        {
            Description = "Run health checks on containers",
            Usage = "[command]",
        }.Add(HealthcheckRun()).Add(HealthcheckTimer());

    /// <summary>
    /// Hidden: the helper a container's start leaves running to check it every interval (podman uses a systemd timer
    /// that runs <c>healthcheck run</c>); see docs/healthchecks.md.
    /// </summary>
    public static CommandSpec HealthcheckTimer() => new("timer", "run the health check of a container on its interval")
    {
        Usage = "CONTAINER",
        Args = ArgsRule.Exactly(1),
        Hidden = true,
        Action = ContainerActions.HealthcheckTimerAsync,
    };

    /// <summary>
    /// <c>podman container</c> with podman's container subcommands and aliases (checkpoint, restore, clone, runlabel and
    /// update are not there yet).
    /// </summary>
    public static CommandSpec Group(ContainerFlagDefaults d) =>
        new CommandSpec("container", "Manage containers")
        {
            Description = "Manage containers",
            Usage = "[command]",
        }.Add(
            Attach(d, inGroup: true),
            Cleanup(),
            Commit(),
            Copy(inGroup: true),
            Create(d),
            Diff(),
            Exec(d),
            Exists(),
            Export(),
            Init(),
            Inspect(),
            Kill(),
            List("list"),
            Logs(inGroup: true),
            Mount(),
            Pause(),
            Port(inGroup: true),
            Prune(),
            List("ps"),
            Rename(),
            Restart(d),
            Remove(d),
            Run(d, inGroup: true),
            Start(d),
            Stats(),
            Stop(d),
            Top(inGroup: true),
            Unmount(),
            Unpause(),
            Wait());
}
