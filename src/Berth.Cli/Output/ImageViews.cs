using Berth.Engine.Images;
using Berth.Oci;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>
/// Views of local images with podman 4.3's Go shapes: <c>inspect.ImageData</c> for inspect, <c>images.imageReporter</c>
/// rows for <c>images</c> templates and <c>images.image</c> entries for <c>images --format json</c>.
/// </summary>
public static class ImageViews
{
    private static readonly string[] ImageConfigFields =
        ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels", "StopSignal", "ArgsEscaped"];

    /// <summary>Header fields of <c>images</c> tables and their podman header overrides.</summary>
    public static readonly IReadOnlyDictionary<string, string> ListHeaderOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "IMAGE ID",
        ["ReadOnly"] = "R/O",
    };

    public static GoStruct Inspect(LocalImage image)
    {
        var c = image.Config;
        var cfg = c.Config;
        return new GoStruct(
            "*inspect.ImageData",
            new("ID", "Id", image.Id),
            new("Digest", "Digest", image.ManifestDigest.ToString()),
            new("RepoTags", "RepoTags", image.Names),
            new("RepoDigests", "RepoDigests", image.Digests),
            new("Parent", "Parent", ""),
            new("Comment", "Comment", c.History is { Count: > 0 } h ? h[0].Comment ?? "" : ""),
            new("Created", "Created", new GoPointer((GoTimestamp)image.Created, "*time.Time")),
            new("Config", "Config", cfg is null ? GoTypedNil.Of("*v1.ImageConfig", ImageConfigFields) : ImageConfig(cfg)),
            new("Version", "Version", ""),
            new("Author", "Author", c.Author ?? ""),
            new("Architecture", "Architecture", c.Architecture),
            new("Os", "Os", c.OS),
            new("Size", "Size", image.Size),
            new("VirtualSize", "VirtualSize", image.Size),
            new("GraphDriver", "GraphDriver", new GoStruct(
                "*define.DriverData",
                new("Name", "Name", image.StorageDriver),
                new("Data", "Data", GoTypedNil.Of("map[string]string")))),
            new("RootFS", "RootFS", new GoStruct(
                "*inspect.RootFS",
                new("Type", "Type", c.RootFs.Type),
                new("Layers", "Layers", new GoSlice("[]digest.Digest", c.RootFs.DiffIds.Select(d => (object?)d.ToString()).ToList())))),
            new("Labels", "Labels", (object?)cfg?.Labels ?? GoTypedNil.Of("map[string]string")),
            new("Annotations", "Annotations", image.Annotations),
            new("ManifestType", "ManifestType", image.ManifestMediaType),
            new("User", "User", cfg?.User ?? ""),
            new("History", "History", History(c.History)),
            // An image that never had a name has a nil history in containers/storage: podman prints null.
            new("NamesHistory", "NamesHistory", image.NamesHistory.Count > 0 ? image.NamesHistory : GoTypedNil.Of("[]string")),
            new("HealthCheck", "Healthcheck", GoTypedNil.Of("*manifest.Schema2HealthConfig", ["Test", "StartPeriod", "Interval", "Timeout", "Retries"]), OmitEmpty: true));
    }

    /// <summary>The rows of <c>images</c>: one per tagged name, or one <c>&lt;none&gt;</c> row for an untagged image.</summary>
    public static IEnumerable<(string Repository, string Tag, LocalImage Image)> Rows(LocalImage image)
    {
        if (image.Names.Count == 0)
        {
            yield return ("<none>", "<none>", image);
            yield break;
        }

        foreach (var name in image.Names)
        {
            var slash = name.LastIndexOf('/');
            var colon = name.LastIndexOf(':');
            yield return colon > slash ? (name[..colon], name[(colon + 1)..], image) : (name, "<none>", image);
        }
    }

    public static string ShortOrFullId(LocalImage image, bool noTrunc) => noTrunc ? "sha256:" + image.Id : image.Id[..12];

    /// <summary>podman's entities.ImageSummary, with its Id/IsReadOnly/IsDangling methods.</summary>
    private static GoStruct Summary(LocalImage image, bool forJson)
    {
        var names = image.Names.Count > 0 ? (object)image.Names : GoTypedNil.Of("[]string");
        return new GoStruct("entities.ImageSummary")
            .Add("ID", image.Id, json: "Id")
            .Add("ParentId", "")
            .Add("RepoTags", forJson ? GoTypedNil.Of("[]string") : names)
            .Add("RepoDigests", image.Digests)
            .Add("Created", image.Created.ToUnixTimeSeconds(), jsonHidden: forJson)
            .Add("Size", image.Size)
            .Add("SharedSize", 0)
            .Add("VirtualSize", image.Size)
            .Add("Labels", (object?)image.Config.Config?.Labels ?? GoTypedNil.Of("map[string]string"))
            .Add("Containers", image.Containers)
            .Add("ReadOnly", image.ReadOnly, omitEmpty: true)
            .Add("Dangling", image.Dangling, omitEmpty: true)
            .Add("Names", names, omitEmpty: true)
            .Add("Digest", image.ManifestDigest.ToString(), omitEmpty: true)
            .Add("History", image.NamesHistory, omitEmpty: true)
            .Method("Id", () => image.Id)
            .Method("IsReadOnly", () => image.ReadOnly)
            .Method("IsDangling", () => image.Dangling);
    }

    /// <summary>One row as templates see it: podman's images.imageReporter, whose methods shadow the summary's fields.</summary>
    public static GoStruct ListRow(string repository, string tag, LocalImage image, bool noTrunc, DateTimeOffset now)
    {
        GoTimestamp created = image.Created;
        return new GoStruct("images.imageReporter")
            .Add("Repository", repository, json: "repository", omitEmpty: true)
            .Add("Tag", tag, json: "tag", omitEmpty: true)
            .Embed(Summary(image, forJson: false))
            .Method("ID", () => ShortOrFullId(image, noTrunc))
            .Method("Created", () => Units.HumanDuration(now - image.Created) + " ago")
            .Method("Size", () => Units.PodmanSize(image.Size))
            .Method("History", () => string.Join(", ", image.NamesHistory))
            .Method("CreatedAt", () => created.ToString())
            .Method("CreatedSince", () => Units.HumanDuration(now - image.Created) + " ago")
            .Method("CreatedTime", () => created.ToString());
    }

    /// <summary>An entry of <c>images --format json</c>: podman's images.image (the summary with RepoTags nulled,
    /// then the unix Created and an RFC 3339 CreatedAt).</summary>
    public static GoStruct ListJson(LocalImage image) => new GoStruct("images.image")
        .Embed(Summary(image, forJson: true))
        .Add("Created", image.Created.ToUnixTimeSeconds())
        .Add("CreatedAt", GoTime.Format(image.Created, GoTime.RFC3339Nano));

    internal static GoStruct ImageConfig(ContainerConfig c) => new(
        "*v1.ImageConfig",
        new("User", "User", c.User ?? "", OmitEmpty: true),
        new("ExposedPorts", "ExposedPorts", EmptyStructMap(c.ExposedPorts), OmitEmpty: true),
        new("Env", "Env", c.Env, OmitEmpty: true),
        new("Entrypoint", "Entrypoint", c.Entrypoint, OmitEmpty: true),
        new("Cmd", "Cmd", c.Cmd, OmitEmpty: true),
        new("Volumes", "Volumes", EmptyStructMap(c.Volumes), OmitEmpty: true),
        new("WorkingDir", "WorkingDir", c.WorkingDir ?? "", OmitEmpty: true),
        new("Labels", "Labels", c.Labels, OmitEmpty: true),
        new("StopSignal", "StopSignal", c.StopSignal ?? "", OmitEmpty: true),
        new("ArgsEscaped", "ArgsEscaped", c.ArgsEscaped ?? false, OmitEmpty: true));

    private static object? EmptyStructMap(IReadOnlyDictionary<string, EmptyObject>? map) =>
        map?.ToDictionary(kv => kv.Key, _ => (object?)EmptyStruct.Instance, StringComparer.Ordinal);

    internal static object History(IReadOnlyList<HistoryEntry>? history) =>
        history is null
            ? GoTypedNil.Of("[]v1.History")
            : new GoSlice("[]v1.History", history.Select(h => (object?)new GoStruct(
                "v1.History",
                new("Created", "created", h.Created is { } t ? new GoPointer((GoTimestamp)t, "*time.Time") : null, OmitEmpty: true),
                new("CreatedBy", "created_by", h.CreatedBy ?? "", OmitEmpty: true),
                new("Author", "author", h.Author ?? "", OmitEmpty: true),
                new("Comment", "comment", h.Comment ?? "", OmitEmpty: true),
                new("EmptyLayer", "empty_layer", h.EmptyLayer ?? false, OmitEmpty: true))).ToList());

    /// <summary>Go's <c>struct{}</c>: prints <c>{}</c>, encodes as <c>{}</c>.</summary>
    private sealed class EmptyStruct : ITemplateObject, IJsonWritable
    {
        public static EmptyStruct Instance { get; } = new();

        public string GoTypeName => "struct {}";

        public IReadOnlyList<string> FieldNames => [];

        public bool TryGetField(string name, out object? value)
        {
            value = null;
            return false;
        }

        public void WriteJson(System.Text.Json.Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
    }
}
