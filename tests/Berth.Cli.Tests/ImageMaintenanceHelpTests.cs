using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;

namespace Berth.Cli.Tests;

/// <summary>
/// Help of image prune/tree/unmount/diff with podman 4.3.1's words (from its cobra definitions in cmd/podman/images),
/// and the names and aliases podman registers them under.
/// </summary>
public sealed class ImageMaintenanceHelpTests
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    private static CommandSpec Find(params string[] words) =>
        words.Aggregate(Root, (command, word) => command.FindSubcommand(word) ?? throw new InvalidOperationException($"no {word} under {command.Path}"));

    [Fact]
    public void Prune_Help_IsPodmans()
    {
        Assert.Equal(
            "Remove unused images\n\nDescription:\n  Removes dangling or unused images from local storage.\n\nUsage:\n  podman image prune [options]\n\n" +
            "Examples:\n  podman image prune\n\nOptions:\n" +
            "  -a, --all                  Remove all images not in use by containers, not just dangling ones\n" +
            "      --external             Remove images even when they are used by external containers (e.g., by build containers)\n" +
            "      --filter stringArray   Provide filter values (e.g. 'label=<key>=<value>')\n" +
            "  -f, --force                Do not prompt for confirmation\n\n",
            HelpWriter.Render(Find("image", "prune")));
    }

    [Fact]
    public void Tree_Help_IsPodmans()
    {
        Assert.Equal(
            "Prints layer hierarchy of an image in a tree format\n\nDescription:\n  Prints layer hierarchy of an image in a tree format\n\n" +
            "Usage:\n  podman image tree [options] IMAGE\n\nExamples:\n  podman image tree alpine:latest\n\n" +
            "Options:\n      --whatrequires   Show all child images and layers of the specified image\n\n",
            HelpWriter.Render(Find("image", "tree")));
    }

    [Fact]
    public void Diff_Help_HasPodmansLatestFlagWithItsSecondLine()
    {
        var help = HelpWriter.Render(Find("diff"));

        Assert.StartsWith("Display the changes to the object's file system\n\nDescription:\n  Displays changes on a container or image's filesystem.  The container or image will be compared to its parent layer or the second argument when given.\n\nUsage:\n  podman diff [options] {CONTAINER|IMAGE} [{CONTAINER|IMAGE}]\n", help, StringComparison.Ordinal);
        Assert.Contains("      --format string   Change the output format (json)\n  -l, --latest          Act on the latest container podman is aware of\n                        Not supported with the \"--remote\" flag\n", help, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageGroup_HasPodmansNamesAndAliases()
    {
        Assert.Same(Find("image", "unmount"), Find("image", "umount"));
        Assert.Equal("Mount an image's root filesystem", Find("image", "mount").Summary);
        Assert.Equal("Inspect changes to the image's file systems", Find("image", "diff").Summary);
        Assert.Contains("\nAliases:\n  unmount, umount\n", HelpWriter.Render(Find("image", "unmount")), StringComparison.Ordinal);
    }
}
