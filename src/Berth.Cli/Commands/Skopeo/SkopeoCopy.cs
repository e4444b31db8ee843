using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Config;
using Berth.Engine.Images;
using Berth.Engine.Transports;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>skopeo copy and delete.</summary>
public static class SkopeoCopy
{
    public static CommandSpec Copy() => new("copy", "Copy an IMAGE-NAME from one location to another")
    {
        PlainUsage = true,
        Description = "Container \"IMAGE-NAME\" uses a \"transport\":\"details\" format.\n\nSupported transports:\ncontainers-storage, dir, docker, docker-archive, oci, oci-archive\n\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
        Usage = "[command options] SOURCE-IMAGE DESTINATION-IMAGE",
        Example = "{path} docker://quay.io/skopeo/stable:latest docker://registry.example.com/skopeo:latest",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            OptionSpec.Array("additional-tag", null, "additional tags (supports docker-archive)"),
            OptionSpec.Flag("all", 'a', "Copy all images if SOURCE-IMAGE is a list"),
            OptionSpec.Text("authfile", null, "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json"),
            .. CopyFlags(),
        ],
        Action = CopyAsync,
    };

    /// <summary>The flags copy and sync share.</summary>
    internal static IEnumerable<OptionSpec> CopyFlags()
    {
        foreach (var o in SkopeoOptions.Access("src-"))
        {
            yield return o;
        }

        foreach (var o in SkopeoOptions.Access("dest-"))
        {
            yield return o;
        }

        yield return OptionSpec.Flag("dest-compress", null, "Compress tarball image layers when saving to directory using the 'dir' transport. (default is same compression type as source)");
        yield return OptionSpec.Text("dest-compress-format", null, "`FORMAT` to use for the compression");
        yield return OptionSpec.Integer("dest-compress-level", null, "`LEVEL` to use for the compression");
        yield return OptionSpec.Flag("dest-decompress", null, "Decompress tarball image layers when saving to directory using the 'dir' transport. (default is same compression type as source)");
        yield return OptionSpec.Text("digestfile", null, "Write the digest of the pushed image to the specified file");
        yield return OptionSpec.Text("format", 'f', "`MANIFEST TYPE` (oci, v2s1, or v2s2) to use in the destination (default is manifest type of source, with fallbacks)");
        yield return OptionSpec.UInt("image-parallel-copies", null, "Maximum number of image layers to be copied (pulled/pushed) simultaneously. Not setting this field will fall back to containers/image defaults.");
        yield return OptionSpec.Text("multi-arch", null, "How to handle multi-architecture images (system, all, or index-only)", "system");
        yield return OptionSpec.Flag("preserve-digests", null, "Preserve digests of images and lists");
        yield return OptionSpec.Flag("quiet", 'q', "Suppress output information when copying images");
        yield return OptionSpec.Flag("remove-signatures", null, "Do not copy signatures from SOURCE-IMAGE");
        yield return SkopeoOptions.RetryTimes;
        yield return OptionSpec.Text("sign-by", null, "Sign the image using a GPG key with the specified `FINGERPRINT`");
    }

    public static CommandSpec Delete() => new("delete", "Delete image IMAGE-NAME")
    {
        PlainUsage = true,
        Description = "Delete an \"IMAGE_NAME\" from a transport\n\nSupported transports:\ncontainers-storage, dir, docker, docker-archive, oci, oci-archive\n\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
        Usage = "[command options] IMAGE-NAME",
        Example = "{path} docker://registry.example.com/example/pause:latest",
        Args = ArgsRule.Exactly(1),
        Options = [.. SkopeoOptions.Access(""), SkopeoOptions.RetryTimes],
        Action = DeleteAsync,
    };

    /// <summary>The copy options the flags ask for.</summary>
    internal static CopyOptions Options(ParsedOptions o, ImageService images, bool all)
    {
        if (o.Changed("sign-by"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--sign-by is not supported by Berth yet: copy without it");
        }

        if (o.GetBool("dest-compress") && o.GetBool("dest-decompress"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--dest-compress and --dest-decompress cannot be used together");
        }

        var selection = o.GetString("multi-arch") switch
        {
            "system" or null => ImageListSelection.System,
            "all" => ImageListSelection.All,
            "index-only" => ImageListSelection.IndexOnly,
            var other => throw new BerthException(ErrorKind.InvalidArgument, $"unknown multi-arch option \"{other}\". Choose one of the supported options: 'system', 'all', or 'index-only'"),
        };
        if (all)
        {
            if (o.Changed("multi-arch"))
            {
                throw new BerthException(ErrorKind.InvalidArgument, "Cannot use --all and --multi-arch flags together");
            }

            selection = ImageListSelection.All;
        }

        return new CopyOptions
        {
            ManifestType = CopyOptions.ParseManifestType(o.GetString("format")),
            CompressionFormat = CopyOptions.ParseCompression(o.GetString("dest-compress-format")),
            CompressionLevel = o.Changed("dest-compress-level") ? (int)o.GetInt("dest-compress-level") : null,
            Compression = o.GetBool("dest-decompress") ? LayerCompressionPolicy.Decompress : o.GetBool("dest-compress") ? LayerCompressionPolicy.Compress : null,
            PreserveDigests = o.GetBool("preserve-digests"),
            Selection = selection,
            Platform = SkopeoActions.Platform(o),
            Parallel = o.Changed("image-parallel-copies") ? (int)o.GetInt("image-parallel-copies") : 0,
            TemporaryDirectory = images.Engine.Settings.TmpDir,
        };
    }

    /// <summary>The source's policy.json verdict (skopeo's --policy, --insecure-policy).</summary>
    internal static void CheckPolicy(ParsedOptions o, ImageService images, ImageLocation source)
    {
        if (o.GetBool("insecure-policy"))
        {
            return;
        }

        var policy = PolicyConfigLoader.Load(images.Engine.Environment, o.GetString("policy"));
        TrustPolicy.CheckSource(policy, source);
    }

    private static async Task<int> CopyAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var source = SkopeoActions.ParseLocation(invocation.Arguments[0], "Invalid source name");
        var destination = SkopeoActions.ParseLocation(invocation.Arguments[1], "Invalid destination name");
        using var images = new ImageService(EngineFactory.Create(invocation));
        CheckPolicy(o, images, source);
        var options = Options(o, images, o.GetBool("all"));
        var settings = new DestinationSettings
        {
            ArchiveNames = o.GetStrings("additional-tag").Select(t => TransportFactory.ArchiveName(Oci.ImageReference.Parse(t))).ToList(),
            DirCompression = LayerCompressionPolicy.Preserve,
        };
        if (settings.ArchiveNames.Count > 0 && destination.Transport != TransportKind.DockerArchive)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--additional-tag can only be used with docker-archive: destinations");
        }

        if (destination.Transport == TransportKind.DockerArchive && destination.Docker is { } named)
        {
            settings = settings with { ArchiveNames = [TransportFactory.ArchiveName(named), .. settings.ArchiveNames] };
        }

        using var transports = new TransportFactory(images, SkopeoOptions.Parse(o, "src-"), SkopeoOptions.Parse(o, "dest-"));
        await using var from = await transports.OpenSourceAsync(source, cancellationToken).ConfigureAwait(false);
        await using var to = await transports.OpenDestinationAsync(destination, settings, cancellationToken).ConfigureAwait(false);
        // skopeo reports progress on stdout.
        var progress = ProgressFactory.For(invocation.Out, o.GetBool("quiet"), Platform.Terminal.StandardOutput);
        CopyResult result;
        using (progress as IDisposable)
        {
            result = await new ImageCopier(options, progress).CopyAsync(from, to, cancellationToken).ConfigureAwait(false);
        }
        if (o.GetString("digestfile") is { } digestFile)
        {
            await File.WriteAllTextAsync(digestFile, result.Manifest.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<int> DeleteAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var location = SkopeoActions.ParseLocation(invocation.Arguments[0], "Invalid source name");
        using var images = new ImageService(EngineFactory.Create(invocation));
        var access = SkopeoOptions.Parse(invocation.Options, "");
        using var transports = new TransportFactory(images, access, access);
        await new ImageInspector(transports).DeleteAsync(location, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
