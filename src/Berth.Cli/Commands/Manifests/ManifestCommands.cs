using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>podman 4.3.1's <c>manifest</c> commands (cmd/podman/manifest): definitions only; actions in ManifestActions.</summary>
public static class ManifestCommands
{
    private const string CredsHelp = "use `[username[:password]]` for accessing the registry";
    private const string AuthFileHelp = "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override";

    /// <summary><c>podman manifest</c> with its subcommands.</summary>
    public static CommandSpec Group() =>
        new CommandSpec("manifest", "Manipulate manifest lists and image indexes")
        {
            Description = "Creates, modifies, and pushes manifest lists and image indexes.",
            Usage = "[command]",
            Example = "{path} add mylist:v1.11 image:v1.11-amd64\n{path} create localhost/list\n{path} inspect localhost/list\n{path} annotate --annotation left=right mylist:v1.11 image:v1.11-amd64\n{path} push mylist:v1.11 docker://quay.io/myuser/image:v1.11\n{path} remove mylist:v1.11 sha256:15352d97781ffdf357bf3459c037be3efac4133dc9070c2dce7eca7c05c3e736\n{path} rm mylist:v1.11",
        }.Add(Add(), Annotate(), Create(), Exists(), Inspect(), Push(), Remove(), Rm());

    public static CommandSpec Create() => new("create", "Create manifest list or image index")
    {
        Description = "Creates manifest lists or image indexes.",
        Usage = "[options] LIST [IMAGE...]",
        Example = "{path} mylist:v1.11\n{path} mylist:v1.11 arch-specific-image-to-add\n{path} mylist:v1.11 arch-specific-image-to-add another-arch-specific-image-to-add\n{path} --all mylist:v1.11 transport:tagged-image-to-add",
        Args = ArgsRule.AtLeast(1),
        Options =
        [
            OptionSpec.Flag("all", null, "add all of the lists' images if the images to add are lists"),
            OptionSpec.Flag("amend", 'a', "modify an existing list if one with the desired name already exists"),
            new OptionSpec("tls-verify", null, OptionKind.Bool, "require HTTPS and verify certificates when accessing the registry", "true"),
        ],
        Action = ManifestActions.CreateAsync,
    };

    public static CommandSpec Add() => new("add", "Add images to a manifest list or image index")
    {
        Description = "Adds an image to a manifest list or image index.",
        Usage = "[options] LIST IMAGE [IMAGE...]",
        Example = "{path} mylist:v1.11 image:v1.11-amd64\n\t\t{path} mylist:v1.11 transport:imageName",
        Args = ArgsRule.AtLeast(2),
        Options =
        [
            OptionSpec.Flag("all", null, "add all of the list's images if the image is a list"),
            OptionSpec.Slice("annotation", null, "set an `annotation` for the specified image"),
            OptionSpec.Text("arch", null, "override the `architecture` of the specified image"),
            OptionSpec.Text("authfile", null, AuthFileHelp),
            OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
            OptionSpec.Text("creds", null, CredsHelp),
            OptionSpec.Slice("features", null, "override the `features` of the specified image"),
            OptionSpec.Text("os", null, "override the `OS` of the specified image"),
            OptionSpec.Text("os-version", null, "override the OS `version` of the specified image"),
            new OptionSpec("tls-verify", null, OptionKind.Bool, "require HTTPS and verify certificates when accessing the registry", "true"),
            OptionSpec.Text("variant", null, "override the `Variant` of the specified image"),
        ],
        Action = ManifestActions.AddAsync,
    };

    public static CommandSpec Remove() => new("remove", "Remove an entry from a manifest list or image index")
    {
        Description = "Removes an image from a manifest list or image index.",
        Usage = "LIST IMAGE",
        Example = "{path} mylist:v1.11 sha256:15352d97781ffdf357bf3459c037be3efac4133dc9070c2dce7eca7c05c3e736",
        Args = ArgsRule.Exactly(2),
        Action = ManifestActions.RemoveAsync,
    };

