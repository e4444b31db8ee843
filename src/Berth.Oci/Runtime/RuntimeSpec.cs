using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary>
/// The OCI runtime configuration, <c>config.json</c> (runtime-spec config.md). Only the members podman writes on
/// Linux are modelled; nulls are left out when writing, as Go's <c>omitempty</c> does.
/// </summary>
public sealed record RuntimeSpec
{
    /// <summary>The version podman 4.3 writes (runtime-tools' generator sets the runtime-spec module's version).</summary>
    public const string PodmanOciVersion = "1.0.2-dev";

    /// <summary>REQUIRED: the runtime-spec version the bundle complies with.</summary>
    [JsonPropertyName("ociVersion")]
    public required string OciVersion { get; init; }

    /// <summary>REQUIRED on Linux unless <c>process</c> is only used by <c>exec</c>: the container process.</summary>
    [JsonPropertyName("process")]
    public RuntimeProcess? Process { get; init; }

    /// <summary>The container's root filesystem.</summary>
    [JsonPropertyName("root")]
    public RuntimeRoot? Root { get; init; }

    [JsonPropertyName("hostname")]
    public string? Hostname { get; init; }

    /// <summary>Additional mounts, in order: the runtime MUST mount them in the listed order.</summary>
    [JsonPropertyName("mounts")]
    public IReadOnlyList<RuntimeMount>? Mounts { get; init; }

    [JsonPropertyName("hooks")]
    public RuntimeHooks? Hooks { get; init; }

    /// <summary>Arbitrary metadata; keys SHOULD be reverse-domain names.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("linux")]
    public RuntimeLinux? Linux { get; init; }
}

/// <summary><c>root</c>: the path of the bundle's root filesystem.</summary>
public sealed record RuntimeRoot
{
    /// <summary>REQUIRED: absolute or bundle-relative path of the root filesystem.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>If true the root filesystem MUST be read-only inside the container.</summary>
    [JsonPropertyName("readonly")]
    public bool? Readonly { get; init; }
}

/// <summary>One entry of <c>mounts</c>.</summary>
public sealed record RuntimeMount
{
    /// <summary>REQUIRED: absolute path of the mount point inside the container.</summary>
    [JsonPropertyName("destination")]
    public required string Destination { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }
}

/// <summary><c>hooks</c>: commands run at points of the container lifecycle.</summary>
public sealed record RuntimeHooks
{
    [JsonPropertyName("prestart")]
    public IReadOnlyList<RuntimeHook>? Prestart { get; init; }

    [JsonPropertyName("createRuntime")]
    public IReadOnlyList<RuntimeHook>? CreateRuntime { get; init; }

    [JsonPropertyName("createContainer")]
    public IReadOnlyList<RuntimeHook>? CreateContainer { get; init; }

    [JsonPropertyName("startContainer")]
    public IReadOnlyList<RuntimeHook>? StartContainer { get; init; }

    [JsonPropertyName("poststart")]
    public IReadOnlyList<RuntimeHook>? Poststart { get; init; }

    [JsonPropertyName("poststop")]
    public IReadOnlyList<RuntimeHook>? Poststop { get; init; }
}

/// <summary>One hook: an absolute executable path with its args and env.</summary>
public sealed record RuntimeHook
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<string>? Args { get; init; }

    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }
}
