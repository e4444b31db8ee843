using System.Text.Json;

namespace Berth.Templates.Tests.PodmanGolden;

/// <summary>Reads the recorded podman 4.3 corpus (Golden/podman-4.3) and turns its JSON into values shaped like
/// podman's Go types: maps stay maps, nil stays a typed nil, times keep their nanoseconds.</summary>
internal static class GoldenData
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3");

    public static bool Available => File.Exists(Path.Combine(Dir, "inspect-cases.json"));

    public static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, file)));
        return doc.RootElement.Clone();
    }

    public static string Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    public static long Int64(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    public static bool Bool(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>A Go <c>[]string</c>: JSON null or absent is a nil slice.</summary>
    public static object StringSlice(JsonElement e, string key, string goType = "[]string")
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Array)
        {
            return GoTypedNil.Of(goType);
        }
        var items = v.EnumerateArray().Select(x => x.GetString()!).ToArray();
        return goType == "[]string" ? items : new GoSlice(goType, items);
    }

    /// <summary>A Go <c>map[string]string</c>: JSON null or absent is a nil map.</summary>
    public static object StringMap(JsonElement e, string key)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Object)
        {
            return GoTypedNil.Of("map[string]string");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    /// <summary>A Go <c>map[string]struct{}</c> (exposed ports, volumes).</summary>
    public static object EmptyStructMap(JsonElement e, string key)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Object)
        {
            return GoTypedNil.Of("map[string]struct {}");
        }
        var map = new Dictionary<string, GoStruct>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = new GoStruct("struct {}");
        }
        return map;
    }

    /// <summary>A Go <c>*time.Time</c>.</summary>
    public static object TimePointer(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? new GoPointer(GoTimestamp.ParseRfc3339(v.GetString()!), "*time.Time")
            : GoTypedNil.Of("*time.Time");
}
