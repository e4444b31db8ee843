using Berth.Oci;
using Berth.Runtime.Files;

namespace Berth.Build.Builders;

/// <summary>How a build container is networked.</summary>
public enum RunNetworkKind
{
    /// <summary>Joins networks through netavark (the default network unless names are given).</summary>
    Bridge,

    /// <summary>A namespace of its own with only the loopback interface.</summary>
    None,

    /// <summary>The host's network namespace.</summary>
    Host,

    /// <summary>An existing namespace (<c>ns:&lt;path&gt;</c>).</summary>
    Namespace,
}

/// <summary>
/// The network of a RUN (<c>--network</c> of build, <c>buildah run</c> and <c>buildah from</c>). podman 4.3.1's build
/// puts RUN on the default network for "" and "private"; Berth takes Docker's "default" and "bridge" for it too (podman
/// looks them up as network names). Other words are network names, several separated by commas.
/// </summary>
public sealed record RunNetwork(RunNetworkKind Kind, IReadOnlyList<string> Networks, string? NamespacePath = null)
{
    public static RunNetwork Default { get; } = new(RunNetworkKind.Bridge, []);

    /// <summary>The canonical text (kept in the layer cache key): "private" for the default network.</summary>
    public string Text => Kind switch
    {
        RunNetworkKind.None => "none",
        RunNetworkKind.Host => "host",
        RunNetworkKind.Namespace => "ns:" + NamespacePath,
        _ => Networks.Count == 0 ? "private" : string.Join(',', Networks),
    };

    /// <summary>Reads a <c>--network</c> value; <c>container:</c> and rootless modes are refused, <c>ns:</c> paths must exist.</summary>
    public static RunNetwork Parse(string? value)
    {
        switch (value)
        {
            case null or "" or "private" or "default" or "bridge":
                return Default;
            case "none":
                return new(RunNetworkKind.None, []);
            case "host":
                return new(RunNetworkKind.Host, []);
        }

        if (value.StartsWith("ns:", StringComparison.Ordinal))
        {
            var path = value[3..];
            if (!File.Exists(path))
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"checking network namespace: stat {path}: no such file or directory");
            }

            return new(RunNetworkKind.Namespace, [], path);
        }

        if (value.StartsWith("container:", StringComparison.Ordinal))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"network mode \"{value}\" is not supported for build containers: use a network name, private, none, host or ns:<path>");
        }

        if (value is "slirp4netns" or "pasta" || value.StartsWith("slirp4netns:", StringComparison.Ordinal) || value.StartsWith("pasta:", StringComparison.Ordinal))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"network mode \"{value}\" is for rootless builds, which this berth does not run yet: use the default network");
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 ? Default : new(RunNetworkKind.Bridge, names);
    }
}

/// <summary>
/// <c>--dns</c>, <c>--dns-search</c>, <c>--dns-option</c>, <c>--add-host</c> and <c>--no-hosts</c> of a build container
/// (checked by <see cref="Validate"/>).
/// </summary>
public sealed record RunNetworkFiles
{
    public IReadOnlyList<string> DnsServers { get; init; } = [];

    public IReadOnlyList<string> DnsSearch { get; init; } = [];

    public IReadOnlyList<string> DnsOptions { get; init; } = [];

    /// <summary>"name:ip" entries written first in /etc/hosts.</summary>
    public IReadOnlyList<string> AddHosts { get; init; } = [];

    /// <summary>The image's /etc/hosts is left as it is.</summary>
    public bool NoHosts { get; init; }

    /// <summary><c>--dns none</c>: no /etc/resolv.conf is made (the image's stays).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NoResolvConf => DnsServers is ["none"];

    /// <summary>No flag given.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => DnsServers.Count == 0 && DnsSearch.Count == 0 && DnsOptions.Count == 0 && AddHosts.Count == 0 && !NoHosts;

    /// <summary>
    /// podman 4.3.1's build checks, in its order and words: DNS flags with <c>--network none</c>, <c>--no-hosts</c> with
    /// <c>--add-host</c>, and each <c>--add-host</c> as "name:ip" (<c>host-gateway</c> is not known to that build; DNS
    /// servers are written as given, unchecked, as podman does).
    /// </summary>
    public void Validate(RunNetwork network)
    {
        if (network.Kind == RunNetworkKind.None)
        {
            foreach (var (flag, given) in (ReadOnlySpan<(string, bool)>)[("dns", DnsServers.Count > 0), ("dns-option", DnsOptions.Count > 0), ("dns-search", DnsSearch.Count > 0)])
            {
                if (given)
                {
                    throw new BerthException(ErrorKind.InvalidArgument, $"the --{flag} option cannot be used with --network=none");
                }
            }
        }

        if (NoHosts && AddHosts.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--no-hosts and --add-host conflict, can not be used together");
        }

        foreach (var entry in AddHosts)
        {
            if (HostsFile.CheckExtraHost(entry, hostGateway: false) is { } problem)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "invalid value for add-host: " + problem);
            }
        }
    }
}
