using System.Text.Json.Serialization;

namespace Berth.Network.Model;

/// <summary>
/// One network as podman's libnetwork keeps it: the JSON file <c>&lt;network_config_dir&gt;/&lt;name&gt;.json</c>, the
/// <c>network inspect</c> output, and the <c>network_info</c> entries netavark reads. Members are in podman's order.
/// </summary>
public sealed record NetworkDefinition
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>64 hex digits; the default network's is the SHA-256 of its name.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>bridge, macvlan or ipvlan.</summary>
    [JsonPropertyName("driver")]
    public required string Driver { get; init; }

    /// <summary>The bridge (podman0, podman1, …) or, for macvlan/ipvlan, the parent interface.</summary>
    [JsonPropertyName("network_interface")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NetworkInterface { get; init; }

    /// <summary>Go's RFC 3339 with nanoseconds, kept as written (podman's files carry nine fraction digits).</summary>
    [JsonPropertyName("created")]
    public required string Created { get; init; }

    [JsonPropertyName("subnets")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NetworkSubnet>? Subnets { get; init; }

    [JsonPropertyName("ipv6_enabled")]
    public bool Ipv6Enabled { get; init; }

    [JsonPropertyName("internal")]
    public bool Internal { get; init; }

    [JsonPropertyName("dns_enabled")]
    public bool DnsEnabled { get; init; }

    /// <summary><c>network create --dns</c>: the servers aardvark-dns forwards to for this network (podman 4.5+).</summary>
    [JsonPropertyName("network_dns_servers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? NetworkDnsServers { get; init; }

    [JsonPropertyName("labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    [JsonPropertyName("ipam_options")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? IpamOptions { get; init; }

    /// <summary>The IPAM driver: host-local (Berth allocates addresses), dhcp or none.</summary>
    [JsonIgnore]
    public string IpamDriver => IpamOptions is { } o && o.TryGetValue("driver", out var d) ? d : "host-local";

    [JsonIgnore]
    public IReadOnlyList<NetworkSubnet> SubnetList => Subnets ?? [];
}

/// <summary>A subnet of a network, with its gateway and the range leases come from.</summary>
public sealed record NetworkSubnet
{
    /// <summary>CIDR, e.g. 10.89.0.0/24.</summary>
    [JsonPropertyName("subnet")]
    public required string Subnet { get; init; }

    [JsonPropertyName("gateway")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Gateway { get; init; }

    [JsonPropertyName("lease_range")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LeaseRange? LeaseRange { get; init; }
}

/// <summary><c>--ip-range</c>: the first and last address leases may take.</summary>
public sealed record LeaseRange
{
    [JsonPropertyName("start_ip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartIp { get; init; }

    [JsonPropertyName("end_ip")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EndIp { get; init; }
}
