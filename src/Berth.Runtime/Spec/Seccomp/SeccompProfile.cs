using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>
/// A seccomp profile file in containers/common's format (/usr/share/containers/seccomp.json): rules with
/// capability, architecture and kernel conditions, resolved per container into <see cref="LinuxSeccomp"/>.
/// </summary>
public sealed record SeccompProfile
{
    [JsonPropertyName("defaultAction")]
    public required string DefaultAction { get; init; }

    [JsonPropertyName("defaultErrnoRet")]
    public uint? DefaultErrnoRet { get; init; }

    /// <summary>The old form: architectures listed directly. A profile MUST NOT have both this and archMap.</summary>
    [JsonPropertyName("architectures")]
    public IReadOnlyList<string>? Architectures { get; init; }

    [JsonPropertyName("archMap")]
    public IReadOnlyList<SeccompArchMap>? ArchMap { get; init; }

    [JsonPropertyName("syscalls")]
    public IReadOnlyList<SeccompRule>? Syscalls { get; init; }

    [JsonPropertyName("flags")]
    public IReadOnlyList<string>? Flags { get; init; }

    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; init; }
}

/// <summary>A native architecture and the sub-architectures a process of it may also use.</summary>
public sealed record SeccompArchMap
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("subArchitectures")]
    public IReadOnlyList<string>? SubArchitectures { get; init; }
}

/// <summary>One rule of the profile: <c>name</c> or <c>names</c> (never both), an action and its conditions.</summary>
public sealed record SeccompRule
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("errnoRet")]
    public uint? ErrnoRet { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }

    [JsonPropertyName("includes")]
    public SeccompFilter? Includes { get; init; }

    [JsonPropertyName("excludes")]
    public SeccompFilter? Excludes { get; init; }
}

/// <summary>A rule condition: capabilities (all of them for includes, any for excludes), GOARCH names, a minimum kernel.</summary>
public sealed record SeccompFilter
{
    [JsonPropertyName("caps")]
    public IReadOnlyList<string>? Caps { get; init; }

    [JsonPropertyName("arches")]
    public IReadOnlyList<string>? Arches { get; init; }

    /// <summary>"major.minor", e.g. "5.8".</summary>
    [JsonPropertyName("minKernel")]
    public string? MinKernel { get; init; }
}

/// <summary>Source-generated JSON for seccomp profile files.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SeccompProfile))]
public sealed partial class SeccompJsonContext : JsonSerializerContext;
