using Berth.Oci;
using Berth.Runtime.Files;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>
/// The files podman writes into a container's userdata directory and bind-mounts (hosts, hostname, resolv.conf,
/// .containerenv, and passwd/group when a numeric <c>--user</c> is unknown to the image), written on each init.
/// </summary>
internal static class ContainerFilesWriter
{
    /// <param name="podNetworkNone">The container shares the network of a pod made with <c>--network none</c>: its files are
    /// those of a container without a network (podman 4.3.1 writes each such member its own hosts, and no resolv.conf).</param>
    public static ContainerFiles Write(BerthEngine engine, Container c, string rootfs, string bundle, PasswdDatabase users, bool podNetworkNone = false)
    {
        var conf = engine.ContainersConf.Containers;
        var hostname = c.Config.Hostname ?? c.ShortId;
        var none = c.Config.NetworkMode == "none" || podNetworkNone;
        var host = c.Config.NetworkMode == "host";
        var statuses = c.State.NetworkStatus?.Values.ToList() ?? [];
        var addresses = statuses.SelectMany(s => s.Interfaces?.Values ?? []).SelectMany(i => i.Subnets ?? []).ToList();
        var containerIps = addresses.Select(a => a.IpNet.Split('/')[0]).ToList();
        var gateways = addresses.Select(a => a.Gateway).OfType<string>().Distinct().ToList();
        string? hosts = null;
        if (!c.Config.NoHosts)
        {
            hosts = Path.Combine(bundle, "hosts");
            File.WriteAllText(hosts, HostsFile.Build(new HostsInput
            {
                BaseContent = HostsFile.ReadBase(conf.BaseHostsFile, rootfs),
                ExtraHosts = [.. c.Config.AddHosts.Select(h => ResolveHostGateway(h, gateways, conf.HostContainersInternalIp, engine.Settings.Rootless))],
                Hostname = hostname,
                Name = c.Name,
                ContainerIps = containerIps,
                NetworkNone = none,
                HostContainersInternalIp = HostContainersInternal.Resolve(conf.HostContainersInternalIp, gateways, engine.Settings.Rootless),
            }));
        }

        var hostnameFile = Path.Combine(bundle, "hostname");
        File.WriteAllText(hostnameFile, HostnameFile.Build(hostname));
        string? resolv = null;
        if (!none)
        {
            resolv = Path.Combine(bundle, "resolv.conf");
            File.WriteAllText(resolv, ResolvConfFile.Build(new ResolvConfInput
            {
                HostContent = ResolvConfFile.ReadHost(host),
                HostNetwork = host,
                Nameservers = [.. conf.DnsServers, .. c.Config.DnsServers],
                Searches = [.. conf.DnsSearches, .. c.Config.DnsSearch],
                Options = [.. conf.DnsOptions, .. c.Config.DnsOptions],
                NetworkNameservers = [.. statuses.SelectMany(s => s.DnsServerIps ?? []).Distinct()],
                NetworkSearchDomains = [.. statuses.SelectMany(s => s.DnsSearchDomains ?? []).Distinct()],
                Ipv6Enabled = containerIps.Any(ip => ip.Contains(':', StringComparison.Ordinal)),
            }));
        }

        var env = Path.Combine(bundle, ".containerenv");
        File.WriteAllText(env, ContainerEnvFile.Build(new ContainerEnvInput
        {
            Name = c.Name,
            Id = c.Id,
            Image = c.Config.ImageName,
            ImageId = c.Config.ImageId ?? "",
            Rootless = engine.Settings.Rootless,
            Privileged = c.Config.Privileged,
            EngineVersion = BuildInfo.Version,
        }));

        var generated = PasswdEntries.Generate(c.Config.User, c.Config.WorkingDir ?? "/", users);
        string? passwd = null, group = null;
        if (generated.Passwd is { } passwdLine)
        {
            passwd = Path.Combine(bundle, "passwd");
            File.WriteAllText(passwd, PasswdEntries.Append(RootfsFiles.ReadText(rootfs, "/etc/passwd"), passwdLine));
        }

        if (generated.Group is { } groupLine)
        {
            group = Path.Combine(bundle, "group");
            File.WriteAllText(group, PasswdEntries.Append(RootfsFiles.ReadText(rootfs, "/etc/group"), groupLine));
        }

        return new ContainerFiles { Hosts = hosts, Hostname = hostnameFile, ResolvConf = resolv, ContainerEnv = env, Passwd = passwd, Group = group };
    }

    /// <summary><c>--add-host name:host-gateway</c>: the special word becomes the host's address as containers see it.</summary>
    private static string ResolveHostGateway(string entry, IReadOnlyList<string> gateways, string? configured, bool rootless)
    {
        // Split at the first colon, as the hosts file's own parsing does (an IPv6 address may follow).
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || entry[(colon + 1)..] != "host-gateway")
        {
            return entry;
        }

        var ip = HostContainersInternal.Resolve(configured, gateways, rootless)
            ?? throw new BerthException(ErrorKind.InvalidArgument, $"unable to replace \"host-gateway\" of host entry \"{entry}\": host containers internal IP address is empty");
        return entry[..(colon + 1)] + ip;
    }
}
