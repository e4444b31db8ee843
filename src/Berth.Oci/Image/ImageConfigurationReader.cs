using System.Text.Json;
using static Berth.Oci.Json.JsonValues;

namespace Berth.Oci;

/// <summary>
/// Reads an image configuration with <see cref="Utf8JsonReader"/> alone. On first use System.Text.Json builds the
/// metadata of the config's whole type graph (reflection over every type's attributes), ~2 ms that every
/// <c>run</c> paid; this reader gives the same records, and refuses the same documents with a
/// <see cref="JsonException"/>, as <c>JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageConfiguration)</c>:
/// member names match exactly, unknown members are skipped, the last of a repeated member wins, JSON null gives null,
/// a value of the wrong kind or a missing required member (architecture, os, rootfs, rootfs.type, rootfs.diff_ids)
/// is an error, and nothing may follow the document. The unit tests hold both readers to the same answers.
/// </summary>
public static class ImageConfigurationReader
{
    /// <summary>The configuration in <paramref name="json"/>; null when the document is JSON null.</summary>
    public static ImageConfiguration? Read(ReadOnlySpan<byte> json) => Document(json, default, ReadImage);

    private static ImageConfiguration ReadImage(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "$", "ImageConfiguration");
        DateTimeOffset? created = null;
        string? author = null, architecture = null, os = null, osVersion = null, variant = null, dockerVersion = null;
        IReadOnlyList<string>? osFeatures = null;
        ContainerConfig? config = null;
        RootFs? rootFs = null;
        IReadOnlyList<HistoryEntry>? history = null;
        bool hasArchitecture = false, hasOs = false, hasRootFs = false;
        while (NextMember(ref r, "$") is { } name)
        {
            switch (name)
            {
                case "created": created = Time(ref r, "$.created"); break;
                case "author": author = Text(ref r, "$.author"); break;
                case "architecture": architecture = Text(ref r, "$.architecture"); hasArchitecture = true; break;
                case "os": os = Text(ref r, "$.os"); hasOs = true; break;
                case "os.version": osVersion = Text(ref r, "$['os.version']"); break;
                case "os.features": osFeatures = Texts(ref r, "$['os.features']"); break;
                case "variant": variant = Text(ref r, "$.variant"); break;
                case "config": config = r.TokenType == JsonTokenType.Null ? null : ReadConfig(ref r); break;
                case "docker_version": dockerVersion = Text(ref r, "$.docker_version"); break;
                case "rootfs": rootFs = r.TokenType == JsonTokenType.Null ? null : ReadRootFs(ref r); hasRootFs = true; break;
                case "history": history = List(ref r, "$.history", ReadHistoryEntry); break;
                default: r.Skip(); break;
            }
        }

