using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary><c>linux.resources</c>: cgroup settings.</summary>
public sealed record LinuxResources
{
    /// <summary>The device allow list, applied in order.</summary>
    [JsonPropertyName("devices")]
    public IReadOnlyList<LinuxDeviceCgroup>? Devices { get; init; }

    [JsonPropertyName("memory")]
    public LinuxMemory? Memory { get; init; }

    [JsonPropertyName("cpu")]
    public LinuxCpu? Cpu { get; init; }

    [JsonPropertyName("pids")]
    public LinuxPids? Pids { get; init; }
}

/// <summary>One device cgroup rule.</summary>
public sealed record LinuxDeviceCgroup
{
    [JsonPropertyName("allow")]
    public required bool Allow { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("major")]
    public long? Major { get; init; }

    [JsonPropertyName("minor")]
    public long? Minor { get; init; }

    /// <summary>Some of "r", "w", "m".</summary>
    [JsonPropertyName("access")]
    public string? Access { get; init; }
}

/// <summary><c>linux.resources.memory</c> (bytes; -1 is unlimited).</summary>
public sealed record LinuxMemory
{
    [JsonPropertyName("limit")]
    public long? Limit { get; init; }

    [JsonPropertyName("reservation")]
    public long? Reservation { get; init; }

    [JsonPropertyName("swap")]
    public long? Swap { get; init; }

    [JsonPropertyName("swappiness")]
    public ulong? Swappiness { get; init; }

    [JsonPropertyName("disableOOMKiller")]
    public bool? DisableOomKiller { get; init; }
}

/// <summary><c>linux.resources.cpu</c>.</summary>
public sealed record LinuxCpu
{
    [JsonPropertyName("shares")]
    public ulong? Shares { get; init; }

    [JsonPropertyName("quota")]
    public long? Quota { get; init; }

    [JsonPropertyName("period")]
    public ulong? Period { get; init; }

    [JsonPropertyName("cpus")]
    public string? Cpus { get; init; }

    [JsonPropertyName("mems")]
    public string? Mems { get; init; }
}

/// <summary><c>linux.resources.pids</c>: the maximum number of tasks.</summary>
public sealed record LinuxPids
{
    [JsonPropertyName("limit")]
    public required long Limit { get; init; }
}
