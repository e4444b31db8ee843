using System.Text.Json.Serialization;
using Berth.Network.Model;

namespace Berth.Network.Netavark;

/// <summary>What netavark reads on stdin for <c>setup</c> and <c>teardown</c> (podman sends the same for both).</summary>
public sealed record NetavarkRequest
{
    [JsonPropertyName("container_id")]
    public required string ContainerId { get; init; }

    [JsonPropertyName("container_name")]
    public required string ContainerName { get; init; }

    [JsonPropertyName("port_mappings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PortMapping>? PortMappings { get; init; }

    [JsonPropertyName("networks")]
    public required IReadOnlyDictionary<string, PerNetworkOptions> Networks { get; init; }

    [JsonPropertyName("network_info")]
    public required IReadOnlyDictionary<string, NetworkDefinition> NetworkInfo { get; init; }

    [JsonPropertyName("dns_servers")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? DnsServers { get; init; }
}

/// <summary>A container's attachment to one network.</summary>
public sealed record PerNetworkOptions
{
    [JsonPropertyName("static_ips")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? StaticIps { get; init; }

    [JsonPropertyName("aliases")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Aliases { get; init; }

    [JsonPropertyName("interface_name")]
    public required string InterfaceName { get; init; }

    [JsonPropertyName("static_mac")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StaticMac { get; init; }
}

/// <summary>
/// A published port range (podman's types.PortMapping): host port <see cref="HostPort"/>..+Range-1 to container port
/// <see cref="ContainerPort"/>..+Range-1. An empty host IP means every address.
/// </summary>
public sealed record PortMapping
{
    [JsonPropertyName("host_ip")]
    public string HostIp { get; init; } = "";

    [JsonPropertyName("container_port")]
    public required ushort ContainerPort { get; init; }

    [JsonPropertyName("host_port")]
    public required ushort HostPort { get; init; }

    [JsonPropertyName("range")]
    public ushort Range { get; init; } = 1;

    /// <summary>tcp, udp or sctp (podman accepts a comma list and splits it into one mapping each).</summary>
    [JsonPropertyName("protocol")]
    public string Protocol { get; init; } = "tcp";
}

/// <summary>netavark's answer for one network (podman's StatusBlock).</summary>
public sealed record NetworkStatus
{
    [JsonPropertyName("dns_search_domains")]
    public IReadOnlyList<string>? DnsSearchDomains { get; init; }

    [JsonPropertyName("dns_server_ips")]
    public IReadOnlyList<string>? DnsServerIps { get; init; }

    [JsonPropertyName("interfaces")]
    public IReadOnlyDictionary<string, NetworkInterfaceStatus>? Interfaces { get; init; }
}

public sealed record NetworkInterfaceStatus
{
    [JsonPropertyName("mac_address")]
    public string MacAddress { get; init; } = "";

    [JsonPropertyName("subnets")]
    public IReadOnlyList<InterfaceAddress>? Subnets { get; init; }
}

/// <summary>An address netavark configured: CIDR form (10.88.0.2/16) and the gateway.</summary>
public sealed record InterfaceAddress
{
    [JsonPropertyName("ipnet")]
    public required string IpNet { get; init; }

    [JsonPropertyName("gateway")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Gateway { get; init; }
}

/// <summary>netavark's error shape on stdout when it fails.</summary>
public sealed record NetavarkError
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
