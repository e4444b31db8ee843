using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands.Buildah;

/// <summary>
/// buildah 1.28's commands that change or make images (copy, add, config, commit, inspect) and its image commands
/// (images, rmi, tag, push, pull): flags and help as buildah prints them. Image commands whose behaviour is podman's run
/// podman's actions (their flag names match).
/// </summary>
public static class BuildahImageCommands
{
    public static CommandSpec Copy() => CopyCommand("copy", "Copy content into a container", "\n  Copies the contents of a file, URL, or directory into a container's working\n  directory.");

    public static CommandSpec Add() => CopyCommand("add", "Add content to the container", "\n  Adds the contents of a file, URL, or directory to a container's working\n  directory.  If a local file appears to be an archive, its contents are\n  extracted and added instead of the archive file itself.");

    private static CommandSpec CopyCommand(string name, string summary, string description) => new(name, summary)
    {
        Description = description,
        Example = "{path} containerID '/myapp/app.conf'\n{path} containerID '/myapp/app.conf' '/myapp/app.conf'",
        Args = ArgsRule.Any,
        Options =
        [
            BuildahCommands.AddHistory,
            OptionSpec.Text("chmod", null, "set the access permissions of the destination content"),
            OptionSpec.Text("chown", null, "set the user and group ownership of the destination content"),
            OptionSpec.Text("contextdir", null, "context directory path"),
            OptionSpec.Text("from", null, "use the specified container's or image's root directory as the source root directory"),
            OptionSpec.Text("ignorefile", null, "path to .containerignore file"),
            OptionSpec.Flag("quiet", 'q', "don't output a digest of the newly-added/copied content"),
            OptionSpec.Integer("retry", null, "number of times to retry in case of failure when performing pull", 3),
            OptionSpec.Text("retry-delay", null, "delay between retries in case of pull failures", "2s"),
        ],
        Action = name == "add" ? BuildahCopyActions.AddAsync : BuildahCopyActions.CopyAsync,
    };

    public static CommandSpec Config() => new("config", "Update image configuration settings")
    {
        Description = "\n  Modifies the configuration values which will be saved to the image.",
        Example = "{path} --author='Jane Austen' --workingdir='/etc/mycontainers' containerID\n{path} --entrypoint '[ \"/entrypoint.sh\", \"dev\" ]' containerID\n{path} --env foo=bar --env PATH=$PATH containerID",
        Args = ArgsRule.Any,
        Options =
        [
            BuildahCommands.AddHistory,
            OptionSpec.Array("annotation", 'a', "add `annotation` e.g. annotation=value, for the target image (default [])"),
            OptionSpec.Text("arch", null, "set `architecture` of the target image"),
            OptionSpec.Text("author", null, "set image author contact `information`"),
            OptionSpec.Text("cmd", null, "set the default `command` to run for containers based on the image"),
            OptionSpec.Text("comment", null, "set a `comment` in the target image"),
            OptionSpec.Text("created-by", null, "set `description` of how the image was created"),
            OptionSpec.Text("domainname", null, "set a domain `name` for containers based on image"),
            OptionSpec.Text("entrypoint", null, "set `entry point` for containers based on image"),
            OptionSpec.Array("env", 'e', "add `environment variable` to be set when running containers based on image (default [])"),
            OptionSpec.Text("healthcheck", null, "set a `healthcheck` command for the target image"),
            OptionSpec.Text("healthcheck-interval", null, "set the `interval` between runs of the `healthcheck` command for the target image"),
            OptionSpec.Integer("healthcheck-retries", null, "set the `number` of times the `healthcheck` command has to fail"),
            OptionSpec.Text("healthcheck-start-period", null, "set the amount of `time` to wait after starting a container before a failed `healthcheck` command will count as a failure"),
            OptionSpec.Text("healthcheck-timeout", null, "set the maximum amount of `time` to wait for a `healthcheck` command for the target image"),
            OptionSpec.Text("history-comment", null, "set a `comment` for the history of the target image"),
            OptionSpec.Text("hostname", null, "set a host`name` for containers based on image"),
            OptionSpec.Array("label", 'l', "add image configuration `label` e.g. label=value"),
            OptionSpec.Slice("onbuild", null, "add onbuild command to be run on images based on this image. Only supported on 'docker' formatted images"),
            OptionSpec.Text("os", null, "set `operating system` of the target image"),
            OptionSpec.Text("os-feature", null, "set required OS `feature` for the target image"),
            OptionSpec.Text("os-version", null, "set required OS `version` for the target image"),
            OptionSpec.Array("port", 'p', "add `port` to expose when running containers based on image (default [])"),
            OptionSpec.Text("shell", null, "add `shell` to run in containers"),
            OptionSpec.Text("stop-signal", null, "set `stop signal` for containers based on image"),
            OptionSpec.Text("user", 'u', "set default `user` to run inside containers based on image"),
            OptionSpec.Text("variant", null, "set architecture `variant` of the target image"),
            OptionSpec.Array("volume", 'v', "add default `volume` path to be created for containers based on image (default [])"),
            OptionSpec.Text("workingdir", null, "set working `directory` for containers based on image"),
        ],
        Action = BuildahConfigActions.ConfigAsync,
    };

