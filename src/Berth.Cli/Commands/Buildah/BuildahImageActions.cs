using System.Globalization;
using Berth.Cli.CommandLine;
using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Commands.Buildah;

/// <summary>buildah's images, rmi and tag over the engine's image service, with buildah's output.</summary>
public static class BuildahImageActions
{
    public static Task<int> ImagesAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        BuildahSession.RefuseUnsupported(invocation, ["digests", "history"]);
        using var images = new ImageService(EngineFactory.Create(invocation));
        var filters = o.GetStrings("filter").ToList();
        if (invocation.Arguments.Count == 1)
        {
            filters.Add("reference=" + invocation.Arguments[0]);
        }

        var list = images.List(filters).Where(i => o.GetBool("all") || !i.Intermediate).OrderByDescending(i => i.Created).ToList();
        var noTrunc = o.GetBool("no-trunc") || o.GetBool("notruncate");
        var now = DateTimeOffset.Now;
        string Id(LocalImage i) => noTrunc ? i.Id : i.Id[..12];
        if (o.GetBool("quiet"))
        {
            foreach (var id in list.Select(Id).Distinct(StringComparer.Ordinal))
            {
                invocation.Out.WriteLine(id);
            }

            return Task.FromResult(0);
        }

        var rows = list.SelectMany(i => (i.Names.Count == 0 ? ["<none>:<none>"] : i.Names).Select(n => (Name: n, Image: i))).ToList();
        if (o.GetBool("json"))
        {
            invocation.Out.WriteLine(BuildahOutput.Json(list.Select(i => (object)new GoStruct(
                "main.jsonImage",
                new("ID", "id", Id(i)),
                new("Names", "names", i.Names.Count == 0 ? GoTypedNil.Of("[]string") : i.Names),
                new("Digest", "digest", i.ManifestDigest.ToString()),
                new("CreatedAt", "createdat", Created(i, now)),
                new("Size", "size", Size(i.Size)),
                new("Created", "created", i.Created.ToUnixTimeSeconds()),
                new("CreatedAtRaw", "createdatraw", GoTime.Format(i.Created, GoTime.RFC3339Nano)),
                new("ReadOnly", "readonly", i.ReadOnly),
                new("History", "history", GoTypedNil.Of("[]string")))).ToList()));
            return Task.FromResult(0);
        }

        var views = rows.Select(r =>
        {
            var (repository, tag) = Split(r.Name);
            return new GoStruct(
                "main.imageOutputParams",
                new("Tag", "tag", tag),
                new("ID", "id", Id(r.Image)),
                new("Name", "name", repository),
                new("Digest", "digest", r.Image.ManifestDigest.ToString()),
                new("Created", "created", r.Image.Created.ToUnixTimeSeconds()),
                new("CreatedAt", "createdat", Created(r.Image, now)),
                new("Size", "size", Size(r.Image.Size)),
                new("CreatedAtRaw", "createdatraw", GoTime.Format(r.Image.Created, GoTime.RFC3339Nano)),
                new("ReadOnly", "readonly", r.Image.ReadOnly),
                new("History", "history", ""));
        }).ToList();
        if (o.GetString("format") is { Length: > 0 } format)
        {
            BuildahOutput.WriteColumns(invocation.Out, "images", format, views);
            return Task.FromResult(0);
        }