        Required("ImageConfiguration", ("architecture", hasArchitecture), ("os", hasOs), ("rootfs", hasRootFs));
        return new ImageConfiguration
        {
            Created = created,
            Author = author,
            Architecture = architecture!,
            OS = os!,
            OSVersion = osVersion,
            OSFeatures = osFeatures,
            Variant = variant,
            Config = config,
            DockerVersion = dockerVersion,
            RootFs = rootFs!,
            History = history,
        };
    }

    private static ContainerConfig ReadConfig(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "$.config", "ContainerConfig");
        var c = new ContainerConfig();
        while (NextMember(ref r, "$.config") is { } name)
        {
            c = name switch
            {
                "User" => c with { User = Text(ref r, "$.config.User") },
                "ExposedPorts" => c with { ExposedPorts = EmptyObjects(ref r, "$.config.ExposedPorts") },
                "Env" => c with { Env = Texts(ref r, "$.config.Env") },
                "Entrypoint" => c with { Entrypoint = Texts(ref r, "$.config.Entrypoint") },
                "Cmd" => c with { Cmd = Texts(ref r, "$.config.Cmd") },
                "Volumes" => c with { Volumes = EmptyObjects(ref r, "$.config.Volumes") },
                "WorkingDir" => c with { WorkingDir = Text(ref r, "$.config.WorkingDir") },
                "Labels" => c with { Labels = TextMap(ref r, "$.config.Labels") },
                "StopSignal" => c with { StopSignal = Text(ref r, "$.config.StopSignal") },
                "ArgsEscaped" => c with { ArgsEscaped = Flag(ref r, "$.config.ArgsEscaped") },
                "Healthcheck" => c with { Healthcheck = r.TokenType == JsonTokenType.Null ? null : ReadHealth(ref r) },
                "OnBuild" => c with { OnBuild = Texts(ref r, "$.config.OnBuild") },
                "Shell" => c with { Shell = Texts(ref r, "$.config.Shell") },
                _ => Skipped(ref r, c),
            };
        }

        return c;
    }

    private static HealthConfig ReadHealth(ref Utf8JsonReader r)
    {
        const string at = "$.config.Healthcheck";
        ExpectObject(ref r, at, "HealthConfig");
        var h = new HealthConfig();
        while (NextMember(ref r, at) is { } name)
        {
            h = name switch
            {
                "Test" => h with { Test = Texts(ref r, at + ".Test") },
                "Interval" => h with { Interval = Int64(ref r, at + ".Interval") },
                "Timeout" => h with { Timeout = Int64(ref r, at + ".Timeout") },
                "StartPeriod" => h with { StartPeriod = Int64(ref r, at + ".StartPeriod") },
                "StartInterval" => h with { StartInterval = Int64(ref r, at + ".StartInterval") },
                "Retries" => h with { Retries = Int32(ref r, at + ".Retries") },
                _ => Skipped(ref r, h),
            };
        }

        return h;
    }

    private static RootFs ReadRootFs(ref Utf8JsonReader r)
    {
        ExpectObject(ref r, "$.rootfs", "RootFs");
        string? type = null;
        List<Digest>? diffIds = null;
        bool hasType = false, hasDiffIds = false;
        while (NextMember(ref r, "$.rootfs") is { } name)
        {
            switch (name)
            {
                case "type": type = Text(ref r, "$.rootfs.type"); hasType = true; break;
                case "diff_ids": diffIds = Digests(ref r, "$.rootfs.diff_ids"); hasDiffIds = true; break;
                default: r.Skip(); break;
            }
        }

        Required("RootFs", ("type", hasType), ("diff_ids", hasDiffIds));
        return new RootFs { Type = type!, DiffIds = diffIds! };
    }

    private static HistoryEntry ReadHistoryEntry(ref Utf8JsonReader r)
    {
        const string at = "$.history[]";
        ExpectObject(ref r, at, "HistoryEntry");
        var h = new HistoryEntry();
        while (NextMember(ref r, at) is { } name)
        {
            h = name switch
            {
                "created" => h with { Created = Time(ref r, at + ".created") },
                "created_by" => h with { CreatedBy = Text(ref r, at + ".created_by") },
                "author" => h with { Author = Text(ref r, at + ".author") },
                "comment" => h with { Comment = Text(ref r, at + ".comment") },
                "empty_layer" => h with { EmptyLayer = Flag(ref r, at + ".empty_layer") },
                _ => Skipped(ref r, h),
            };
        }

        return h;
    }

    private static List<Digest>? Digests(ref Utf8JsonReader r, string at)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref r, JsonTokenType.StartArray, at, "a list of digests");
        var items = new List<Digest>();
        while (NextElement(ref r, at))
        {
            // DigestJsonConverter's rule: a string that parses as a digest (JSON null too reaches it, and fails).
            if (r.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                throw Mismatch(ref r, at + "[]", "a digest");
            }

            items.Add(Digest.TryParse(r.GetString(), out var digest, out var error) ? digest : throw new JsonException(error));
        }

        return items;
    }

    private static Dictionary<string, EmptyObject>? EmptyObjects(ref Utf8JsonReader r, string at)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref r, at, "a map of objects");
        var map = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        while (NextMember(ref r, at) is { } key)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                map[key] = null!;
                continue;
            }

            ExpectObject(ref r, at + "." + key, "EmptyObject");
            r.Skip();
            map[key] = new EmptyObject();
        }

        return map;
    }
}