    public static CommandSpec Commit() => new("commit", "Create an image from a working container")
    {
        Description = "\n  Writes a new image using the container's read-write layer and, if it is based\n  on an image, the layers of that image.",
        Example = "{path} containerID\n{path} containerID newImageName\n{path} containerID docker://localhost:5000/imageId",
        Args = ArgsRule.Any,
        Options =
        [
            BuildahCommands.AuthFile,
            BuildahCommands.CertDir,
            BuildahCommands.Creds,
            OptionSpec.Flag("disable-compression", 'D', "don't compress layers", true),
            new("encrypt-layer", null, OptionKind.StringSlice, "layers to encrypt, 0-indexed layer indices with support for negative indexing (e.g. 0 is the first layer, -1 is the last layer). If not defined, will encrypt all layers if encryption-key flag is specified", ValueName: "ints"),
            OptionSpec.Slice("encryption-key", null, "key with the encryption protocol to use needed to encrypt the image (e.g. jwe:/path/to/key.pem)"),
            OptionSpec.Text("format", 'f', "`format` of the image manifest and metadata", "oci"),
            OptionSpec.Flag("identity-label", null, "add default builder label (default true)", true),
            OptionSpec.Text("iidfile", null, "write the image ID to the file"),
            OptionSpec.Text("manifest", null, "adds created image to the specified manifest list. Creates manifest list if it does not exist"),
            OptionSpec.Flag("omit-history", null, "omit build history information from the built image (default false)"),
            OptionSpec.Flag("quiet", 'q', "don't output progress information when writing images"),
            OptionSpec.Flag("rm", null, "remove the container and its content after committing it to an image. Default leaves the container and its content in place."),
            OptionSpec.Text("sign-by", null, "sign the image using a GPG key with the specified `FINGERPRINT`"),
            OptionSpec.Flag("squash", null, "produce an image with only one layer"),
            OptionSpec.Integer("timestamp", null, "set created timestamp to epoch seconds to allow for deterministic builds, defaults to current time"),
            BuildahCommands.TlsVerify,
            OptionSpec.Slice("unsetenv", null, "unset env from final image"),
        ],
        Action = BuildahCommitActions.CommitAsync,
    };

