using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Runtime.Files;

/// <summary>
/// /etc/resolv.conf of a container as podman 4.3 (libpod generateResolvConf + containers/common resolvconf) writes
/// it: user servers replace all others; otherwise the networks' servers come first and the host's follow; with a
/// private network namespace the host's loopback servers (127.x, ::1) are dropped, IPv6 ones too unless the
/// container has IPv6, and Google's public servers are used when none is left.
/// </summary>
public static partial class ResolvConfFile
{
    private static readonly string[] DefaultIpv4 = ["nameserver 8.8.8.8", "nameserver 8.8.4.4"];
    private static readonly string[] DefaultIpv6 = ["nameserver 2001:4860:4860::8888", "nameserver 2001:4860:4860::8844"];

    /// <summary>The file's text.</summary>
    public static string Build(ResolvConfInput input)
    {
        var nameservers = new List<string>(input.Nameservers);
        var searches = new List<string>();
        var keepHost = false;
        if (nameservers.Count == 0)
        {
            keepHost = true;
            nameservers.AddRange(input.NetworkNameservers);
            searches.AddRange(input.NetworkSearchDomains);
        }

        if (input.Searches.Count > 0)
        {
            searches = [.. input.Searches];
        }

        var options = new List<string>(input.Options);

        // Everything given: the host's file is not consulted at all.
        if (nameservers.Count > 0 && options.Count > 0 && searches.Count > 0 && !keepHost)
        {
            return Format(nameservers, UnsetIfDot(searches), options);
        }

        var content = input.HostContent ?? "";
        if (!input.HostNetwork)
        {
            content = Filter(content, input.Ipv6Enabled);
        }

        if (nameservers.Count == 0 || keepHost)
        {
            nameservers.AddRange(Nameservers(content));
        }

        var finalSearches = UnsetIfDot(searches);
        if (searches.Count == 0 || (keepHost && finalSearches.Count > 0))
        {
            finalSearches.AddRange(LastFields(content, SearchLine()));
        }

        if (options.Count == 0 || keepHost)
        {
            options.AddRange(LastFields(content, OptionsLine()));
        }

        return Format(nameservers, finalSearches, options);
    }

    /// <summary>
    /// The base text for a container: <c>/etc/resolv.conf</c> (or <c>/etc/netns/NAME/resolv.conf</c> when the network
    /// namespace is a named one created by "ip netns"); with a private namespace and a single local stub server
    /// (systemd-resolved's 127.0.0.53, NetworkManager's 127.0.0.1) the real file behind it when it exists.
    /// </summary>
    /// <param name="hostNetwork">The container uses the host's network namespace.</param>
    /// <param name="networkNamespacePath">The namespace the container joins, null for a new one.</param>
    /// <param name="hostRoot">The host's root, "/" except in tests.</param>
    public static string? ReadHost(bool hostNetwork, string? networkNamespacePath = null, string hostRoot = "/")
    {
        var path = Path.Combine(hostRoot, "etc/resolv.conf");
        if (!hostNetwork && !string.IsNullOrEmpty(networkNamespacePath) && !networkNamespacePath.StartsWith("/proc/", StringComparison.Ordinal))
        {
            var named = Path.Combine(hostRoot, "etc/netns", Path.GetFileName(networkNamespacePath), "resolv.conf");
            if (File.Exists(named))
            {
                path = named;
            }
        }

        var content = File.Exists(path) ? File.ReadAllText(path) : null;
        if (hostNetwork || content is null)
        {
            return content;
        }

        var servers = Nameservers(content);
        if (servers.Count == 1)
        {
            var real = servers[0] switch
            {
                "127.0.0.53" => "run/systemd/resolve/resolv.conf",
                "127.0.0.1" => "run/NetworkManager/no-stub-resolv.conf",
                _ => null,
            };
            if (real is not null && File.Exists(Path.Combine(hostRoot, real)))
            {
                return File.ReadAllText(Path.Combine(hostRoot, real));
            }
        }

        return content;
    }

    /// <summary>The <c>nameserver</c> addresses of a resolv.conf text, in order.</summary>
    public static List<string> Nameservers(string content)
    {
        var list = new List<string>();
        foreach (var line in Lines(content))
        {
            var match = NameserverLine().Match(line);
            if (match.Success)
            {
                list.Add(match.Groups[1].Value);
            }
        }

        return list;
    }

    // Private namespace: loopback servers cannot be reached, IPv6 ones only with IPv6.
    private static string Filter(string content, bool ipv6)
    {
        var cleaned = LocalhostNameserver().Replace(content, "");
        if (!ipv6)
        {
            cleaned = Ipv6Nameserver().Replace(cleaned, "");
        }

        if (Nameservers(cleaned).Count == 0)
        {
            var dns = ipv6 ? DefaultIpv4.Concat(DefaultIpv6) : DefaultIpv4;
            cleaned += "\n" + string.Join('\n', dns);
        }

        return cleaned;
    }

    // The last matching line wins (resolv.conf semantics).
    private static List<string> LastFields(string content, Regex regex)
    {
        var fields = new List<string>();
        foreach (var line in Lines(content))
        {
            var match = regex.Match(line);
            if (match.Success)
            {
                fields = [.. match.Groups[1].Value.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        return fields;
    }

    private static IEnumerable<string> Lines(string content) =>
        content.Split('\n').Select(line => line.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? line[..hash] : line);

    private static List<string> UnsetIfDot(List<string> searches) => searches.Contains(".") ? [] : [.. searches];

    private static string Format(List<string> nameservers, List<string> searches, List<string> options)
    {
        var text = new StringBuilder();
        var search = string.Join(' ', searches);
        if (searches.Count > 0 && search.Trim(' ') != ".")
        {
            text.Append("search ").Append(search).Append('\n');
        }

        foreach (var server in nameservers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        var option = string.Join(' ', options);
        if (options.Count > 0 && option.Trim(' ').Length > 0)
        {
            text.Append("options ").Append(option).Append('\n');
        }

        return text.ToString();
    }

    // The patterns of containers/common's resolvconf, with Go's \s spelled out ([\t\n\f\r ]) and Go's $ as \z.
    private const string Ipv4 = @"((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)";
    private const string Ipv6 = @"([0-9A-Fa-f]{0,4}:){2,7}([0-9A-Fa-f]{0,4})(%[0-9A-Za-z_]+)?";

    [GeneratedRegex(@"^[\t\n\f\r ]*nameserver[\t\n\f\r ]*((" + Ipv4 + ")|(" + Ipv6 + @"))[\t\n\f\r ]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameserverLine();

    [GeneratedRegex(@"^[\t\n\f\r ]*search[\t\n\f\r ]*(([^\t\n\f\r ]+[\t\n\f\r ]*)*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex SearchLine();

    [GeneratedRegex(@"^[\t\n\f\r ]*options[\t\n\f\r ]*(([^\t\n\f\r ]+[\t\n\f\r ]*)*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex OptionsLine();

    [GeneratedRegex(@"(?m)^nameserver[\t\n\f\r ]+((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1)$)[\t\n\f\r ]*\n*", RegexOptions.CultureInvariant)]
    private static partial Regex LocalhostNameserver();

    [GeneratedRegex(@"(?m)^nameserver[\t\n\f\r ]+" + Ipv6 + @"[\t\n\f\r ]*\n*", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Nameserver();
}