        // buildah's table: tabwriter columns three spaces apart.
        var table = new List<string[]>();
        if (!o.GetBool("noheading"))
        {
            table.Add(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]);
        }

        table.AddRange(views.Select(v => new[] { Field(v, "Name"), Field(v, "Tag"), Field(v, "ID"), Field(v, "CreatedAt"), Field(v, "Size") }));
        var widths = Enumerable.Range(0, 4).Select(col => table.Count == 0 ? 0 : table.Max(r => r[col].Length)).ToArray();
        foreach (var row in table)
        {
            invocation.Out.WriteLine(string.Concat(row.Take(4).Select((cell, col) => cell.PadRight(widths[col] + 3))) + row[4]);
        }

        return Task.FromResult(0);
    }

    /// <summary><c>buildah pull</c>: one image (buildah's policy names; a stored image is used unless told otherwise),
    /// progress on stderr, the ID on stdout.</summary>
    public static async Task<int> PullAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var name = invocation.Arguments switch
        {
            [] => throw new BerthException(ErrorKind.InvalidArgument, "an image name must be specified"),
            [var one] => one,
            _ => throw new BerthException(ErrorKind.InvalidArgument, "too many arguments specified"),
        };
        BuildahSession.RefuseUnsupported(invocation, ["decryption-key"]);
        var platforms = o.GetStrings("platform");
        if (platforms.Count > 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "parsing platform: only one platform can be specified");
        }

        using var images = new ImageService(EngineFactory.Create(invocation));
        var options = new PullOptions
        {
            Policy = PullOptions.ParsePolicy(o.GetString("policy") ?? "missing"),
            Platform = PlatformChooser.FromFlags(platforms.Count == 1 ? platforms[0] : null, o.Changed("os") ? o.GetString("os") : null, o.Changed("arch") ? o.GetString("arch") : null, o.Changed("variant") ? o.GetString("variant") : null),
            Access = BuildahSession.Access(o),
        };
        var progress = Output.ProgressFactory.For(invocation.Error, o.GetBool("quiet"));
        using var view = progress as IDisposable;
        var puller = new ImagePuller(images);
        var pulled = o.GetBool("all-tags")
            ? await puller.PullAllTagsAsync(name, options, progress, cancellationToken).ConfigureAwait(false)
            : [await puller.PullAsync(name, options, progress, cancellationToken).ConfigureAwait(false)];
        foreach (var image in pulled)
        {
            invocation.Out.WriteLine(image.Id);
        }

        return 0;
    }

    public static async Task<int> RmiAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        BuildahSession.RefuseUnsupported(invocation, ["prune"]);
        var all = o.GetBool("all");
        if (all && invocation.Arguments.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "when using the --all switch, you may not pass any images names or IDs");
        }

        if (!all && invocation.Arguments.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "image name or ID must be specified");
        }

        using var images = new ImageService(EngineFactory.Create(invocation));
        var names = all ? images.List([]).Select(i => i.Id).ToList() : invocation.Arguments.ToList();
        var errors = new List<string>();
        foreach (var name in names)
        {
            try
            {
                foreach (var line in await images.RemoveAsync(name, o.GetBool("force"), cancellationToken).ConfigureAwait(false))
                {
                    if (line.StartsWith("Deleted: ", StringComparison.Ordinal))
                    {
                        invocation.Out.WriteLine(line["Deleted: ".Length..]);
                    }
                }
            }
            catch (BerthException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            // Go's multierror, as buildah prints it.
            var text = $"{errors.Count} error{(errors.Count == 1 ? "" : "s")} occurred:\n" + string.Concat(errors.Select(e => $"\t* {e}\n")) + "\n";
            throw new BerthException(ErrorKind.NotFound, text);
        }

        return 0;
    }

    public static Task<int> TagAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Arguments.Count < 2)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"requires at least 2 arg(s), only received {invocation.Arguments.Count}");
        }

        using var images = new ImageService(EngineFactory.Create(invocation));
        var image = images.TryFind(invocation.Arguments[0]) ?? throw new BerthException(ErrorKind.NotFound, $"{invocation.Arguments[0]}: image not known");
        images.Tag(image, invocation.Arguments.Skip(1));
        return Task.FromResult(0);
    }

    /// <summary>buildah's image size: three significant digits and a decimal unit after a space ("1.99 MB").</summary>
    internal static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < units.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return $"{size.ToString("G3", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    private static string Created(LocalImage image, DateTimeOffset now)
    {
        var age = now - image.Created;
        return age < TimeSpan.FromSeconds(1) ? "Less than a second ago" : Units.HumanDuration(age) + " ago";
    }

    private static (string Repository, string Tag) Split(string name)
    {
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? (name[..colon], name[(colon + 1)..]) : (name, "<none>");
    }

    private static string Field(GoStruct view, string name) =>
        view.TryGetField(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";
}
