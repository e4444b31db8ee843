using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Images;
using Berth.Engine.Registries;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>The actions of the image commands: parse flags, call the image service, print podman's output.</summary>
public static class ImageActions
{
    private static ImageService Open(Invocation invocation) => new(EngineFactory.Create(invocation));

    public static async Task<int> PullAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var options = new PullOptions
        {
            Policy = PullOptions.ParsePolicy(o.GetString("policy") ?? "always"),
            SignaturePolicy = o.GetString("signature-policy"),
            Platform = PlatformChooser.FromFlags(o.GetString("platform"), o.Changed("os") ? o.GetString("os") : null, o.Changed("arch") ? o.GetString("arch") : null, o.Changed("variant") ? o.GetString("variant") : null),
            Access = new RegistryAccessOptions
            {
                AuthFile = o.GetString("authfile"),
                CertDir = o.GetString("cert-dir"),
                Credentials = o.GetString("creds"),
                TlsVerify = o.Changed("tls-verify") ? o.GetBool("tls-verify") : null,
            },
        };
        var progress = ProgressFactory.For(invocation.Error, o.GetBool("quiet"));
        using var view = progress as IDisposable;
        var puller = new ImagePuller(images);
        foreach (var name in invocation.Arguments)
        {
            var pulled = o.GetBool("all-tags")
                ? await puller.PullAllTagsAsync(name, options, progress, cancellationToken).ConfigureAwait(false)
                : [await puller.PullAsync(name, options, progress, cancellationToken).ConfigureAwait(false)];
            foreach (var image in pulled)
            {
                invocation.Out.WriteLine(image.Id);
            }
        }

