using System.Text;

namespace Berth.Runtime.Files;

/// <summary>One line of a hosts file: an address and its names.</summary>
public sealed record HostEntry(string Ip, IReadOnlyList<string> Names);

/// <summary>What <see cref="HostsFile.Build"/> needs for one container.</summary>
public sealed record HostsInput
{
    /// <summary>
    /// The base file's text (containers.conf <c>base_hosts_file</c>: the host's /etc/hosts by default, the image's with
    /// "image", nothing with "none"); null = no base entries. See <see cref="HostsFile.ReadBase"/>.
    /// </summary>
    public string? BaseContent { get; init; }

    /// <summary><c>--add-host</c> values, "name:ip"; written first.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>The container's hostname (the short ID unless <c>--hostname</c>).</summary>
    public required string Hostname { get; init; }

    /// <summary>The container's name.</summary>
    public required string Name { get; init; }

    /// <summary>The container's addresses on its networks (bridge/slirp4netns); each gets the hostname and name.</summary>
    public IReadOnlyList<string> ContainerIps { get; init; } = [];

    /// <summary>
    /// <c>--network none</c>: the hostname and name are given 127.0.0.1 (podman's rule; with <c>--network host</c> and
    /// no container IPs nothing is added).
    /// </summary>
    public bool NetworkNone { get; init; }

    /// <summary>The address of <c>host.containers.internal</c>, null = no such entry (see <see cref="HostContainersInternal"/>).</summary>
    public string? HostContainersInternalIp { get; init; }
}

/// <summary>
/// /etc/hosts of a container as podman 4.3 (containers/common etchosts) writes it: the <c>--add-host</c> entries, then
/// the base file's entries (comments and spaces normalised, address-only lines dropped), then 127.0.0.1 and ::1
/// localhost, host.containers.internal and the container's own entries — each of these last ones only with the names
/// not already present above.
/// </summary>
public static class HostsFile
{
    /// <summary>The text of the container's /etc/hosts.</summary>
    public static string Build(HostsInput input)
    {
        var entries = ParseExtraHosts(input.ExtraHosts);
        if (input.BaseContent is not null)
        {
            entries.AddRange(Parse(input.BaseContent));
        }

        var special = new List<HostEntry>
        {
            new("127.0.0.1", ["localhost"]),
            new("::1", ["localhost"]),
        };
        if (!string.IsNullOrEmpty(input.HostContainersInternalIp))
        {
            special.Add(new(input.HostContainersInternalIp, ["host.containers.internal"]));
        }

        string[] names = [input.Hostname, input.Name];
        if (input.ContainerIps.Count > 0)
        {
            special.AddRange(input.ContainerIps.Select(ip => new HostEntry(ip, names)));
        }
        else if (input.NetworkNone)
        {
            special.Add(new("127.0.0.1", names));
        }

        var text = new StringBuilder();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            taken.UnionWith(entry.Names);
            AppendLine(text, entry.Ip, entry.Names);
        }

        // Only names of the user's and the base file's entries count: the special entries do not hide each other.
        foreach (var entry in special)
        {
            var free = entry.Names.Where(n => !taken.Contains(n)).ToList();
            if (free.Count > 0)
            {
                AppendLine(text, entry.Ip, free);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The base entries' text for containers.conf <c>base_hosts_file</c>: "" = the host's /etc/hosts (missing is fine),
    /// "none" = none, "image" = the image's /etc/hosts read safely inside <paramref name="rootfs"/>, else that file.
    /// </summary>
    public static string? ReadBase(string? baseHostsFile, string rootfs, string hostHostsPath = "/etc/hosts")
    {
        switch (baseHostsFile ?? "")
        {
            case "":
                return File.Exists(hostHostsPath) ? File.ReadAllText(hostHostsPath) : null;
            case "none":
                return null;
            case "image":
                return RootfsFiles.ReadText(rootfs, "/etc/hosts");
            default:
                try
                {
                    return File.ReadAllText(baseHostsFile!);
                }
                catch (IOException e)
                {
                    throw BerthException.InvalidArgument($"failed to create new hosts file: open {baseHostsFile}: {e.Message}");
                }
        }
    }

    /// <summary>podman refuses <c>--add-host</c> with <c>--no-hosts</c>.</summary>
    public static void Validate(bool noHosts, IReadOnlyList<string> extraHosts)
    {
        if (noHosts && extraHosts.Count > 0)
        {
            throw BerthException.InvalidArgument("cannot add to /etc/hosts if using image's /etc/hosts: invalid argument");
        }

        ParseExtraHosts(extraHosts);
    }

    /// <summary>
    /// podman's ValidateExtraHost: "name:ip" (split at the first colon, so an IPv6 address may follow), or
    /// "name:host-gateway" where <paramref name="hostGateway"/> allows it. Returns podman's complaint, or null.
    /// </summary>
    public static string? CheckExtraHost(string entry, bool hostGateway)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"bad format for add-host: \"{entry}\"";
        }

        var ip = entry[(colon + 1)..];
        return (hostGateway && ip == "host-gateway") || System.Net.IPAddress.TryParse(ip, out _)
            ? null
            : $"invalid IP address in add-host: \"{ip}\"";
    }

    /// <summary>The entries of a hosts file: text after '#' dropped, lines with fewer than two fields skipped.</summary>
    public static List<HostEntry> Parse(string content)
    {
        var entries = new List<HostEntry>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var fields = line.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                entries.Add(new HostEntry(fields[0], fields[1..]));
            }
        }

        return entries;
    }

    private static List<HostEntry> ParseExtraHosts(IReadOnlyList<string> extraHosts)
    {
        var entries = new List<HostEntry>(extraHosts.Count);
        foreach (var value in extraHosts)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw BerthException.InvalidArgument($"failed to create new hosts file: unable to parse host entry \"{value}\": incorrect format");
            }

            if (colon == 0)
            {
                throw BerthException.InvalidArgument($"failed to create new hosts file: hostname in host entry \"{value}\" is empty");
            }

            if (colon == value.Length - 1)
            {
                throw BerthException.InvalidArgument($"failed to create new hosts file: IP address in host entry \"{value}\" is empty");
            }

            entries.Add(new HostEntry(value[(colon + 1)..], [value[..colon]]));
        }

        return entries;
    }

    private static void AppendLine(StringBuilder text, string ip, IEnumerable<string> names) =>
        text.Append(ip).Append('\t').AppendJoin(' ', names).Append('\n');
}
