using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Commands.Buildah;

namespace Berth.Cli.Personalities;

/// <summary>buildah's command tree (<c>berth buildah …</c>, or a link named buildah).</summary>
public static class BuildahTree
{
    public static CommandSpec Create(string rootName) => new CommandSpec(rootName, "A tool that facilitates building OCI images")
    {
        HelpStyle = HelpStyle.Cobra,
        Usage = "[flags]",
        GlobalOptions = GlobalOptions.Buildah,
        Options = [OptionSpec.Flag("version", 'v', "version for buildah")],
        Args = ArgsRule.Any,
        Action = RootAsync,
        SubcommandUsageTemplate = true,
    }.Add(
        VersionCommand.Buildah(), InfoCommand.Buildah(), HelpCommand.Create(), LoginCommands.Login(), LoginCommands.Logout(),
        BuildahCommands.From(), BuildahCommands.Containers(), BuildahCommands.Mount(), BuildahCommands.Umount(),
        BuildahCommands.Rm(), BuildahCommands.Run(), BuildahImageCommands.Copy(), BuildahImageCommands.Add(),
        BuildahImageCommands.Config(), BuildahImageCommands.Commit(), BuildahImageCommands.Inspect(),
        BuildahImageCommands.Images(), BuildahImageCommands.Rmi(), BuildahImageCommands.Tag(),
        BuildahImageCommands.Pull(), Push(), Build(), BuildahManifestCommands.Group());

    /// <summary><c>buildah build</c> (also <c>bud</c>): podman's build action and flags under buildah's names.</summary>
    private static CommandSpec Build()
    {
        var podman = BuildCommands.Build();
        return new CommandSpec("build", "Build an image using instructions in a Containerfile")
        {
            Aliases = ["build-using-dockerfile", "bud"],
            Description = "\n  Builds an OCI image using instructions in one or more Containerfiles.\n\n  If no arguments are specified, Buildah will use the current working directory\n  as the build context and look for a Containerfile. The build fails if no\n  Containerfile nor Dockerfile is present.",
            Usage = "[CONTEXT] [flags]",
            Example = "{path}\nbuildah bud -f Containerfile.simple .\nbuildah bud --volume /home/test:/myvol:ro,Z -t imageName .\nbuildah bud -f Containerfile.simple -f Containerfile.notsosimple .",
            Args = podman.Args,
            Options = [.. podman.Options.SelectMany(BuildahBuildOption)],
            Action = podman.Action,
        };
    }

    /// <summary>buildah 1.28.2's build flags where they differ from podman 4.3.1's: no defaults shown for --force-rm
    /// and --layers, its own --pull text, and --runtime (accepted, runc is what Berth runs); --squash-all hidden.</summary>
    private static IEnumerable<OptionSpec> BuildahBuildOption(OptionSpec option)
    {
        switch (option.Name)
        {
            case "squash-all":
                // Not in buildah's help; kept hidden because the one build action reads it.
                yield return option with { Hidden = true };
                break;
            case "force-rm" or "layers":
                yield return option with { Default = null };
                break;
            case "pull":
                yield return option with { Help = "pull the image from the registry if newer or not present in store, if false, only pull the image if not present, if always, pull the image even if the named image is present in store, if never, only use the image present in store if available" };
                break;
            case "rm":
                yield return option;
                yield return new OptionSpec("runtime", null, OptionKind.String, "`path` to an alternate runtime. Use BUILDAH_RUNTIME environment variable to override.", Default: "runc");
                break;
            default:
                yield return option;
                break;
        }
    }

    /// <summary><c>buildah push</c>: podman's push action under buildah 1.28.2's help and flags (podman-only flags stay,
    /// hidden, so the one action reads the same names).</summary>
    private static CommandSpec Push()
    {
        var podman = PushCommand.Create();
        var podmanOnly = new HashSet<string>(StringComparer.Ordinal) { "compress", "disable-content-trust", "sign-by-sigstore-private-key", "sign-passphrase-file", "signature-policy" };
        OptionSpec[] buildah =
        [
            OptionSpec.Flag("all", null, "push all of the images referenced by the manifest list"),
            OptionSpec.Text("authfile", null, "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override"),
            OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
            OptionSpec.Text("compression-format", null, "compression format to use"),
            new OptionSpec("compression-level", null, OptionKind.Int, "compression level to use"),
            OptionSpec.Text("creds", null, "use `[username[:password]]` for accessing the registry"),
            OptionSpec.Text("digestfile", null, "after copying the image, write the digest of the resulting image to the file"),
            OptionSpec.Flag("disable-compression", 'D', "don't compress layers"),
            OptionSpec.Slice("encrypt-layer", null, "layers to encrypt, 0-indexed layer indices with support for negative indexing (e.g. 0 is the first layer, -1 is the last layer). If not defined, will encrypt all layers if encryption-key flag is specified") with { ValueName = "ints" },
            OptionSpec.Slice("encryption-key", null, "key with the encryption protocol to use needed to encrypt the image (e.g. jwe:/path/to/key.pem)"),
            OptionSpec.Text("format", 'f', "manifest type (oci, v2s1, or v2s2) to use in the destination (default is manifest type of source, with fallbacks)"),
            OptionSpec.Flag("quiet", 'q', "don't output progress information when pushing images"),
            OptionSpec.Flag("remove-signatures", null, "don't copy signatures when pushing image"),
            new OptionSpec("retry", null, OptionKind.Int, "number of times to retry in case of failure when performing push/pull", Default: "3"),
            OptionSpec.Text("retry-delay", null, "delay between retries in case of push/pull failures") with { Default = "2s" },
            OptionSpec.Flag("rm", null, "remove the manifest list if push succeeds"),
            OptionSpec.Text("sign-by", null, "sign the image using a GPG key with the specified `FINGERPRINT`"),
            new OptionSpec("tls-verify", null, OptionKind.Bool, "require HTTPS and verify certificates when accessing the registry. TLS verification cannot be used when talking to an insecure registry.", "true"),
        ];
        return new CommandSpec("push", "Push an image to a specified destination")
        {
            Description = "\n  Pushes an image to a specified location.\n\n  The Image \"DESTINATION\" uses a \"transport\":\"details\" format. If not specified, will reuse source IMAGE as DESTINATION.\n\n  Supported transports:\n  containers-storage,dir,docker,docker-archive,docker-daemon,oci,oci-archive,ostree,sif\n\n  See buildah-push(1) section \"DESTINATION\" for the expected format",
            Usage = "[flags]",
            Example = "buildah push imageID docker://registry.example.com/repository:tag\nbuildah push imageID docker-daemon:image:tagi\nbuildah push imageID oci:/path/to/layout:image:tag",
            Args = podman.Args,
            Options = [.. buildah, .. podman.Options.Where(o => podmanOnly.Contains(o.Name)).Select(o => o with { Hidden = true })],
            Action = podman.Action,
        };
    }

    private static Task<int> RootAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Options.GetBool("version"))
        {
            invocation.Out.WriteLine($"buildah version {Engine.BuildInfo.Version}");
            return Task.FromResult(0);
        }

        if (invocation.Arguments.Count > 0)
        {
            return Task.FromResult(CliApplication.MissingCommand(invocation));
        }

        invocation.Out.Write(HelpWriter.Render(invocation.Command));
        return Task.FromResult(0);
    }
}
