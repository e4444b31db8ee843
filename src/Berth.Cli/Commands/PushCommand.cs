using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Engine.Registries;

namespace Berth.Cli.Commands;

/// <summary>podman push (and image push): definition and action.</summary>
public static class PushCommand
{
    public static CommandSpec Create() => new("push", "Push an image to a specified destination")
    {
        Description = "Pushes a source image to a specified destination.\n\n\tThe Image \"DESTINATION\" uses a \"transport\":\"details\" format. See podman-push(1) section \"DESTINATION\" for the expected format.",
        Usage = "[options] IMAGE [DESTINATION]",
        Example = "{path} imageID docker://registry.example.com/repository:tag\n\t\t{path} imageID oci-archive:/path/to/layout:image:tag",
        Args = ArgsRule.Between(1, 2),
        Options =
        [
            OptionSpec.Text("authfile", null, "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override"),
            OptionSpec.Text("cert-dir", null, "Path to a directory containing TLS certificates and keys"),
            OptionSpec.Flag("compress", null, "Compress tarball image layers when pushing to a directory using the 'dir' transport. (default is same compression type as source)"),
            OptionSpec.Text("compression-format", null, "compression format to use"),
            OptionSpec.Text("creds", null, "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry"),
            OptionSpec.Text("digestfile", null, "Write the digest of the pushed image to the specified file"),
            OptionSpec.Flag("disable-content-trust", null, "This is a Docker specific option and is a NOOP"),
            OptionSpec.Slice("encrypt-layer", null, "Layers to encrypt, 0-indexed layer indices with support for negative indexing (e.g. 0 is the first layer, -1 is the last layer). If not defined, will encrypt all layers if encryption-key flag is specified") with { Hidden = true },
            OptionSpec.Array("encryption-key", null, "Key with the encryption protocol to use to encrypt the image (e.g. jwe:/path/to/key.pem)") with { Hidden = true },
            OptionSpec.Text("format", 'f', "Manifest type (oci, v2s2, or v2s1) to use in the destination (default is manifest type of source, with fallbacks)"),
            OptionSpec.Flag("quiet", 'q', "Suppress output information when pushing images"),
            OptionSpec.Flag("remove-signatures", null, "Discard any pre-existing signatures in the image"),
            OptionSpec.Text("sign-by", null, "Add a signature at the destination using the specified key"),
            OptionSpec.Text("sign-by-sigstore-private-key", null, "Sign the image using a sigstore private key at `PATH`"),
            OptionSpec.Text("sign-passphrase-file", null, "Read a passphrase for signing an image from `PATH`"),
            OptionSpec.Text("signature-policy", null, "`Pathname` of signature policy file (not usually used)") with { Hidden = true },
            new OptionSpec("tls-verify", null, OptionKind.Bool, "Require HTTPS and verify certificates when contacting registries", "true"),
        ],
        Action = PushAsync,
    };

    private static async Task<int> PushAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        // "all" and "rm" are buildah push's (lists: berth buildah manifest push --all).
        foreach (var unsupported in new[] { "sign-by", "sign-by-sigstore-private-key", "encryption-key", "encrypt-layer", "all", "rm" })
        {
            if (o.Changed(unsupported))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--{unsupported} is not supported by Berth yet: push without it");
            }
        }

        var options = new PushOptions
        {
            Access = new RegistryAccessOptions
            {
                AuthFile = o.GetString("authfile"),
                CertDir = o.GetString("cert-dir"),
                Credentials = o.GetString("creds"),
                TlsVerify = o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
            },
            Format = o.GetString("format"),
            CompressionFormat = o.Changed("compression-format") ? o.GetString("compression-format") : null,
            Compress = o.GetBool("compress"),
            RemoveSignatures = o.GetBool("remove-signatures"),
        };
        using var images = new ImageService(EngineFactory.Create(invocation));
        var arguments = invocation.Arguments;
        var progress = ProgressFactory.For(invocation.Error, o.GetBool("quiet"));
        Oci.Digest digest;
        using (progress as IDisposable)
        {
            digest = await new ImagePusher(images).PushAsync(arguments[0], arguments.Count > 1 ? arguments[1] : null, options, progress, cancellationToken).ConfigureAwait(false);
        }
        if (o.GetString("digestfile") is { } digestFile)
        {
            await File.WriteAllTextAsync(digestFile, digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