    public static CommandSpec Annotate() => new("annotate", "Add or update information about an entry in a manifest list or image index")
    {
        Description = "Adds or updates information about an entry in a manifest list or image index.",
        Usage = "[options] LIST IMAGE",
        Example = "{path} --annotation left=right mylist:v1.11 image:v1.11-amd64",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            OptionSpec.Slice("annotation", null, "set an `annotation` for the specified image"),
            OptionSpec.Text("arch", null, "override the `architecture` of the specified image"),
            OptionSpec.Slice("features", null, "override the `features` of the specified image"),
            OptionSpec.Text("os", null, "override the `OS` of the specified image"),
            OptionSpec.Slice("os-features", null, "override the OS `features` of the specified image"),
            OptionSpec.Text("os-version", null, "override the OS `version` of the specified image"),
            OptionSpec.Text("variant", null, "override the `Variant` of the specified image"),
        ],
        Action = ManifestActions.AnnotateAsync,
    };

    public static CommandSpec Inspect() => new("inspect", "Display the contents of a manifest list or image index")
    {
        Description = "Display the contents of a manifest list or image index.",
        Usage = "IMAGE",
        Example = "{path} localhost/list",
        Args = ArgsRule.Exactly(1),
        Action = ManifestActions.InspectAsync,
    };

    public static CommandSpec Push() => new("push", "Push a manifest list or image index to a registry")
    {
        Description = "Pushes manifest lists and image indexes to registries.",
        Usage = "[options] LIST DESTINATION",
        Example = "{path} mylist:v1.11 docker://quay.io/myuser/image:v1.11",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            new OptionSpec("all", null, OptionKind.Bool, "also push the images in the list", "true"),
            OptionSpec.Text("authfile", null, AuthFileHelp),
            OptionSpec.Text("cert-dir", null, "use certificates at the specified path to access the registry"),
            OptionSpec.Text("compression-format", null, "compression format to use"),
            OptionSpec.Text("creds", null, CredsHelp),
            OptionSpec.Text("digestfile", null, "after copying the image, write the digest of the resulting digest to the file"),
            OptionSpec.Text("format", 'f', "manifest type (oci or v2s2) to attempt to use when pushing the manifest list (default is manifest type of source)"),
            OptionSpec.Flag("quiet", 'q', "don't output progress information when pushing lists"),
            OptionSpec.Flag("remove-signatures", null, "don't copy signatures when pushing images"),
            OptionSpec.Flag("rm", null, "remove the manifest list if push succeeds"),
            OptionSpec.Text("sign-by", null, "sign the image using a GPG key with the specified `FINGERPRINT`"),
            OptionSpec.Text("sign-by-sigstore-private-key", null, "Sign the image using a sigstore private key at `PATH`"),
            OptionSpec.Text("sign-passphrase-file", null, "Read a passphrase for signing an image from `PATH`"),
            new OptionSpec("tls-verify", null, OptionKind.Bool, "require HTTPS and verify certificates when accessing the registry", "true"),
        ],
        Action = ManifestActions.PushAsync,
    };

    public static CommandSpec Rm() => new("rm", "Remove manifest list or image index from local storage")
    {
        Description = "Remove manifest list or image index from local storage.",
        Usage = "LIST [LIST...]",
        Example = "{path} mylist:v1.11",
        Args = ArgsRule.AtLeast(1),
        Action = ManifestActions.RmAsync,
    };

    public static CommandSpec Exists() => new("exists", "Check if a manifest list exists in local storage")
    {
        Description = "If the manifest list exists in local storage, podman manifest exists exits with 0, otherwise the exit code will be 1.",
        Usage = "MANIFEST",
        Example = "{path} mylist",
        Args = ArgsRule.Exactly(1),
        Action = ManifestActions.ExistsAsync,
    };
}
