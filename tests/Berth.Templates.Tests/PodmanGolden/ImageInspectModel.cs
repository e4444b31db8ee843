using System.Text.Json;
using static Berth.Templates.Tests.PodmanGolden.GoldenData;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>podman 4.3's <c>inspect.ImageData</c> (pkg/inspect) built from <c>podman image inspect</c> JSON.</summary>
internal static class ImageInspectModel
{
    private static readonly string[] ImageConfigFields =
        ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels", "StopSignal", "ArgsEscaped"];

    public static GoStruct Build(JsonElement e)
    {
        var config = e.GetProperty("Config");
        var graphDriver = e.GetProperty("GraphDriver");
        var rootFs = e.GetProperty("RootFS");
        return new GoStruct("*inspect.ImageData")
            .Add("ID", Str(e, "Id"), json: "Id")
            .Add("Digest", Str(e, "Digest"))
            .Add("RepoTags", StringSlice(e, "RepoTags"))
            .Add("RepoDigests", StringSlice(e, "RepoDigests"))
            .Add("Parent", Str(e, "Parent"))
            .Add("Comment", Str(e, "Comment"))
            .Add("Created", TimePointer(e, "Created"))
            .Add("Config", config.ValueKind == JsonValueKind.Object ? ImageConfig(config) : GoTypedNil.Of("*v1.ImageConfig", ImageConfigFields))
            .Add("Version", Str(e, "Version"))
            .Add("Author", Str(e, "Author"))
            .Add("Architecture", Str(e, "Architecture"))
            .Add("Os", Str(e, "Os"))
            .Add("Size", Int64(e, "Size"))
            .Add("VirtualSize", Int64(e, "VirtualSize"))
            .Add("GraphDriver", new GoStruct("*define.DriverData")
                .Add("Name", Str(graphDriver, "Name"))
                .Add("Data", StringMap(graphDriver, "Data")))
            .Add("RootFS", new GoStruct("*inspect.RootFS")
                .Add("Type", Str(rootFs, "Type"))
                .Add("Layers", StringSlice(rootFs, "Layers", "[]digest.Digest")))
            .Add("Labels", StringMap(e, "Labels"))
            .Add("Annotations", StringMap(e, "Annotations"))
            .Add("ManifestType", Str(e, "ManifestType"))
            .Add("User", Str(e, "User"))
            .Add("History", History(e))
            .Add("NamesHistory", StringSlice(e, "NamesHistory"))
            .Add("HealthCheck", GoTypedNil.Of("*manifest.Schema2HealthConfig", ["Test", "StartPeriod", "Interval", "Timeout", "Retries"]), json: "Healthcheck", omitEmpty: true);
    }

    /// <summary>image-spec <c>v1.ImageConfig</c>: every field omitempty in JSON.</summary>
    private static GoStruct ImageConfig(JsonElement c) => new GoStruct("*v1.ImageConfig")
        .Add("User", Str(c, "User"), omitEmpty: true)
        .Add("ExposedPorts", EmptyStructMap(c, "ExposedPorts"), omitEmpty: true)
        .Add("Env", StringSlice(c, "Env"), omitEmpty: true)
        .Add("Entrypoint", StringSlice(c, "Entrypoint"), omitEmpty: true)
        .Add("Cmd", StringSlice(c, "Cmd"), omitEmpty: true)
        .Add("Volumes", EmptyStructMap(c, "Volumes"), omitEmpty: true)
        .Add("WorkingDir", Str(c, "WorkingDir"), omitEmpty: true)
        .Add("Labels", StringMap(c, "Labels"), omitEmpty: true)
        .Add("StopSignal", Str(c, "StopSignal"), omitEmpty: true)
        .Add("ArgsEscaped", Bool(c, "ArgsEscaped"), omitEmpty: true);

    /// <summary>image-spec <c>[]v1.History</c> with its lower-case JSON keys.</summary>
    private static object History(JsonElement e)
    {
        if (!e.TryGetProperty("History", out var h) || h.ValueKind != JsonValueKind.Array)
        {
            return GoTypedNil.Of("[]v1.History");
        }
        var items = h.EnumerateArray().Select(x => (object?)new GoStruct("v1.History")
            .Add("Created", TimePointer(x, "created"), json: "created", omitEmpty: true)
            .Add("CreatedBy", Str(x, "created_by"), json: "created_by", omitEmpty: true)
            .Add("Author", Str(x, "author"), json: "author", omitEmpty: true)
            .Add("Comment", Str(x, "comment"), json: "comment", omitEmpty: true)
            .Add("EmptyLayer", Bool(x, "empty_layer"), json: "empty_layer", omitEmpty: true)).ToArray();
        return new GoSlice("[]v1.History", items);
    }
}
