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
    public static ContainerFiles Write(BerthEngine engine, Container c, string rootfs, string bundle, PasswdDatabase users)
    {
        var conf = engine.ContainersConf.Containers;
        var hostname = c.Config.Hostname ?? c.ShortId;
        var none = c.Config.NetworkMode == "none";
        var host = c.Config.NetworkMode == "host";
        var hosts = Path.Combine(bundle, "hosts");
        File.WriteAllText(hosts, HostsFile.Build(new HostsInput
        {
            BaseContent = HostsFile.ReadBase(conf.BaseHostsFile, rootfs),
            Hostname = hostname,
            Name = c.Name,
            NetworkNone = none,
            HostContainersInternalIp = HostContainersInternal.Resolve(conf.HostContainersInternalIp, [], engine.Settings.Rootless),
        }));
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
                Nameservers = conf.DnsServers,
                Searches = conf.DnsSearches,
                Options = conf.DnsOptions,
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
}
