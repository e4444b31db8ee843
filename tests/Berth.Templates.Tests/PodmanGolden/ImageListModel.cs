using System.Text.Json;
using static Berth.Templates.Tests.PodmanGolden.GoldenData;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>One image of <c>podman images</c>: podman 4.3's <c>entities.ImageSummary</c>.</summary>
internal sealed class ImageSummary
{
    public required string Id { get; init; }

    public required JsonElement Json { get; init; }

    public required string[] Names { get; init; }

    public long Created => Int64(Json, "Created");

    public long Size => Int64(Json, "Size");

    public bool Dangling => Bool(Json, "Dangling");

    /// <summary>The Go struct the template sees (RepoTags holds the names; podman's JSON output nulls it).</summary>
    public GoStruct ToGo() => new GoStruct("entities.ImageSummary")
        .Add("ID", Id, json: "Id")
        .Add("ParentId", Str(Json, "ParentId"))
        .Add("RepoTags", Names.Length > 0 ? Names : GoTypedNil.Of("[]string"))
        .Add("RepoDigests", StringSlice(Json, "RepoDigests"))
        .Add("Created", Created)
        .Add("Size", Size)
        .Add("SharedSize", (int)Int64(Json, "SharedSize"))
        .Add("VirtualSize", Int64(Json, "VirtualSize"))
        .Add("Labels", StringMap(Json, "Labels"))
        .Add("Containers", (int)Int64(Json, "Containers"))
        .Add("ReadOnly", Bool(Json, "ReadOnly"), omitEmpty: true)
        .Add("Dangling", Dangling, omitEmpty: true)
        .Add("Names", Names.Length > 0 ? Names : GoTypedNil.Of("[]string"), omitEmpty: true)
        .Add("Digest", Str(Json, "Digest"), omitEmpty: true)
        .Add("History", StringSlice(Json, "History"), omitEmpty: true)
        .Method("Id", () => Id)
        .Method("IsReadOnly", () => Bool(Json, "ReadOnly"))
        .Method("IsDangling", () => Dangling);
}

/// <summary>A row of <c>podman images</c>: podman 4.3's <c>images.imageReporter</c> (cmd/podman/images/list.go).</summary>
internal static class ImageListModel
{
    /// <summary>The headers podman derives from <c>imageReporter{}</c>: its fields plus the promoted ImageSummary fields.</summary>
    public static readonly string[] HeaderFields =
        ["Repository", "Tag", "ID", "ParentId", "RepoTags", "RepoDigests", "Created", "Size", "SharedSize", "VirtualSize",
         "Labels", "Containers", "ReadOnly", "Dangling", "Names", "Digest", "History"];

    public static readonly Dictionary<string, string> HeaderOverrides = new(StringComparer.Ordinal)
    {
        ["ID"] = "IMAGE ID",
        ["ReadOnly"] = "R/O",
    };

    /// <summary>The distinct images of <c>podman images --format json</c> output (one JSON entry per name there).</summary>
    public static List<ImageSummary> LoadImages()
    {
        var images = new List<ImageSummary>();
        foreach (var e in Load("images.json").EnumerateArray())
        {
            string id = Str(e, "Id");
            if (images.Any(i => i.Id == id))
            {
                continue;
            }
            images.Add(new ImageSummary
            {
                Id = id,
                Json = e,
                Names = e.TryGetProperty("Names", out var n) && n.ValueKind == JsonValueKind.Array
                    ? n.EnumerateArray().Select(x => x.GetString()!).ToArray()
                    : [],
            });
        }
        return images;
    }

    public sealed record Row(string Repository, string Tag, ImageSummary Image);

