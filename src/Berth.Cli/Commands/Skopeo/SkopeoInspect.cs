using System.Text.Json;
using Berth.Cli.CommandLine;
using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>skopeo inspect and list-tags.</summary>
public static class SkopeoInspect
{
    public static CommandSpec Inspect() => new("inspect", "Inspect image IMAGE-NAME")
    {
        PlainUsage = true,
        Description = "Return low-level information about \"IMAGE-NAME\" in a registry/transport\nSupported transports:\ncontainers-storage, dir, docker, docker-archive, oci, oci-archive\n\nSee skopeo(1) section \"IMAGE NAMES\" for the expected format",
        Usage = "[command options] IMAGE-NAME",
        Example = "{path} docker://registry.fedoraproject.org/fedora\n  {path} --config docker://docker.io/alpine\n  {path}  --format \"Name: {{.Name}} Digest: {{.Digest}}\" docker://registry.access.redhat.com/ubi8",
        Args = ArgsRule.Exactly(1),
        Options =
        [
            .. SkopeoOptions.Access(""),
            OptionSpec.Flag("config", null, "output configuration"),
            OptionSpec.Text("format", 'f', "Format the output to a Go template"),
            OptionSpec.Flag("no-tags", 'n', "Do not list the available tags from the repository in the output"),
            OptionSpec.Flag("raw", null, "output raw manifest or configuration"),
            SkopeoOptions.RetryTimes,
        ],
        Action = InspectAsync,
    };

    public static CommandSpec ListTags() => new("list-tags", "List tags in the transport/repository specified by the SOURCE-IMAGE")
    {
        PlainUsage = true,
        Description = "Return the list of tags from the transport/repository \"SOURCE-IMAGE\"\n\nSupported transports:\ndocker:, docker-archive:\n\nSee skopeo-list-tags(1) section \"REPOSITORY NAMES\" for the expected format",
        Usage = "[command options] SOURCE-IMAGE",
        Example = "{path} docker://docker.io/fedora",
        Args = ArgsRule.Exactly(1),
        Options = [.. SkopeoOptions.Access(""), SkopeoOptions.RetryTimes],
        Action = ListTagsAsync,
    };

    private static async Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var location = SkopeoActions.ParseLocation(invocation.Arguments[0], "Invalid source name");
        using var images = new ImageService(EngineFactory.Create(invocation));
        var access = SkopeoOptions.Parse(o, "");
        using var transports = new TransportFactory(images, access, access);
        var inspector = new ImageInspector(transports);
        if (o.GetBool("raw") && !o.GetBool("config"))
        {
            var raw = await inspector.RawAsync(location, cancellationToken).ConfigureAwait(false);
            await WriteBytesAsync(invocation, raw.Bytes, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var inspected = await inspector.InspectAsync(location, SkopeoActions.Platform(o), !o.GetBool("no-tags") && !o.GetBool("config"), cancellationToken).ConfigureAwait(false);
        if (o.GetBool("config"))
        {
            if (o.GetBool("raw"))
            {
                await WriteBytesAsync(invocation, inspected.ConfigBytes, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            using (var buffer = new MemoryStream())
            {
                await using (var writer = new Utf8JsonWriter(buffer, GoJson.WriterOptions("    ")))
                {
                    JsonSerializer.Serialize(writer, inspected.Config, OciJsonContext.Writer.ImageConfiguration);
                }

                invocation.Out.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }

            invocation.Out.Write('\n');
            return 0;
        }

        var view = View(location, inspected);
        if (o.GetString("format") is { Length: > 0 } format)
        {
            var text = format.EndsWith('\n') ? format : format + "\n";
            try
            {
                GoTemplate.Parse("skopeo inspect", text).Execute(invocation.Out, view);
            }
            catch (TemplateException e)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"Error parsing or executing the template: {e.Message}");
            }

            return 0;
        }

        invocation.Out.Write(GoJson.Serialize(view, escapeHtml: true, indent: "    "));
        invocation.Out.Write('\n');
        return 0;
    }

    private static async Task<int> ListTagsAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Arguments[0];
        var location = SkopeoActions.ParseLocation(text, "Invalid source name");
        if (location.Transport == TransportKind.Docker && (location.Docker!.Digest is not null || text.TrimEnd('/').LastIndexOf(':') > text.LastIndexOf('/')))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"No tag or digest allowed in reference {location.Reference}");
        }

        using var images = new ImageService(EngineFactory.Create(invocation));
        var access = SkopeoOptions.Parse(invocation.Options, "");
        using var transports = new TransportFactory(images, access, access);
        var tags = await new ImageInspector(transports).ListTagsAsync(location, cancellationToken).ConfigureAwait(false);
        var view = new GoStruct(
            "main.tagListOutput",
            new("Repository", "Repository", location.Transport == TransportKind.Docker ? location.Docker!.Name : ""),
            new("Tags", "Tags", tags));
        invocation.Out.Write(GoJson.Serialize(view, escapeHtml: true, indent: "    "));
        invocation.Out.Write('\n');
        return 0;
    }

    /// <summary>skopeo's inspect.Output: Name (docker only), Digest of the top-level manifest, the platform image's details.</summary>
    private static GoStruct View(ImageLocation location, InspectedImage inspected)
    {
        var c = inspected.Config;
        var layers = inspected.Parsed.Layers;
        return new GoStruct(
            "inspect.Output",
            new("Name", "Name", location.Transport == TransportKind.Docker ? location.Docker!.Name : "", OmitEmpty: true),
            new("Tag", "Tag", "", OmitEmpty: true),
            new("Digest", "Digest", inspected.Top.Digest.ToString()),
            new("RepoTags", "RepoTags", inspected.RepoTags),
            new("Created", "Created", c.Created is { } created ? new GoPointer((GoTimestamp)created, "*time.Time") : GoTypedNil.Of("*time.Time")),
            new("DockerVersion", "DockerVersion", c.DockerVersion ?? ""),
            new("Labels", "Labels", (object?)c.Config?.Labels ?? GoTypedNil.Of("map[string]string")),
            new("Architecture", "Architecture", c.Architecture),
            new("Variant", "Variant", c.Variant ?? "", OmitEmpty: true),
            new("Os", "Os", c.OS),
            new("Layers", "Layers", layers.Select(l => l.Digest.ToString()).ToList()),
            new("LayersData", "LayersData", new GoSlice("[]types.ImageInspectLayer", layers.Select(l => (object?)new GoStruct(
                "types.ImageInspectLayer",
                new("MIMEType", "MIMEType", l.MediaType),
                new("Digest", "Digest", l.Digest.ToString()),
                new("Size", "Size", l.Size),
                new("Annotations", "Annotations", (object?)l.Annotations ?? GoTypedNil.Of("map[string]string")))).ToList())),
            new("Env", "Env", (object?)c.Config?.Env ?? GoTypedNil.Of("[]string")));
    }

    private static async Task WriteBytesAsync(Invocation invocation, byte[] bytes, CancellationToken cancellationToken)
    {
        await invocation.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        var stdout = StandardStreams.Output();
        await using (stdout.ConfigureAwait(false))
        {
            await stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }
}
