using Berth.Cli.CommandLine;
using Berth.Cli.Output;

namespace Berth.Cli.Tests;

/// <summary>Help text compared with podman 4.3.1's own, for command specs written like podman's.</summary>
public class HelpWriterTests
{
    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    [Fact]
    public void Render_VersionLikeCommand_MatchesPodman()
    {
        var root = new CommandSpec("podman", "Manage pods, containers and images");
        var version = new CommandSpec("version", "Display the Podman version information")
        {
            Description = "",
            Options = [OptionSpec.Text("format", 'f', "Change the output format to JSON or a Go template")],
        };
        root.Add(version);
        Assert.Equal(Golden("podman-version-help.txt"), HelpWriter.Render(version));
    }

    [Fact]
    public void Render_MultiParagraphDescription_MatchesPodman()
    {
        var root = new CommandSpec("podman", "Manage pods, containers and images");
        var info = new CommandSpec("info", "Display podman system information")
        {
            Description = "Display information pertaining to the host, current storage stats, and build of podman.\n\nUseful for the user and when reporting issues.\n",
            Example = "{path}",
            Options = [OptionSpec.Text("format", 'f', "Change the output format to JSON or a Go template")],
        };
        root.Add(info);
        Assert.Equal(Golden("podman-info-help.txt"), HelpWriter.Render(info));
    }

    [Fact]
    public void Render_CommandWithAliasesAndExamples_MatchesPodman()
    {
        var root = new CommandSpec("podman", "Manage pods, containers and images");
        var list = new CommandSpec("list", "List containers")
        {
            Aliases = ["ls"],
            Description = "Prints out information about the containers",
            Example = "{path} -a\n{path} -a --format \"{{.ID}}  {{.Image}}  {{.Labels}}  {{.Mounts}}\"\n{path} --size --sort names",
            Options = PodmanPsOptions(),
        };
        root.Add(new CommandSpec("container", "Manage containers").Add(list));
        Assert.Equal(Golden("podman-container-list-help.txt"), HelpWriter.Render(list));
    }

    [Fact]
    public void Render_PushWithTabbedDescriptionAndExamples_MatchesPodman()
    {
        var root = new CommandSpec("podman", "Manage pods, containers and images");
        var push = Berth.Cli.Commands.PushCommand.Create();
        root.Add(push);
        Assert.Equal(Golden("podman-push-help.txt"), HelpWriter.Render(push));
    }

    [Fact]
    public void Render_SkopeoSubcommand_PlainUsageAndNoGlobalFlags_MatchesSkopeo()
    {
        var root = Berth.Cli.Personalities.SkopeoTree.Create("skopeo");
        var digest = root.Subcommands.Single(c => c.Name == "manifest-digest");
        Assert.Equal(Golden("skopeo-manifest-digest-help.txt"), HelpWriter.Render(digest));
    }

    [Fact]
    public void Render_RootWithGlobalOptions_UsesPflagColumnsAndContinuationIndent()
    {
        var golden = Golden("podman-root-help.txt");
        var options = new List<OptionSpec>
        {
            OptionSpec.Text("network-config-dir", null, "Path of the configuration directory for networks"),
            OptionSpec.Array("runtime-flag", null, "add global flags for the container runtime"),
            OptionSpec.Slice("hooks-dir", null, "Set the OCI hooks directory path (may be set multiple times)") with { Default = "[/usr/share/containers/oci/hooks.d]" },
            OptionSpec.Text("tmpdir", null, "Path to the tmp directory for libpod state content.\n\nNote: use the environment variable 'TMPDIR' to change the temporary storage location for container images, '/var/tmp'.\n"),
            OptionSpec.Flag("version", 'v', "version for podman"),
            OptionSpec.Text("cgroup-manager", null, "Cgroup manager to use (\"cgroupfs\"|\"systemd\")", "cgroupfs"),
        };
        foreach (var line in HelpWriter.FlagUsages(options).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // The same flags in podman's full table have the same widths only when the widest flag is the same:
            // network-config-dir is the widest in both.
            Assert.Contains(line.TrimEnd(), golden, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void YamlOutput_PodmanInfoDocument_MatchesPodmansYaml()
    {
        var json = Golden("podman-info.json");
        // podman prints the YAML document and then one more newline (Println of text that ends in one).
        Assert.Equal(Golden("podman-info.yaml"), YamlOutput.FromJson(json) + "\n");
    }

    private static List<OptionSpec> PodmanPsOptions() =>
    [
        OptionSpec.Flag("all", 'a', "Show all the containers, default is only running containers"),
        OptionSpec.Flag("external", null, "Show containers in storage not controlled by Podman"),
        OptionSpec.Slice("filter", 'f', "Filter output based on conditions given"),
        OptionSpec.Text("format", null, "Pretty-print containers to JSON or using a Go template"),
        OptionSpec.Integer("last", 'n', "Print the n last created containers (all states)", -1),
        OptionSpec.Flag("latest", 'l', "Act on the latest container podman is aware of\nNot supported with the \"--remote\" flag"),
        OptionSpec.Flag("no-trunc", null, "Display the extended information"),
        OptionSpec.Flag("noheading", null, "Do not print headers"),
        OptionSpec.Flag("ns", null, "Display namespace information"),
        OptionSpec.Flag("pod", 'p', "Print the ID and name of the pod the containers are associated with"),
        OptionSpec.Flag("quiet", 'q', "Print the numeric IDs of the containers only"),
        OptionSpec.Flag("size", 's', "Display the total file sizes"),
        OptionSpec.Text("sort", null, "Sort output by: command, created, id, image, names, runningfor, size, status") with { ValueName = "choice" },
        OptionSpec.Flag("sync", null, "Sync container state with OCI runtime"),
        OptionSpec.UInt("watch", 'w', "Watch the ps output on an interval in seconds"),
    ];
}