    /// <summary>podman's <c>sortImages</c>: one row per tagged name (or one <c>&lt;none&gt;</c> row), then a stable sort.</summary>
    public static List<Row> Rows(IEnumerable<ImageSummary> images, string sort, bool noTrunc)
    {
        var rows = new List<Row>();
        foreach (var image in images)
        {
            if (image.Names.Length == 0)
            {
                rows.Add(new Row("<none>", "<none>", image));
                continue;
            }
            var tagged = new List<Row>();
            var untagged = new List<Row>();
            foreach (var name in image.Names)
            {
                var (repo, tag) = TokenRepoTag(name);
                (tag == "<none>" ? untagged : tagged).Add(new Row(repo, tag, image));
            }
            rows.AddRange(tagged.Count > 0 ? tagged : untagged.Take(1));
        }
        return sort switch
        {
            "id" => rows.OrderBy(r => Id(r.Image, noTrunc), StringComparer.Ordinal).ToList(),
            "repository" => rows.OrderBy(r => r.Repository, StringComparer.Ordinal).ToList(),
            "size" => rows.OrderBy(r => r.Image.Size).ToList(),
            "tag" => rows.OrderBy(r => r.Tag, StringComparer.Ordinal).ToList(),
            _ => rows.OrderByDescending(r => r.Image.Created).ToList(),
        };
    }

    private static (string Repository, string Tag) TokenRepoTag(string name)
    {
        int slash = name.LastIndexOf('/');
        int colon = name.LastIndexOf(':');
        return colon > slash ? (name[..colon], name[(colon + 1)..]) : (name, "<none>");
    }

    public static string Id(ImageSummary image, bool noTrunc) =>
        !noTrunc && image.Id.Length >= 12 ? image.Id[..12] : "sha256:" + image.Id;

    /// <summary>The Go value of one row, with imageReporter's value-receiver methods.</summary>
    public static GoStruct ToGo(Row row, bool noTrunc)
    {
        var image = row.Image;
        var created = GoTimestamp.FromUnix(image.Created);
        var namesHistory = image.Json.TryGetProperty("History", out var h) && h.ValueKind == JsonValueKind.Array
            ? h.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : [];
        return new GoStruct("images.imageReporter")
            .Add("Repository", row.Repository, json: "repository", omitEmpty: true)
            .Add("Tag", row.Tag, json: "tag", omitEmpty: true)
            .Embed(image.ToGo())
            .Method("ID", () => Id(image, noTrunc))
            .Method("Created", () => Units.HumanDuration(DateTimeOffset.UtcNow - created.DateTimeOffset) + " ago")
            .Method("Size", () => Units.PodmanSize(image.Size))
            .Method("History", () => string.Join(", ", namesHistory))
            .Method("CreatedAt", () => created.ToString())
            .Method("CreatedSince", () => Units.HumanDuration(DateTimeOffset.UtcNow - created.DateTimeOffset) + " ago")
            .Method("CreatedTime", () => created.ToString());
    }

    /// <summary>The entries of <c>podman images --format json</c>: the summary with RepoTags nulled, the unix
    /// <c>Created</c> and an RFC 3339 <c>CreatedAt</c> (outer fields after the embedded ones, as Go encodes them).</summary>
    public static GoStruct ToJsonEntry(Row row)
    {
        var image = row.Image;
        var summary = new GoStruct("entities.ImageSummary")
            .Add("ID", image.Id, json: "Id")
            .Add("ParentId", Str(image.Json, "ParentId"))
            .Add("RepoTags", GoTypedNil.Of("[]string"))
            .Add("RepoDigests", StringSlice(image.Json, "RepoDigests"))
            .Add("Created", image.Created, jsonHidden: true)
            .Add("Size", image.Size)
            .Add("SharedSize", (int)Int64(image.Json, "SharedSize"))
            .Add("VirtualSize", Int64(image.Json, "VirtualSize"))
            .Add("Labels", StringMap(image.Json, "Labels"))
            .Add("Containers", (int)Int64(image.Json, "Containers"))
            .Add("ReadOnly", Bool(image.Json, "ReadOnly"), omitEmpty: true)
            .Add("Dangling", image.Dangling, omitEmpty: true)
            .Add("Names", image.Names.Length > 0 ? image.Names : GoTypedNil.Of("[]string"), omitEmpty: true)
            .Add("Digest", Str(image.Json, "Digest"), omitEmpty: true)
            .Add("History", StringSlice(image.Json, "History"), omitEmpty: true);
        return new GoStruct("images.image")
            .Embed(summary)
            .Add("Created", image.Created)
            .Add("CreatedAt", GoTime.Format(GoTimestamp.FromUnix(image.Created), GoTime.RFC3339Nano));
    }
}
