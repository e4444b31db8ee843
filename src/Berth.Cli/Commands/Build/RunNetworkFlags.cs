using Berth.Build.Builders;
using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// The network flags of build containers (<c>build</c>, <c>buildah from</c>, <c>buildah run</c>): <c>--network</c> and
/// the DNS and hosts flags, read and checked before anything is built.
/// </summary>
internal static class RunNetworkFlags
{
    public static RunNetwork Network(ParsedOptions o) => RunNetwork.Parse(o.Changed("network") ? o.GetString("network") : null);

    /// <summary>The DNS and hosts flags the command has (a flag it lacks counts as not given), checked against the network.</summary>
    public static RunNetworkFiles Files(ParsedOptions o, RunNetwork network)
    {
        var files = new RunNetworkFiles
        {
            DnsServers = Strings(o, "dns"),
            DnsSearch = Strings(o, "dns-search"),
            DnsOptions = Strings(o, "dns-option"),
            AddHosts = Strings(o, "add-host"),
            NoHosts = o.Changed("no-hosts") && o.GetBool("no-hosts"),
        };
        files.Validate(network);
        return files;
    }

    private static IReadOnlyList<string> Strings(ParsedOptions o, string name) => o.Changed(name) ? o.GetStrings(name) : [];
}
