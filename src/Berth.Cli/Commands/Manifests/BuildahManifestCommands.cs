using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// buildah 1.28's <c>manifest</c> commands: the same actions as podman's (<see cref="ManifestActions"/>) under
/// buildah's texts and flags (push --all defaults to false, add has --os-features, create's --amend has no -a).
/// </summary>
public static class BuildahManifestCommands
{
    private const string TlsVerifyHelp = "require HTTPS and verify certificates when accessing the registry. TLS verification cannot be used when talking to an insecure registry.";
    private const string CredsHelp = "use `[username[:password]]` for accessing the registry";
    private const string AuthFileHelp = "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override";

    public static CommandSpec Group() =>
        new CommandSpec("manifest", "Manipulate manifest lists")
        {
            Description = "\n  Creates, modifies, and pushes manifest lists and image indexes.",
            Usage = "[command]",
            BuildahUsage = true,
            Example = "{path} create localhost/list\n{path} add localhost/list localhost/image\n{path} annotate --annotation A=B localhost/list localhost/image\n{path} annotate --annotation A=B localhost/list sha256:entryManifestDigest\n{path} inspect localhost/list\n{path} push localhost/list transport:destination\n{path} remove localhost/list sha256:entryManifestDigest\n{path} rm localhost/list",
        }.Add(
            Command("create", "Create manifest list or image index", "Creates manifest lists and image indexes.",
                "{path} mylist:v1.11\n{path} mylist:v1.11 arch-specific-image-to-add\n{path} --all mylist:v1.11 transport:tagged-image-to-add",
                ArgsRule.AtLeast(1), ManifestActions.CreateAsync,
                OptionSpec.Flag("all", null, "add all of the lists' images if the images to add are lists"),
                OptionSpec.Flag("amend", null, "modify an existing list if one with the desired name already exists"),
                new OptionSpec("tls-verify", null, OptionKind.Bool, TlsVerifyHelp, "true")),
            Command("add", "Add images to a manifest list or image index", "Adds an image to a manifest list or image index.",
                "{path} mylist:v1.11 image:v1.11-amd64\n{path} mylist:v1.11 transport:imageName",
                ArgsRule.AtLeast(2), ManifestActions.AddAsync,
                OptionSpec.Flag("all", null, "add all of the list's images if the image is a list"),
                OptionSpec.Slice("annotation", null, "set an `annotation` for the specified image"),
                OptionSpec.Text("arch", null, "override the `architecture` of the specified image"),
                OptionSpec.Text("authfile", null, AuthFileHelp),
                OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
                OptionSpec.Text("creds", null, CredsHelp),
                OptionSpec.Slice("features", null, "override the `features` of the specified image"),
                OptionSpec.Text("os", null, "override the `OS` of the specified image"),
                OptionSpec.Slice("os-features", null, "override the OS `features` of the specified image"),
                OptionSpec.Text("os-version", null, "override the OS `version` of the specified image"),
                new OptionSpec("tls-verify", null, OptionKind.Bool, TlsVerifyHelp, "true"),
                OptionSpec.Text("variant", null, "override the `variant` of the specified image")),
            Command("remove", "Remove an entry from a manifest list or image index", "Removes an image from a manifest list or image index.",
                "{path} mylist:v1.11 sha256:15352d97781ffdf357bf3459c037be3efac4133dc9070c2dce7eca7c05c3e736",
                ArgsRule.Exactly(2), ManifestActions.RemoveAsync),
            Command("annotate", "Add or update information about an entry in a manifest list or image index", "Adds or updates information about an entry in a manifest list or image index.",
                "{path} --annotation left=right mylist:v1.11 image:v1.11-amd64",
                ArgsRule.Exactly(2), ManifestActions.AnnotateAsync,
                OptionSpec.Slice("annotation", null, "set an `annotation` for the specified image"),
                OptionSpec.Text("arch", null, "override the `Architecture` of the specified image"),
                OptionSpec.Slice("features", null, "override the `features` of the specified image"),
                OptionSpec.Text("os", null, "override the `OS` of the specified image"),
                OptionSpec.Slice("os-features", null, "override the os `features` of the specified image"),
                OptionSpec.Text("os-version", null, "override the os `version` of the specified image"),
                OptionSpec.Text("variant", null, "override the `Variant` of the specified image")),
            Command("inspect", "Display the contents of a manifest list or image index", "Display the contents of a manifest list or image index.",
                "{path} mylist:v1.11", ArgsRule.Exactly(1), ManifestActions.InspectAsync),
            Command("push", "Push a manifest list or image index to a registry", "Pushes manifest lists and image indexes to registries.",
                "{path} mylist:v1.11 transport:imageName",
                ArgsRule.Exactly(2), ManifestActions.PushAsync,
                OptionSpec.Flag("all", null, "also push the images in the list"),
                OptionSpec.Text("authfile", null, AuthFileHelp),
                OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
                OptionSpec.Text("creds", null, CredsHelp),
                OptionSpec.Text("digestfile", null, "after copying the image, write the digest of the resulting digest to the file"),
                OptionSpec.Text("format", 'f', "manifest type (oci or v2s2) to attempt to use when pushing the manifest list (default is manifest type of source)"),
                OptionSpec.Flag("quiet", 'q', "don't output progress information when pushing lists"),
                OptionSpec.Flag("remove-signatures", null, "don't copy signatures when pushing images"),
                OptionSpec.Flag("rm", null, "remove the manifest list if push succeeds"),
                OptionSpec.Text("sign-by", null, "sign the image using a GPG key with the specified `FINGERPRINT`"),
                new OptionSpec("tls-verify", null, OptionKind.Bool, TlsVerifyHelp, "true")),
            Command("rm", "Remove manifest list or image index", "Remove one or more manifest lists from local storage.",
                "{path} mylist:v1.11", ArgsRule.AtLeast(1), ManifestActions.RmAsync),
            Command("exists", "Check if a manifest list exists in local storage", "Check if a manifest list exists in local storage.",
                "{path} mylist", ArgsRule.Exactly(1), ManifestActions.ExistsAsync));

    private static CommandSpec Command(string name, string summary, string description, string example, ArgsRule args,
        CommandAction action, params OptionSpec[] options) => new(name, summary)
    {
        Description = "\n  " + description,
        Usage = "[options]",
        BuildahUsage = true,
        Example = example,
        Args = args,
        Options = options,
        Action = action,
    };
}
