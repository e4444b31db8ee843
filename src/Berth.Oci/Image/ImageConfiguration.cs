using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>An empty JSON object, the value type of ExposedPorts and Volumes (<c>{"80/tcp": {}}</c>).</summary>
public sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}

/// <summary>The image configuration (image-spec config.md), with Docker's extra fields where podman reads them.</summary>
public sealed record ImageConfiguration
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    /// <summary>REQUIRED by the spec; GOARCH values.</summary>
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    /// <summary>REQUIRED by the spec; GOOS values.</summary>
    [JsonPropertyName("os")]
    public required string OS { get; init; }

    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig? Config { get; init; }

    /// <summary>Docker's <c>docker_version</c> (skopeo inspect shows it as DockerVersion).</summary>
    [JsonPropertyName("docker_version")]
    public string? DockerVersion { get; init; }

    /// <summary>REQUIRED: the layer diff IDs, in order.</summary>
    [JsonPropertyName("rootfs")]
    public required RootFs RootFs { get; init; }

    [JsonPropertyName("history")]
    public IReadOnlyList<HistoryEntry>? History { get; init; }
}

/// <summary>The execution parameters of the config (image-spec's "config" object, Docker's ContainerConfig).</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    [JsonPropertyName("Volumes")]
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonPropertyName("ArgsEscaped")]
    public bool? ArgsEscaped { get; init; }

    /// <summary>Docker extension, kept by podman (Healthcheck in Docker-format images).</summary>
    [JsonPropertyName("Healthcheck")]
    public HealthConfig? Healthcheck { get; init; }

    [JsonPropertyName("OnBuild")]
    public IReadOnlyList<string>? OnBuild { get; init; }

    [JsonPropertyName("Shell")]
    public IReadOnlyList<string>? Shell { get; init; }
}

/// <summary>Docker's health check configuration; durations in nanoseconds.</summary>
public sealed record HealthConfig
{
    [JsonPropertyName("Test")]
    public IReadOnlyList<string>? Test { get; init; }

    [JsonPropertyName("Interval")]
    public long? Interval { get; init; }

    [JsonPropertyName("Timeout")]
    public long? Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    public long? StartPeriod { get; init; }

    [JsonPropertyName("StartInterval")]
    public long? StartInterval { get; init; }

    [JsonPropertyName("Retries")]
    public int? Retries { get; init; }
}

public sealed record RootFs
{
    /// <summary>MUST be "layers".</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("diff_ids")]
    public required IReadOnlyList<Digest> DiffIds { get; init; }
}

public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}