    public static CommandSpec Inspect() => new("inspect", "Inspect the configuration of a container or image")
    {
        Description = "\n  Inspects a build container's or built image's configuration.",
        Example = "{path} containerID\n{path} --type image imageID\n{path} --format '{{.OCIv1.Config.Env}}' alpine",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Text("format", 'f', "use `format` as a Go template to format the output"),
            OptionSpec.Text("type", 't', "look at the item of the specified `type` (container or image) and name", "container"),
        ],
        Action = BuildahCommitActions.InspectAsync,
    };

    public static CommandSpec Images() => new("images", "List images in local storage")
    {
        Description = "\n  Lists locally stored images.",
        Example = "{path} --all\n{path} [imageName]\n{path} --format '{{.ID}} {{.Name}} {{.Size}} {{.CreatedAtRaw}}'",
        Args = ArgsRule.AtMost(1),
        Options =
        [
            OptionSpec.Flag("all", 'a', "show all images, including intermediate images from a build"),
            OptionSpec.Flag("digests", null, "show digests"),
            OptionSpec.Slice("filter", 'f', "filter output based on conditions provided"),
            OptionSpec.Text("format", null, "pretty-print images using a Go template"),
            OptionSpec.Flag("history", null, "display the image name history"),
            OptionSpec.Flag("json", null, "output in JSON format"),
            OptionSpec.Flag("no-trunc", null, "do not truncate output"),
            OptionSpec.Flag("noheading", 'n', "do not print column headings"),
            OptionSpec.Flag("quiet", 'q', "display only image IDs"),
            // buildah's old spelling of --no-trunc (hidden in its help).
            new("notruncate", null, OptionKind.Bool, "do not truncate output", Hidden: true),
        ],
        Action = BuildahImageActions.ImagesAsync,
    };

    public static CommandSpec Rmi() => new("rmi", "Remove one or more images from local storage")
    {
        Description = "\n  Removes one or more locally stored images.",
        Example = "{path} imageID\n{path} --all --force\n{path} imageID1 imageID2 imageID3",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all", 'a', "remove all images"),
            OptionSpec.Flag("force", 'f', "force removal of the image and any containers using the image"),
            OptionSpec.Flag("prune", 'p', "prune dangling images"),
        ],
        Action = BuildahImageActions.RmiAsync,
    };

    public static CommandSpec Pull() => new("pull", "Pull an image from the specified location")
    {
        Description = "  Pulls an image from a registry and stores it locally.\n  An image can be pulled using its tag or digest. If a tag is not\n  specified, the image with the 'latest' tag (if it exists) is pulled.",
        Example = "{path} imagename\n{path} docker-daemon:imagename:imagetag\n{path} myregistry/myrepository/imagename:imagetag",
        Args = ArgsRule.Any,
        Options =
        [
            OptionSpec.Flag("all-tags", 'a', "download all tagged images in the repository"),
            OptionSpec.Text("arch", null, "prefer `ARCH` instead of the architecture of the machine for choosing images", "amd64"),
            BuildahCommands.AuthFile,
            BuildahCommands.CertDir,
            BuildahCommands.Creds,
            OptionSpec.Slice("decryption-key", null, "key needed to decrypt the image"),
            OptionSpec.Text("os", null, "prefer `OS` instead of the running OS for choosing images", "linux"),
            new("platform", null, OptionKind.StringSlice, "prefer OS/ARCH instead of the current operating system and architecture for choosing images", "[linux/amd64]"),
            OptionSpec.Text("policy", null, "missing, always, or never.", "missing"),
            OptionSpec.Flag("quiet", 'q', "don't output progress information when pulling images"),
            OptionSpec.Flag("remove-signatures", null, "don't copy signatures when pulling image"),
            OptionSpec.Integer("retry", null, "number of times to retry in case of failure when performing pull", 3),
            OptionSpec.Text("retry-delay", null, "delay between retries in case of pull failures", "2s"),
            BuildahCommands.TlsVerify,
            OptionSpec.Text("variant", null, "override the `variant` of the specified image"),
        ],
        Action = BuildahImageActions.PullAsync,
    };

    public static CommandSpec Tag() => new("tag", "Add an additional name to a local image")
    {
        Description = "\n  Adds one or more additional names to locally-stored image.",
        Example = "{path} imageName firstNewName\n{path} imageName firstNewName SecondNewName",
        Args = ArgsRule.Any,
        Action = BuildahImageActions.TagAsync,
    };
}
