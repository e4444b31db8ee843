using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary><c>process</c>: the container process.</summary>
public sealed record RuntimeProcess
{
    /// <summary>Whether a pseudo-terminal is attached to the process.</summary>
    [JsonPropertyName("terminal")]
    public bool? Terminal { get; init; }

    /// <summary>REQUIRED on POSIX platforms.</summary>
    [JsonPropertyName("user")]
    public required RuntimeUser User { get; init; }

    /// <summary>The argv; at least one entry (the executable) is REQUIRED at <c>start</c>.</summary>
    [JsonPropertyName("args")]
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>"KEY=value" entries.</summary>
    [JsonPropertyName("env")]
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>REQUIRED: absolute working directory.</summary>
    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    [JsonPropertyName("capabilities")]
    public RuntimeCapabilities? Capabilities { get; init; }

    [JsonPropertyName("rlimits")]
    public IReadOnlyList<RuntimeRlimit>? Rlimits { get; init; }

    [JsonPropertyName("noNewPrivileges")]
    public bool? NoNewPrivileges { get; init; }

    [JsonPropertyName("apparmorProfile")]
    public string? ApparmorProfile { get; init; }

    [JsonPropertyName("oomScoreAdj")]
    public int? OomScoreAdj { get; init; }

    [JsonPropertyName("selinuxLabel")]
    public string? SelinuxLabel { get; init; }
}

/// <summary><c>process.user</c> (POSIX).</summary>
public sealed record RuntimeUser
{
    [JsonPropertyName("uid")]
    public required uint Uid { get; init; }

    [JsonPropertyName("gid")]
    public required uint Gid { get; init; }

    [JsonPropertyName("umask")]
    public uint? Umask { get; init; }

    [JsonPropertyName("additionalGids")]
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

/// <summary><c>process.capabilities</c>: capability names ("CAP_CHOWN") per set.</summary>
public sealed record RuntimeCapabilities
{
    [JsonPropertyName("bounding")]
    public IReadOnlyList<string>? Bounding { get; init; }

    [JsonPropertyName("effective")]
    public IReadOnlyList<string>? Effective { get; init; }

    [JsonPropertyName("inheritable")]
    public IReadOnlyList<string>? Inheritable { get; init; }

    [JsonPropertyName("permitted")]
    public IReadOnlyList<string>? Permitted { get; init; }

    [JsonPropertyName("ambient")]
    public IReadOnlyList<string>? Ambient { get; init; }
}

/// <summary>One <c>process.rlimits</c> entry: the type is "RLIMIT_" + the resource name.</summary>
public sealed record RuntimeRlimit
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("hard")]
    public required ulong Hard { get; init; }

    [JsonPropertyName("soft")]
    public required ulong Soft { get; init; }
}
