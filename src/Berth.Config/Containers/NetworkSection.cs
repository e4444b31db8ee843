using System.Net;

namespace Berth.Config;

/// <summary>The <c>[network]</c> table of containers.conf(5).</summary>
public sealed record NetworkSection
{
    /// <summary><c>network_backend</c>: "netavark" (Berth has no CNI backend); see <c>ContainersConf.IsSet("network.network_backend")</c>.</summary>
    public required string NetworkBackend { get; init; }

    /// <summary><c>cni_plugin_dirs</c> (kept for completeness).</summary>
    public required IReadOnlyList<string> CniPluginDirs { get; init; }

    /// <summary><c>netavark_plugin_dirs</c>.</summary>
    public required IReadOnlyList<string> NetavarkPluginDirs { get; init; }

    /// <summary><c>firewall_driver</c>: "" lets netavark choose, else "iptables", "nftables", "none".</summary>
    public required string FirewallDriver { get; init; }

    /// <summary><c>default_network</c>.</summary>
    public required string DefaultNetwork { get; init; }

    /// <summary><c>default_subnet</c>.</summary>
    public required string DefaultSubnet { get; init; }

    /// <summary><c>default_subnet_pools</c>: IPv4 pools for automatic subnets.</summary>
    public required IReadOnlyList<SubnetPool> DefaultSubnetPools { get; init; }

    /// <summary><c>default_rootless_network_cmd</c>: "pasta" or "slirp4netns".</summary>
    public required string DefaultRootlessNetworkCmd { get; init; }

    /// <summary><c>network_config_dir</c>; null means the backend default, see <see cref="ResolveNetworkConfigDir"/>.</summary>
    public required string? NetworkConfigDir { get; init; }

    /// <summary><c>dns_bind_port</c>: 0 means 53.</summary>
    public required ushort DnsBindPort { get; init; }

    /// <summary><c>pasta_options</c>.</summary>
    public required IReadOnlyList<string> PastaOptions { get; init; }

    /// <summary>
    /// The netavark configuration directory: the configured one, else <c>/etc/containers/networks</c> as root
    /// and <c>&lt;graphroot&gt;/networks</c> rootless (containers/common libnetwork, containers.conf(5)).
    /// </summary>
    public string ResolveNetworkConfigDir(bool rootless, string graphRoot) =>
        NetworkConfigDir ?? (rootless ? Path.Combine(graphRoot, "networks") : "/etc/containers/networks");
}

/// <summary>One entry of <c>default_subnet_pools</c>: subnets of prefix length <paramref name="Size"/> carved from <paramref name="Base"/>.</summary>
public sealed record SubnetPool(IPNetwork Base, int Size)
{
    public override string ToString() => $"{Base} size {Size}";
}
