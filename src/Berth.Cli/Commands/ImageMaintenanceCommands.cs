using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// Definitions of podman 4.3.1's image prune, mount, unmount, diff and tree (and the top-level diff), with its texts;
/// the actions are in <see cref="ImageMaintenanceActions"/>.
/// </summary>
public static class ImageMaintenanceCommands
{
    public static CommandSpec Prune() => new("prune", "Remove unused images")
    {
        Description = "Removes dangling or unused images from local storage.",
        Usage = "[options]",
        Example = "{path}",
        Args = ArgsRule.None,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Remove all images not in use by containers, not just dangling ones"),
            OptionSpec.Flag("external", null, "Remove images even when they are used by external containers (e.g., by build containers)"),
            OptionSpec.Array("filter", null, "Provide filter values (e.g. 'label=<key>=<value>')"),
            OptionSpec.Flag("force", 'f', "Do not prompt for confirmation"),
        ],
        Action = ImageMaintenanceActions.PruneAsync,
    };

    public static CommandSpec Mount() => new("mount", "Mount an image's root filesystem")
    {
        Description = "podman image mount\n  Lists all mounted images mount points if no images is specified\n\npodman image mount IMAGE-NAME-OR-ID\n  Mounts the specified image and prints the mountpoint\n",
        Usage = "[options] [IMAGE...]",
        Example = "{path} imgID\n{path} imgID1 imgID2 imgID3\n{path}\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Mount all images"),
            OptionSpec.Text("format", null, "Print the mounted images in specified format (json)"),
        ],
        Action = ImageMaintenanceActions.MountAsync,
    };

    public static CommandSpec Unmount() => new("unmount", "Unmount an image's root filesystem")
    {
        Aliases = ["umount"],
        Description = "Image storage increments a mount counter each time an image is mounted.\n\nWhen an image is unmounted, the mount counter is decremented. The image's root filesystem is physically unmounted only when the mount counter reaches zero indicating no other processes are using the mount.\n\nAn unmount can be forced with the --force flag.\n",
        Usage = "[options] IMAGE [IMAGE...]",
        // podman's examples say "podman unmount" (the container command's words); the command path is used here.
        Example = "{path} imgID\n{path} imgID1 imgID2 imgID3\n{path} --all",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "Unmount all of the currently mounted images"),
            OptionSpec.Flag("force", 'f', "Force the complete unmount of the specified mounted images"),
        ],
        Action = ImageMaintenanceActions.UnmountAsync,
    };

    /// <summary><c>podman image diff</c>: images only, one or two of them.</summary>
    public static CommandSpec ImageDiff() => new("diff", "Inspect changes to the image's file systems")
    {
        Description = "Displays changes to the image's filesystem.  The image will be compared to its parent layer or the second argument when given.",
        Usage = "[options] IMAGE [IMAGE]",
        Example = "{path} myImage\n{path} --format json redis:alpine",
        Args = ArgsRule.Between(1, 2),
        Options = [OptionSpec.Text("format", null, "Change the output format (json)")],
        Action = ImageMaintenanceActions.ImageDiffAsync,
    };

    /// <summary><c>podman diff</c>: containers or images (Berth has images and layers so far).</summary>
    public static CommandSpec Diff() => new("diff", "Display the changes to the object's file system")
    {
        Description = "Displays changes on a container or image's filesystem.  The container or image will be compared to its parent layer or the second argument when given.",
        Usage = "[options] {CONTAINER|IMAGE} [{CONTAINER|IMAGE}]",
        Example = "{path} imageID\n{path} ctrID\n{path} --format json redis:alpine",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Text("format", null, "Change the output format (json)"),
            OptionSpec.Flag("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag"),
        ],
        Action = ImageMaintenanceActions.DiffAsync,
    };

    public static CommandSpec Tree() => new("tree", "Prints layer hierarchy of an image in a tree format")
    {
        Usage = "[options] IMAGE",
        Example = "{path} alpine:latest",
        Args = ArgsRule.Exactly(1),
        Options = [OptionSpec.Flag("whatrequires", null, "Show all child images and layers of the specified image")],
        Action = ImageMaintenanceActions.TreeAsync,
    };
}
