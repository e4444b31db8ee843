namespace Berth.Build;

/// <summary>A build container joining networks through the engine (<see cref="IBuildHost.AttachNetworkAsync"/>).</summary>
public sealed record BuildNetworkRequest
{
    /// <summary>The working container's ID (the address leases are held under it).</summary>
    public required string ContainerId { get; init; }

    /// <summary>The working container's name (netavark's container name; DNS-enabled networks answer it).</summary>
    public required string ContainerName { get; init; }

    /// <summary>Network names or IDs in order; empty = containers.conf's default network.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];
}

/// <summary>
/// The networks a build container is attached to: a network namespace set up by netavark (interfaces, routes, firewall
/// rules) and the addresses leased for it. Disposing it tears all of that down (netavark teardown, leases released, the
/// namespace removed) and never throws; every RUN disposes it on every path.
/// </summary>
public sealed class BuildNetworkAttachment(string netNsPath, IReadOnlyList<string> containerIps, Func<Task> teardown) : IAsyncDisposable
{
    private Func<Task>? teardown = teardown;

    /// <summary>The persistent network namespace file the container joins.</summary>
    public string NetNsPath { get; } = netNsPath;

    /// <summary>The container's addresses (for its /etc/hosts line).</summary>
    public IReadOnlyList<string> ContainerIps { get; } = containerIps;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref teardown, null) is { } undo)
        {
            await undo().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// containers.conf's values for a build container's /etc/hosts and /etc/resolv.conf (<c>base_hosts_file</c>, the
/// address of host.containers.internal, <c>dns_servers</c>, <c>dns_searches</c>, <c>dns_options</c>).
/// </summary>
public sealed record BuildNetworkDefaults
{
    /// <summary>containers.conf <c>base_hosts_file</c>: "" = the host's /etc/hosts, "image", "none" or a path.</summary>
    public string? BaseHostsFile { get; init; }

    /// <summary>host.containers.internal; null = no entry. podman 4.3.1's build gives the host's first address.</summary>
    public string? HostContainersInternalIp { get; init; }

    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public IReadOnlyList<string> DnsSearches { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];
}
