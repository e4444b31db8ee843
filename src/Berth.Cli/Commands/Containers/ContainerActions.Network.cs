using System.Net;
using Berth.Cli.CommandLine;
using Berth.Engine.Containers;
using Berth.Runtime.Files;

namespace Berth.Cli.Commands;

/// <summary>The network flags of create/run: <c>--network</c> and its companions, DNS and hosts entries.</summary>
public static partial class ContainerActions
{
    private static NetworkRequest NetworkRequestOf(CreateFlags f, Invocation invocation)
    {
        var o = invocation.Options;
        return new NetworkRequest
        {
            Networks = f.Networks,
            Aliases = o.GetStrings("network-alias"),
            Ip = NonEmpty(o, "ip"),
            Ip6 = NonEmpty(o, "ip6"),
            Mac = NonEmpty(o, "mac-address"),
        };
    }

    /// <summary>--dns, --dns-search, --dns-option, --add-host, --no-hosts, checked as podman checks them.</summary>
    private static ContainerConfig WithNetworkFiles(ContainerConfig template, Invocation invocation)
    {
        var f = NetworkFilesOf(invocation.Options);
        return template with
        {
            DnsServers = f.Dns,
            DnsSearch = f.DnsSearch,
            DnsOptions = f.DnsOptions,
            AddHosts = f.AddHosts,
            NoHosts = f.NoHosts,
        };
    }

    /// <summary>The DNS and hosts flags of run/create and pod create, checked as podman checks them.</summary>
    internal static NetworkFileFlags NetworkFilesOf(ParsedOptions o)
    {
        var dns = o.GetStrings("dns");
        foreach (var server in dns)
        {
            if (!IPAddress.TryParse(server, out _))
            {
                throw new UsageException($"{server} is not an ip address");
            }
        }

        var addHosts = o.GetStrings("add-host");
        foreach (var entry in addHosts)
        {
            ValidateExtraHost(entry);
        }

        var noHosts = o.Changed("no-hosts") && o.GetBool("no-hosts");
        HostsFile.Validate(noHosts, addHosts);
        return new NetworkFileFlags(dns, o.GetStrings("dns-search"), o.GetStrings("dns-option"), addHosts, noHosts);
    }

    private static void ValidateExtraHost(string entry)
    {
        if (HostsFile.CheckExtraHost(entry, hostGateway: true) is { } problem)
        {
            throw new UsageException(problem);
        }
    }

    private static string? NonEmpty(ParsedOptions o, string name) =>
        o.Changed(name) && o.GetString(name) is { Length: > 0 } v ? v : null;
}

/// <summary>--dns, --dns-search, --dns-option, --add-host and --no-hosts as given (validated).</summary>
internal sealed record NetworkFileFlags(IReadOnlyList<string> Dns, IReadOnlyList<string> DnsSearch, IReadOnlyList<string> DnsOptions, IReadOnlyList<string> AddHosts, bool NoHosts);
