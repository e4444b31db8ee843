using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Engine.Registries;
using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>skopeo sync: every image of a repository, a directory tree or a YAML list copied to a registry or a directory.</summary>
public static class SkopeoSync
{
    public static CommandSpec Create() => new("sync", "Synchronize one or more images from one location to another")
    {
        PlainUsage = true,
        Description = "Copy all the images from a SOURCE to a DESTINATION.\n\nAllowed SOURCE transports (specified with --src): docker, dir, yaml.\nAllowed DESTINATION transports (specified with --dest): docker, dir.\n\nSee skopeo-sync(1) for details.\n",
        Usage = "[command options] --src TRANSPORT --dest TRANSPORT SOURCE DESTINATION",
        Example = "{path} --src docker --dest dir --scoped quay.io/skopeo /media/usb",
        Args = ArgsRule.Exactly(2),
        Options =
        [
            OptionSpec.Flag("all", 'a', "Copy all images if SOURCE-IMAGE is a list"),
            OptionSpec.Text("append-suffix", null, "String to append to destination tags"),
            OptionSpec.Text("authfile", null, "path of the authentication file. Default is ${XDG_RUNTIME_DIR}/containers/auth.json"),
            OptionSpec.Text("dest", 'd', "DESTINATION transport type"),
            OptionSpec.Flag("dry-run", null, "Run without actually copying data"),
            OptionSpec.Flag("keep-going", null, "Do not abort the sync if any image copy fails"),
            OptionSpec.Flag("scoped", null, "Images at DESTINATION are prefix using the full source image path as scope"),
            OptionSpec.Text("src", 's', "SOURCE transport type"),
            .. SkopeoCopy.CopyFlags().Where(o => o.Name is not ("digestfile" or "dest-compress-level")),
        ],
        Action = SyncAsync,
    };

    private sealed record SyncItem(ImageLocation Source, string Suffix, RegistryAccessOptions Access);

    private static async Task<int> SyncAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var src = o.GetString("src") ?? throw new BerthException(ErrorKind.InvalidArgument, "A source transport must be specified");
        var dest = o.GetString("dest") ?? throw new BerthException(ErrorKind.InvalidArgument, "A destination transport must be specified");
        if (src is not ("docker" or "dir" or "yaml"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"Invalid source transport \"{src}\": use docker, dir or yaml");
        }

        if (dest is not ("docker" or "dir"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"Invalid destination transport \"{dest}\": use docker or dir");
        }

        var (source, destination) = (invocation.Arguments[0], invocation.Arguments[1]);
        using var images = new ImageService(EngineFactory.Create(invocation));
        var sourceAccess = SkopeoOptions.Parse(o, "src-");
        var items = await ListAsync(images, src, source, sourceAccess, o.GetBool("scoped"), cancellationToken).ConfigureAwait(false);
        var options = SkopeoCopy.Options(o, images, o.GetBool("all"));
        var progress = ProgressFactory.For(invocation.Out, o.GetBool("quiet"), Platform.Terminal.StandardOutput);
        using var view = progress as IDisposable;
        var suffix = o.GetString("append-suffix") ?? "";
        var dryRun = o.GetBool("dry-run");
        var synced = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var target = ImageLocation.Parse(dest == "docker"
                ? $"docker://{destination.TrimEnd('/')}/{item.Suffix}{suffix}"
                : $"dir:{Path.Combine(destination, item.Suffix + suffix)}");
            var fields = $"from=\"{item.Source}\" to=\"{target}\"";
            if (dryRun)
            {
                Info(invocation.Error, $"Would have copied image ref {i + 1}/{items.Count}", fields);
                synced++;
                continue;
            }

            Info(invocation.Error, $"Copying image ref {i + 1}/{items.Count}", fields);
            try
            {
                SkopeoCopy.CheckPolicy(o, images, item.Source);
                if (target.Transport == TransportKind.Dir)
                {
                    Directory.CreateDirectory(target.Path!);
                }

                using var transports = new TransportFactory(images, item.Access, SkopeoOptions.Parse(o, "dest-"));
                await using var from = await transports.OpenSourceAsync(item.Source, cancellationToken).ConfigureAwait(false);
                await using var to = await transports.OpenDestinationAsync(target, new DestinationSettings(), cancellationToken).ConfigureAwait(false);
                await new ImageCopier(options, progress).CopyAsync(from, to, cancellationToken).ConfigureAwait(false);
                synced++;
            }
            catch (BerthException e) when (o.GetBool("keep-going"))
            {
                invocation.Error.WriteLine($"time=\"{CliLog.Rfc3339Now()}\" level=error msg=\"Error copying ref \\\"{item.Source}\\\": {e.Message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
        }

        var sources = items.Select(i => i.Source.Transport == TransportKind.Docker ? i.Source.Docker!.Name : i.Source.Path).Distinct().Count();
        Info(invocation.Error, $"{(dryRun ? "Would have synced" : "Synced")} {synced} images from {sources} sources", null);
        return synced == items.Count ? 0 : 1;
    }

