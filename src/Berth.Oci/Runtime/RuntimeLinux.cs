using System.Text.Json.Serialization;

namespace Berth.Oci;

/// <summary><c>linux</c>: the Linux-specific configuration (runtime-spec config-linux.md).</summary>
public sealed record RuntimeLinux
{
    [JsonPropertyName("uidMappings")]
    public IReadOnlyList<LinuxIdMapping>? UidMappings { get; init; }

    [JsonPropertyName("gidMappings")]
    public IReadOnlyList<LinuxIdMapping>? GidMappings { get; init; }

    [JsonPropertyName("sysctl")]
    public IReadOnlyDictionary<string, string>? Sysctl { get; init; }

    [JsonPropertyName("resources")]
    public LinuxResources? Resources { get; init; }

    [JsonPropertyName("cgroupsPath")]
    public string? CgroupsPath { get; init; }

    /// <summary>Namespaces to create (no path) or join (path). Types MUST be unique.</summary>
    [JsonPropertyName("namespaces")]
    public IReadOnlyList<LinuxNamespace>? Namespaces { get; init; }

    /// <summary>Devices that MUST be made available in the container.</summary>
    [JsonPropertyName("devices")]
    public IReadOnlyList<LinuxDevice>? Devices { get; init; }

    [JsonPropertyName("seccomp")]
    public LinuxSeccomp? Seccomp { get; init; }

    /// <summary>"private", "shared", "slave" or "unbindable".</summary>
    [JsonPropertyName("rootfsPropagation")]
    public string? RootfsPropagation { get; init; }

    /// <summary>Paths the runtime MUST mask so they cannot be read.</summary>
    [JsonPropertyName("maskedPaths")]
    public IReadOnlyList<string>? MaskedPaths { get; init; }

    /// <summary>Paths the runtime MUST make read-only.</summary>
    [JsonPropertyName("readonlyPaths")]
    public IReadOnlyList<string>? ReadonlyPaths { get; init; }

    [JsonPropertyName("mountLabel")]
    public string? MountLabel { get; init; }
}

/// <summary>A user-namespace ID mapping.</summary>
public sealed record LinuxIdMapping
{
    [JsonPropertyName("containerID")]
    public required uint ContainerId { get; init; }

    [JsonPropertyName("hostID")]
    public required uint HostId { get; init; }

    [JsonPropertyName("size")]
    public required uint Size { get; init; }
}

/// <summary>A namespace: <c>type</c> is pid, network, mount, ipc, uts, user, cgroup or time.</summary>
public sealed record LinuxNamespace
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }
}

/// <summary>A device node to create in the container.</summary>
public sealed record LinuxDevice
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>"c", "b", "u" or "p".</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("major")]
    public long? Major { get; init; }

    [JsonPropertyName("minor")]
    public long? Minor { get; init; }

    [JsonPropertyName("fileMode")]
    public uint? FileMode { get; init; }

    [JsonPropertyName("uid")]
    public uint? Uid { get; init; }

    [JsonPropertyName("gid")]
    public uint? Gid { get; init; }
}
