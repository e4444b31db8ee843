using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary><c>linux.seccomp</c>: the filter the runtime loads (already resolved for one architecture and capability set).</summary>
public sealed record LinuxSeccomp
{
    /// <summary>Action when no rule matches, e.g. "SCMP_ACT_ERRNO".</summary>
    [JsonPropertyName("defaultAction")]
    public required string DefaultAction { get; init; }

    [JsonPropertyName("defaultErrnoRet")]
    public uint? DefaultErrnoRet { get; init; }

    /// <summary>"SCMP_ARCH_X86_64" and the like.</summary>
    [JsonPropertyName("architectures")]
    public IReadOnlyList<string>? Architectures { get; init; }

    [JsonPropertyName("flags")]
    public IReadOnlyList<string>? Flags { get; init; }

    [JsonPropertyName("listenerPath")]
    public string? ListenerPath { get; init; }

    [JsonPropertyName("syscalls")]
    public IReadOnlyList<LinuxSyscall>? Syscalls { get; init; }
}

/// <summary>One seccomp rule: the action for the named syscalls when all args match.</summary>
public sealed record LinuxSyscall
{
    [JsonPropertyName("names")]
    public required IReadOnlyList<string> Names { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("errnoRet")]
    public uint? ErrnoRet { get; init; }

    [JsonPropertyName("args")]
    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
}

/// <summary>A syscall argument condition.</summary>
public sealed record LinuxSeccompArg
{
    [JsonPropertyName("index")]
    public required uint Index { get; init; }

    [JsonPropertyName("value")]
    public required ulong Value { get; init; }

    /// <summary>Only for SCMP_CMP_MASKED_EQ; left out when 0, as Go's omitempty does.</summary>
    [JsonPropertyName("valueTwo")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ValueTwo { get; init; }

    [JsonPropertyName("op")]
    public required string Op { get; init; }
}
