using Berth.Engine.Images;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>How <c>images</c> prints: podman 4.3's cmd/podman/images/list.go output paths.</summary>
public sealed record ImageListOptions
{
    public string? Format { get; init; }
    public bool Quiet { get; init; }
    public bool NoHeading { get; init; }
    public bool NoTrunc { get; init; }
    public bool Digests { get; init; }
    public bool History { get; init; }
    /// <summary>created (newest first), id, repository, size, tag.</summary>
    public string Sort { get; init; } = "created";
}

public static class ImageListOutput
{
    private static readonly string[] HeaderFields =
        ["Repository", "Tag", "ID", "ParentId", "RepoTags", "RepoDigests", "Created", "Size", "SharedSize", "VirtualSize",
         "Labels", "Containers", "ReadOnly", "Dangling", "Names", "Digest", "History"];

    public static void Write(TextWriter output, IEnumerable<LocalImage> images, ImageListOptions options, DateTimeOffset now)
    {
        var rows = SortRows(images.SelectMany(ImageViews.Rows), options.Sort, options.NoTrunc);
        var format = options.Format;
        if (format is not null && ReportFormatter.IsJson(format))
        {
            output.Write(GoJson.Serialize(rows.Select(r => (object?)ImageViews.ListJson(r.Image)).ToList(), escapeHtml: true, indent: "    "));
            output.Write('\n');
            return;
        }

        if (options.Quiet)
        {
            foreach (var id in rows.Select(r => ImageViews.ShortOrFullId(r.Image, options.NoTrunc)).Distinct())
            {
                output.Write(id);
                output.Write('\n');
            }

            return;
        }

        var origin = ReportOrigin.User;
        var noHeading = options.NoHeading;
        if (string.IsNullOrEmpty(format))
        {
            format = DefaultFormat(options);
            origin = ReportOrigin.Podman;
        }
        else if (!ReportFormatter.HasTable(format))
        {
            noHeading = true;
        }

        var formatter = ReportFormatter.Create(output, "images", format, new ReportOptions
        {
            Origin = origin,
            NoHeading = noHeading,
            HeaderOverrides = ImageViews.ListHeaderOverrides,
        });
        try
        {
            formatter.WriteHeader(HeaderFields);
            formatter.Execute(new GoSlice("[]images.imageReporter", rows.Select(r => (object?)ImageViews.ListRow(r.Repository, r.Tag, r.Image, options.NoTrunc, now)).ToList()));
        }
        finally
        {
            formatter.Flush();
        }
    }

    /// <summary>podman's default columns: REPOSITORY TAG [DIGEST] IMAGE ID CREATED SIZE [HISTORY].</summary>
    private static string DefaultFormat(ImageListOptions options)
    {
        var row = new List<string> { "{{if .Repository}}{{.Repository}}{{else}}<none>{{end}}", "{{if .Tag}}{{.Tag}}{{else}}<none>{{end}}" };
        if (options.Digests)
        {
            row.Add("{{.Digest}}");
        }

        row.AddRange(["{{.ID}}", "{{.Created}}", "{{.Size}}"]);
        if (options.History)
        {
            row.Add("{{if .History}}{{.History}}{{else}}<none>{{end}}");
        }

        return "{{range . }}" + string.Join("\t", row) + "\n{{end -}}";
    }

    private static List<(string Repository, string Tag, LocalImage Image)> SortRows(IEnumerable<(string Repository, string Tag, LocalImage Image)> rows, string sort, bool noTrunc)
    {
        // One row per tagged name; an image whose names all lack a tag shows once as <none>.
        var list = rows.ToList();
        return sort switch
        {
            "id" => list.OrderBy(r => ImageViews.ShortOrFullId(r.Image, noTrunc), StringComparer.Ordinal).ToList(),
            "repository" => list.OrderBy(r => r.Repository, StringComparer.Ordinal).ToList(),
            "size" => list.OrderBy(r => r.Image.Size).ToList(),
            "tag" => list.OrderBy(r => r.Tag, StringComparer.Ordinal).ToList(),
            "created" => list.OrderByDescending(r => r.Image.Created).ToList(),
            _ => throw new BerthException(ErrorKind.InvalidArgument, $"\"{sort}\" is not a valid sort option: use created, id, repository, size or tag"),
        };
    }
}
