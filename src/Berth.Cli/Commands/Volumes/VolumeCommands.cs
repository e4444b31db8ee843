using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's <c>volume</c> commands (cmd/podman/volumes): definitions only; actions in VolumeActions.</summary>
public static class VolumeCommands
{
    /// <summary>podman's default <c>volume ls</c> template.</summary>
    public const string ListFormat = "{{range .}}{{.Driver}}\t{{.Name}}\n{{end -}}";

    /// <summary><c>podman volume</c> with its subcommands.</summary>
    public static CommandSpec Group(ContainerFlagDefaults defaults) =>
        new CommandSpec("volume", "Manage volumes")
        {
            Description = "Volumes are created in and can be shared between containers",
            Usage = "[command]",
        }.Add(Create(), Exists(), Export(), Import(), Inspect(), List(), Mount(), Prune(), Reload(), Remove(defaults), Unmount());

    public static CommandSpec Create() => new("create", "Create a new volume")
    {
        Description = "If using the default driver, \"local\", the volume will be created on the host in the volumes directory under container storage.",
        Usage = "[options] [NAME]",
        Example = "{path} myvol\n{path}\n{path} --label foo=bar myvol",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Text("driver", null, "Specify volume driver name", VolumeOptionsDefaults.Driver),
            // podman 4.4's -d shorthand and --ignore; not in 4.3.1's help, so hidden.
            OptionSpec.Text(VolumeOptionsDefaults.DriverShorthand, 'd', "Specify volume driver name") with { Hidden = true },
            OptionSpec.Flag("ignore", null, "Don't fail if volume already exists") with { Hidden = true },
            OptionSpec.Slice("label", 'l', "Set metadata for a volume (default [])"),
            OptionSpec.Array("opt", 'o', "Set driver specific options (default [])"),
        ],
        Action = VolumeActions.CreateAsync,
    };

    public static CommandSpec List() => new("ls", "List volumes")
    {
        Aliases = ["list"],
        DescriptionAsWritten = true,
        Description = "\npodman volume ls\n\nList all available volumes. The output of the volumes can be filtered\nand the output format can be changed to JSON or a user specified Go template.",
        Usage = "[options]",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Slice("filter", 'f', "Filter volume output"),
            // Help shows the default as Go quotes it.
            OptionSpec.Text("format", null, "Format volume output using Go template", "{{range .}}{{.Driver}}\\t{{.Name}}\\n{{end -}}"),
            OptionSpec.Flag("noheading", null, "Do not print headers"),
            OptionSpec.Flag("quiet", 'q', "Print volume output in quiet mode"),
        ],
        Action = VolumeActions.ListAsync,
    };

    public static CommandSpec Inspect() => new("inspect", "Display detailed information on one or more volumes")
    {
        Description = "Display detailed information on one or more volumes.\n\nUse a Go template to change the format from JSON.",
        Usage = "[options] VOLUME [VOLUME...]",
        Example = "{path} myvol\n{path} --all\n{path} --format \"{{.Driver}} {{.Scope}}\" myvol",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Inspect all volumes"),
            OptionSpec.Text("format", 'f', "Format volume output using Go template", "json"),
        ],
        Action = VolumeActions.InspectAsync,
    };

    public static CommandSpec Remove(ContainerFlagDefaults defaults) => new("rm", "Remove one or more volumes")
    {
        Aliases = ["remove"],
        Description = "Remove one or more existing volumes.\n\nBy default only volumes that are not being used by any containers will be removed. To remove the volumes anyways, use the --force flag.",
        Usage = "[options] VOLUME [VOLUME...]",
        Example = "{path} myvol1 myvol2\n{path} --all\n{path} --force myvol",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove all volumes"),
            OptionSpec.Flag("force", 'f', "Remove a volume by force, even if it is being used by a container"),
            OptionSpec.UInt("time", 't', "Seconds to wait for running containers to stop before killing the container") with { Default = defaults.StopTimeoutText },
        ],
        Action = VolumeActions.RemoveAsync,
    };

    public static CommandSpec Prune() => new("prune", "Remove all unused volumes")
    {
        Description = "Volumes that are not currently owned by a container will be removed.\n\nThe command prompts for confirmation which can be overridden with the --force flag.\nNote all data will be destroyed.",
        Usage = "[options]",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Array("filter", null, "Provide filter values (e.g. 'label=<key>=<value>')"),
            OptionSpec.Flag("force", 'f', "Do not prompt for confirmation"),
        ],
        Action = VolumeActions.PruneAsync,
    };

    public static CommandSpec Exists() => new("exists", "Volume exists")
    {
        Description = "If the given volume exists, podman volume exists exits with 0, otherwise the exit code will be 1.",
        Usage = "VOLUME",
        Example = "{path} myvol",
        Args = ArgsRule.Exactly(1),
        Action = VolumeActions.ExistsAsync,
    };

    public static CommandSpec Export() => new("export", "Export volumes")
    {
        DescriptionAsWritten = true,
        Description = "\npodman volume export\n\nAllow content of volume to be exported into external tar.",
        Usage = "[options] VOLUME",
        Args = ArgsRule.Exactly(1),
        Options =
        [
            OptionSpec.Text("output", 'o', "Write to a specified file (default: stdout, which must be redirected)", "/dev/stdout"),
        ],
        Action = VolumeActions.ExportAsync,
    };

    public static CommandSpec Import() => new("import", "Import a tarball contents into a podman volume")
    {
        Description = "Imports contents into a podman volume from specified tarball (.tar, .tar.gz, .tgz, .bzip, .tar.xz, .txz).",
        Usage = "VOLUME [SOURCE]",
        // podman's second example line really says "podman import volume".
        Example = "{path} my_vol /home/user/import.tar\ncat ctr.tar | podman import volume my_vol -",
        Args = ArgsRule.Exactly(2),
        Action = VolumeActions.ImportAsync,
    };

    public static CommandSpec Mount() => new("mount", "Mount volume")
    {
        Description = "Mount a volume and return the mountpoint",
        Usage = "NAME",
        Example = "{path} myvol",
        Args = ArgsRule.Exactly(1),
        Action = VolumeActions.MountAsync,
    };

    public static CommandSpec Unmount() => new("unmount", "Unmount volume")
    {
        Description = "Unmount a volume",
        Usage = "NAME",
        Example = "{path} myvol",
        Args = ArgsRule.Exactly(1),
        Action = VolumeActions.UnmountAsync,
    };

    /// <summary>Volume plugins: Berth has none, so there is never anything to add or remove.</summary>
    public static CommandSpec Reload() => new("reload", "reload all volumes from volume plugins")
    {
        Description = "Check all configured volume plugins and update the libpod database with all available volumes.\n\nExisting volumes are also removed from the database when they are no longer present in the plugin.",
        Usage = "",
        Args = ArgsRule.None,
        Action = (invocation, ct) => Task.FromResult(0),
    };
}

/// <summary>Names shared by the definitions and the actions.</summary>
internal static class VolumeOptionsDefaults
{
    public const string Driver = "local";

    /// <summary>The hidden option behind <c>-d</c> (podman 4.4's shorthand of --driver).</summary>
    public const string DriverShorthand = "driver-shorthand";
}
