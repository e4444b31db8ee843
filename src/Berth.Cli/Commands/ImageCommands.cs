using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>Definitions of the image commands (podman's flags and texts); the actions are in ImageActions.</summary>
public static class ImageCommands
{
    private static readonly OptionSpec AuthFile = OptionSpec.Text("authfile", null, "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override");
    private static readonly OptionSpec TlsVerify = new("tls-verify", null, OptionKind.Bool, "Require HTTPS and verify certificates when contacting registries", "true");

    public static CommandSpec Pull() => new("pull", "Pull an image from a registry")
    {
        Description = "Pulls an image from a registry and stores it locally.\n\nAn image can be pulled by tag or digest. If a tag is not specified, the image with the 'latest' tag is pulled.",
        Usage = "[options] IMAGE [IMAGE...]",
        Example = "{path} imageName\n{path} fedora:latest\n{path} --platform linux/arm64 quay.io/x/y:1",
        Args = ArgsRule.AtLeast(1),
        Options =
        [
            OptionSpec.Flag("all-tags", 'a', "All tagged images in the repository will be pulled"),
            OptionSpec.Text("arch", null, "Use `ARCH` instead of the architecture of the machine for choosing images"),
            AuthFile,
            OptionSpec.Text("cert-dir", null, "`Pathname` of a directory containing TLS certificates and keys"),
            OptionSpec.Text("creds", null, "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry"),
            OptionSpec.Flag("disable-content-trust", null, "This is a Docker specific option and is a NOOP"),
            OptionSpec.Text("os", null, "Use `OS` instead of the running OS for choosing images"),
            OptionSpec.Text("platform", null, "Specify the platform for selecting the image.  (Conflicts with arch and os)"),
            OptionSpec.Text("policy", null, "Pull image policy (\"always\"|\"missing\"|\"never\"|\"newer\")", "always"),
            OptionSpec.Flag("quiet", 'q', "Suppress output information when pulling images"),
            OptionSpec.Text("signature-policy", null, "`Pathname` of signature policy file (not usually used)") with { Hidden = true },
            TlsVerify,
            OptionSpec.Text("variant", null, "Use VARIANT instead of the running architecture variant for choosing images"),
        ],
        Action = ImageActions.PullAsync,
    };

    public static CommandSpec List(string name, params string[] aliases) => new(name, "List images in local storage")
    {
        Aliases = aliases,
        Description = "Lists images previously pulled to the system or created on the system.",
        Usage = "[options] [IMAGE]",
        Example = "{path} --format json\n{path} --sort repository --format \"table {{.ID}} {{.Repository}} {{.Tag}}\"\n{path} --filter dangling=true",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("all", 'a', "Show all images (default hides intermediate images)"),
            OptionSpec.Flag("digests", null, "Show digests"),
            OptionSpec.Slice("filter", 'f', "Filter output based on conditions provided (default [])"),
            OptionSpec.Text("format", null, "Change the output format to JSON or a Go template"),
            OptionSpec.Flag("history", null, "Display the image name history"),
            OptionSpec.Flag("no-trunc", null, "Do not truncate output"),
            OptionSpec.Flag("noheading", 'n', "Do not print column headings"),
            OptionSpec.Flag("quiet", 'q', "Display only image IDs"),
            OptionSpec.Text("sort", null, "Sort by created, id, repository, size, tag", "created"),
        ],
        Action = ImageActions.ListAsync,
    };

    public static CommandSpec Inspect(bool generic) => generic
        ? new("inspect", "Display the configuration of object denoted by ID")
        {
            Description = "Displays the low-level information on an object identified by name or ID.",
            Usage = "[options] {CONTAINER|IMAGE|POD|NETWORK|VOLUME} [...]",
            Args = ArgsRule.AtLeast(1),
            Options =
            [
                OptionSpec.Text("format", 'f', "Format the output to a Go template or json", "json"),
                OptionSpec.Flag("size", 's', "Display total file size"),
                OptionSpec.Text("type", 't', "Specify inspect-object type", "all"),
            ],
            Action = ImageActions.InspectAsync,
        }
        : new("inspect", "Display the configuration of an image")
        {
            Description = "Displays the low-level information of an image identified by name or ID.",
            Usage = "[options] IMAGE [IMAGE...]",
            Args = ArgsRule.AtLeast(1),
            Options = [OptionSpec.Text("format", 'f', "Format the output to a Go template or json", "json")],
            Action = ImageActions.ImageInspectAsync,
        };

    public static CommandSpec Tag() => new("tag", "Add an additional name to a local image")
    {
        Description = "Adds one or more additional names to locally-stored image.",
        Usage = "IMAGE TARGET_NAME [TARGET_NAME...]",
        Example = "{path} 0e3bbc2 fedora:latest\n{path} imageID:latest myNewImage:newTag",
        Args = ArgsRule.AtLeast(2),
        Action = ImageActions.TagAsync,
    };

    public static CommandSpec Untag() => new("untag", "Remove a name from a local image")
    {
        Description = "Removes one or more names from a locally-stored image.",
        Usage = "IMAGE [IMAGE...]",
        Example = "{path} 0e3bbc2\n{path} imageID:latest otherImageName:latest",
        Args = ArgsRule.AtLeast(1),
        Action = ImageActions.UntagAsync,
    };

    public static CommandSpec Remove(string name, params string[] aliases) => new(name, "Removes one or more images from local storage")
    {
        Aliases = aliases,
        Description = "Removes one or more previously pulled or locally created images.",
        Usage = "[options] IMAGE [IMAGE...]",
        Example = "{path} imageID\n{path} --force alpine\n{path} --force nginx:latest",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove all images"),
            OptionSpec.Flag("force", 'f', "Force Removal of the image"),
            OptionSpec.Flag("ignore", 'i', "Ignore errors if a specified image does not exist"),
            OptionSpec.Flag("no-prune", null, "Do not remove dangling images"),
        ],
        Action = ImageActions.RemoveAsync,
    };

    public static CommandSpec Exists() => new("exists", "Check if an image exists in local storage")
    {
        Description = "If the named image exists in local storage, podman image exists exits with 0, otherwise the exit code will be 1.",
        Usage = "IMAGE",
        Example = "{path} ID\n{path} IMAGE && echo \"it exists\"",
        Args = ArgsRule.Exactly(1),
        Action = ImageActions.ExistsAsync,
    };

    public static CommandSpec History() => new("history", "Show history of a specified image")
    {
        Description = "Displays the history of an image.\n\nThe information can be printed out in an easy to read, or user specified format, and can be truncated.",
        Usage = "[options] IMAGE",
        Args = ArgsRule.Exactly(1),
        Options =
        [
            OptionSpec.Text("format", null, "Change the output to JSON or a Go template"),
            new OptionSpec("human", 'H', OptionKind.Bool, "Display sizes and dates in human readable format", "true"),
            OptionSpec.Flag("no-trunc", null, "Do not truncate the output"),
            OptionSpec.Flag("quiet", 'q', "Display the numeric IDs only"),
        ],
        Action = ImageActions.HistoryAsync,
    };

    public static CommandSpec Save() => new("save", "Save image(s) to an archive")
    {
        Description = "Save an image to docker-archive or oci-archive on the local machine. Default is docker-archive.",
        Usage = "[options] IMAGE [IMAGE...]",
        Example = "{path} --quiet -o myimage.tar imageID\n{path} --format docker-archive -o ubuntu.tar ubuntu\n{path} > alpine-all.tar alpine:latest",
        Args = ArgsRule.AtLeast(1),
        Options =
        [
            OptionSpec.Flag("compress", null, "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)"),
            OptionSpec.Text("format", null, "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, docker-dir (directory with v2s2 manifest type)", "docker-archive"),
            OptionSpec.Flag("multi-image-archive", 'm', "Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)"),
            OptionSpec.Text("output", 'o', "Write to a specified file (default: stdout, which must be redirected)"),
            OptionSpec.Flag("quiet", 'q', "Suppress the output"),
        ],
        Action = ImageActions.SaveAsync,
    };

    public static CommandSpec Load() => new("load", "Load image(s) from a tar archive")
    {
        Description = "Loads an image from a locally stored archive (tar file) into container storage.",
        Usage = "[options]",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Text("input", 'i', "Read from specified archive file (default: stdin)"),
            OptionSpec.Flag("quiet", 'q', "Suppress the output"),
        ],
        Action = ImageActions.LoadAsync,
    };

    public static CommandSpec Import() => new("import", "Import a tarball to create a filesystem image")
    {
        Description = "Create a container image from the contents of the specified tarball (.tar, .tar.gz, .tgz, .bzip, .tar.xz, .txz).\n\nNote remote tar balls can be specified, via web address.\nOptionally tag the image. You can specify the instructions using the --change option.",
        Usage = "[options] PATH [REFERENCE]",
        Example = "{path} https://example.com/ctr.tar url-image\ncat ctr.tar | {path} -q - --message \"importing the ctr.tar tarball\" localhost/image-imported\ncat ctr.tar | {path} -",
        Args = ArgsRule.Between(1, 2),
        Options =
        [
            OptionSpec.Array("change", 'c', "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | STOPSIGNAL | USER | VOLUME | WORKDIR"),
            OptionSpec.Text("message", 'm', "Set commit message for imported image"),
            OptionSpec.Flag("quiet", 'q', "Suppress output"),
        ],
        Action = ImageActions.ImportAsync,
    };

    /// <summary>The <c>image</c> group with podman's subcommand names and aliases.</summary>
    public static CommandSpec Group() => new CommandSpec("image", "Manage images")
    {
        Usage = "[command]",
    }.Add(
        BuildCommands.Build(),
        List("list", "ls"),
        Pull(),
        PushCommand.Create(),
        Inspect(generic: false),
        Tag(),
        Untag(),
        Remove("rm"),
        Exists(),
        History(),
        Save(),
        Load(),
        Import(),
        ImageTrustCommand.Create(),
        ImageMaintenanceCommands.Prune(),
        ImageMaintenanceCommands.Mount(),
        ImageMaintenanceCommands.Unmount(),
        ImageMaintenanceCommands.ImageDiff(),
        ImageMaintenanceCommands.Tree());
}