    private static void Info(TextWriter error, string message, string? fields) =>
        error.WriteLine($"time=\"{CliLog.Rfc3339Now()}\" level=info msg=\"{message}\"{(fields is null ? "" : " " + fields)}");

    private static async Task<IReadOnlyList<SyncItem>> ListAsync(
        ImageService images, string src, string source, RegistryAccessOptions access, bool scoped, CancellationToken ct)
    {
        switch (src)
        {
            case "dir":
                if (!Directory.Exists(source))
                {
                    throw new BerthException(ErrorKind.NotFound, $"Error while creating source list: {source} is not a directory");
                }

                var root = Path.GetFullPath(source).TrimEnd('/');
                return Directory.EnumerateFiles(root, "manifest.json", SearchOption.AllDirectories)
                    .Select(f => Path.GetDirectoryName(f)!)
                    .Order(StringComparer.Ordinal)
                    .Select(d =>
                    {
                        var relative = d.Length > root.Length ? d[(root.Length + 1)..] : Path.GetFileName(root);
                        return new SyncItem(new ImageLocation { Transport = TransportKind.Dir, Path = d }, scoped ? relative : Path.GetFileName(relative), access);
                    }).ToList();
            case "docker":
                return await RepositoryAsync(images, source, access, scoped, null, ct).ConfigureAwait(false);
            default:
                var items = new List<SyncItem>();
                foreach (var registry in SyncYaml.Parse(source))
                {
                    var registryAccess = access with
                    {
                        Credentials = registry.Credentials ?? access.Credentials,
                        TlsVerify = registry.TlsVerify ?? access.TlsVerify,
                        CertDir = registry.CertDir ?? access.CertDir,
                    };
                    foreach (var (repository, tags) in registry.Images)
                    {
                        var name = $"{registry.Registry}/{repository}";
                        if (tags.Count == 0)
                        {
                            items.AddRange(await RepositoryAsync(images, name, registryAccess, scoped, null, ct).ConfigureAwait(false));
                            continue;
                        }

                        foreach (var tag in tags)
                        {
                            var reference = tag.Contains(':', StringComparison.Ordinal) ? $"{name}@{tag}" : $"{name}:{tag}";
                            items.AddRange(await RepositoryAsync(images, reference, registryAccess, scoped, null, ct).ConfigureAwait(false));
                        }
                    }

                    foreach (var (repository, pattern) in registry.ImagesByTagRegex)
                    {
                        items.AddRange(await RepositoryAsync(images, $"{registry.Registry}/{repository}", registryAccess, scoped, pattern, ct).ConfigureAwait(false));
                    }
                }

                return items;
        }
    }

    /// <summary>A repository's tags (all, or those <paramref name="pattern"/> matches), or the one image a tagged or digested reference names.</summary>
    private static async Task<IReadOnlyList<SyncItem>> RepositoryAsync(
        ImageService images, string text, RegistryAccessOptions access, bool scoped, System.Text.RegularExpressions.Regex? pattern, CancellationToken ct)
    {
        var location = SkopeoActions.ParseLocation("docker://" + text, "Error while creating source list: invalid reference");
        var reference = location.Docker!;
        var explicitTag = reference.Digest is not null || text[(text.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal);
        if (explicitTag && pattern is null)
        {
            return [Item(location, access, scoped)];
        }

        using var transports = new TransportFactory(images, access, access);
        var tags = await new ImageInspector(transports).ListTagsAsync(location with { Docker = reference with { Tag = null } }, ct).ConfigureAwait(false);
        return tags.Where(t => pattern?.IsMatch(t) ?? true).Order(StringComparer.Ordinal)
            .Select(t => Item(location with { Docker = reference with { Tag = t, Digest = null } }, access, scoped)).ToList();
    }

    private static SyncItem Item(ImageLocation location, RegistryAccessOptions access, bool scoped)
    {
        var reference = location.Docker!;
        var full = reference.ToString();
        var suffix = scoped ? full : full[(reference.Name.LastIndexOf('/') + 1)..];
        if (reference.Digest is { } digest)
        {
            suffix = (scoped ? reference.Name : reference.Path[(reference.Path.LastIndexOf('/') + 1)..]) + ":" + digest.Encoded;
        }

        return new SyncItem(location, suffix, access);
    }
}