        return 0;
    }

    public static Task<int> ListAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var filters = o.GetStrings("filter").ToList();
        if (invocation.Arguments.Count == 1)
        {
            filters.Add("reference=" + invocation.Arguments[0]);
        }

        var list = images.List(filters);
        if (!o.GetBool("all"))
        {
            list = list.Where(i => !i.Intermediate).ToList();
        }

        ImageListOutput.Write(invocation.Out, list, new ImageListOptions
        {
            Format = o.GetString("format"),
            Quiet = o.GetBool("quiet"),
            NoHeading = o.GetBool("noheading"),
            NoTrunc = o.GetBool("no-trunc"),
            Digests = o.GetBool("digests"),
            History = o.GetBool("history"),
            Sort = o.GetString("sort") ?? "created",
        }, DateTimeOffset.Now);
        return Task.FromResult(0);
    }

    public static Task<int> ImageInspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        var found = new List<object?>();
        BerthException? missing = null;
        foreach (var name in invocation.Arguments)
        {
            if (images.TryFind(name) is { } image)
            {
                try
                {
                    found.Add(ImageViews.Inspect(images.WithAnnotations(images.ForPlatform(image))));
                }
                catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
                {
                    missing ??= new BerthException(ErrorKind.NotFound, "inspecting object: " + e.Message);
                }
            }
            else
            {
                missing ??= new BerthException(ErrorKind.NotFound, $"inspecting object: {name}: image not known");
            }
        }

        InspectOutput.Write(invocation.Out, invocation.Options.GetString("format"), found, isImage: true);
        return missing is null ? Task.FromResult(0) : throw missing;
    }

    /// <summary>podman inspect: containers first, then images (<c>--type</c> narrows it); pods, networks and volumes
    /// come with their issues.</summary>
    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var type = invocation.Options.GetString("type") ?? "all";
        if (type is not ("all" or "image" or "container" or "pod" or "network" or "volume"))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"invalid type \"{type}\": must be \"image\", \"container\", \"pod\", \"network\", \"volume\", or \"all\"");
        }

        if (type is "pod" or "network" or "volume")
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"inspecting {type}s is not supported yet: Berth has no {type}s");
        }

        var size = invocation.Options.GetBool("size");
        using var containers = ContainerActions.Open(invocation);
        var images = containers.Images;
        var found = new List<object?>();
        BerthException? missing = null;
        var allImages = type == "image";
        foreach (var name in invocation.Arguments)
        {
            if (type != "image" && containers.TryFind(name) is { } container)
            {
                found.Add(ContainerActions.InspectView(containers, container, size));
                allImages = false;
            }
            else if (type != "container" && images.TryFind(name) is { } image)
            {
                found.Add(ImageViews.Inspect(images.WithAnnotations(image)));
            }
            else
            {
                missing ??= new BerthException(ErrorKind.NotFound, type switch
                {
                    "container" => $"inspecting object: no such container {name}",
                    "image" => $"inspecting object: {name}: image not known",
                    _ => $"inspecting object: no such object: \"{name}\"",
                });
            }
        }

        InspectOutput.Write(invocation.Out, invocation.Options.GetString("format"), found, isImage: allImages && found.Count > 0);
        return missing is null ? Task.FromResult(0) : throw missing;
    }

    public static Task<int> TagAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        var image = images.Find(invocation.Arguments[0]);
        images.Tag(image, invocation.Arguments.Skip(1));
        return Task.FromResult(0);
    }

    public static Task<int> UntagAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        var image = images.Find(invocation.Arguments[0]);
        images.Untag(image, invocation.Arguments.Skip(1).ToList());
        return Task.FromResult(0);
    }

    /// <summary>podman rmi: exit 1 when an image did not exist (and nothing else failed), 2 when one is in use.</summary>
    public static async Task<int> RemoveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var names = o.GetBool("all")
            ? images.List([]).Select(i => i.Id).ToList()
            : invocation.Arguments.ToList();
        if (names.Count == 0 && !o.GetBool("all"))
        {
            throw new UsageException("image name or ID must be specified");
        }

        var exit = 0;
        foreach (var name in names)
        {
            try
            {
                if (o.GetBool("force"))
                {
                    await ContainerActions.RemoveContainersUsingAsync(invocation, images.TryFind(name), cancellationToken).ConfigureAwait(false);
                }

                foreach (var line in await images.RemoveAsync(name, o.GetBool("force"), cancellationToken).ConfigureAwait(false))
                {
                    invocation.Out.WriteLine(line);
                }
            }
            catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
            {
                if (!o.GetBool("ignore"))
                {
                    invocation.Error.WriteLine("Error: " + e.Message);
                    exit = exit == 0 ? 1 : exit;
                }
            }
            catch (BerthException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.InvalidState)
            {
                invocation.Error.WriteLine("Error: " + e.Message);
                exit = 2;
            }
        }

        return exit;
    }

    /// <summary>podman save: to -o or to a redirected stdout; written to a temp file and renamed so a failure leaves nothing.</summary>
    public static async Task<int> SaveAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var format = ImageExporter.ParseFormat(o.GetString("format") ?? "docker-archive");
        // With -m every argument names an image; without it the arguments after the first are extra tags for it.
        var names = invocation.Arguments;
        IReadOnlyList<string> extraTags = [];
        if (o.GetBool("compress") && format != SaveFormat.DockerDir)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--compress can only be set when --format is 'docker-dir'");
        }

        if (o.GetBool("multi-image-archive") && format != SaveFormat.DockerArchive)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--multi-image-archive can only be used with --format docker-archive");
        }

        if (!o.GetBool("multi-image-archive") && names.Count > 1)
        {
            if (format != SaveFormat.DockerArchive)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{o.GetString("format")} takes one image and no extra tags: save the images one by one, or use docker-archive");
            }

            extraTags = [.. names.Skip(1).Select(ImageService.NormalizeTargetName)];
            names = [names[0]];
        }

        using var images = Open(invocation);
        var exporter = new ImageExporter(images);
        var path = o.GetString("output");
        if (format is SaveFormat.OciDir or SaveFormat.DockerDir)
        {
            if (names.Count > 1)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"{o.GetString("format")} does not support saving several images: save them one by one or use docker-archive");
            }

            if (path is null)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"--format {o.GetString("format")} writes a directory: name it with -o");
            }

            await exporter.SaveDirectoryAsync(names[0], format, path, o.GetBool("compress"), Output.ProgressFactory.For(invocation.Error, quiet: true), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (path is null)
        {
            if (!Console.IsOutputRedirected)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "refusing to save to terminal. Use -o flag or redirect");
            }

            await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await using var stdout = StandardStreams.Output();
            await exporter.SaveAsync(names, format, stdout, cancellationToken, extraTags).ConfigureAwait(false);
            return 0;
        }

        var full = Path.GetFullPath(path);
        var temp = full + ".berth-tmp-" + Environment.ProcessId;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                await exporter.SaveAsync(names, format, file, cancellationToken, extraTags).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return 0;
    }

    /// <summary>podman load: from -i or from stdin (copied to a temporary file first: archives are read in place).</summary>
    public static async Task<int> LoadAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var input = o.GetString("input");
        string? temp = null;
        if (input is null)
        {
            if (!Console.IsInputRedirected)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "cannot read from terminal, use command-line redirection or the --input flag");
            }

            var dir = images.Engine.Settings.TmpDir;
            Directory.CreateDirectory(dir);
            temp = Path.Combine(dir, "load-" + Environment.ProcessId + ".tar");
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            await using (var stdin = Console.OpenStandardInput())
            {
                await stdin.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            input = temp;
        }

        try
        {
            var names = await new ImageLoader(images).LoadAsync(input, cancellationToken).ConfigureAwait(false);
            if (!o.GetBool("quiet"))
            {
                foreach (var name in names)
                {
                    invocation.Out.WriteLine("Loaded image: " + name);
                }
            }
        }
        finally
        {
            if (temp is not null)
            {
                File.Delete(temp);
            }
        }

        return 0;
    }

    /// <summary>podman import PATH|URL|- [REFERENCE]: prints sha256:ID.</summary>
    public static async Task<int> ImportAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var source = invocation.Arguments[0];
        var name = invocation.Arguments.Count > 1 ? invocation.Arguments[1] : null;
        var progress = ProgressFactory.For(invocation.Error, o.GetBool("quiet"));
        using var view = progress as IDisposable;
        Stream input;
        HttpClient? http = null;
        if (source == "-")
        {
            input = Console.OpenStandardInput();
        }
        else if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
        {
            http = new HttpClient();
            var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new BerthException(ErrorKind.NotFound, $"downloading {source}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            input = File.Exists(source)
                ? File.OpenRead(source)
                : throw new BerthException(ErrorKind.NotFound, $"open {source}: no such file or directory");
        }

        try
        {
            var image = await new ImageImporter(images).ImportAsync(input, name, o.GetStrings("change"), o.GetString("message"), progress, cancellationToken).ConfigureAwait(false);
            invocation.Out.WriteLine("sha256:" + image.Id);
        }
        finally
        {
            await input.DisposeAsync().ConfigureAwait(false);
            http?.Dispose();
        }

        return 0;
    }

    public static Task<int> ExistsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        using var images = Open(invocation);
        return Task.FromResult(images.TryFind(invocation.Arguments[0]) is null ? 1 : 0);
    }

    public static Task<int> HistoryAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        using var images = Open(invocation);
        var image = images.Find(invocation.Arguments[0]);
        HistoryOutput.Write(invocation.Out, image, images.LayerSizes(image), new HistoryOptions
        {
            Format = o.GetString("format"),
            Human = o.GetBool("human"),
            NoTrunc = o.GetBool("no-trunc"),
            Quiet = o.GetBool("quiet"),
        }, DateTimeOffset.Now);
        return Task.FromResult(0);
    }
}
