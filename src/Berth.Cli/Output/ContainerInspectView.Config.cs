using Berth.Network.Netavark;
using System.Globalization;
using Berth.Engine.Containers;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>InspectContainerData's Config, HostConfig and NetworkSettings.</summary>
public static partial class ContainerInspectView
{
    private static GoStruct Config(Container c, ContainerInspectFacts f)
    {
        var cfg = c.Config;
        var hostname = cfg.Hostname ?? c.ShortId;
        var env = f.Spec?.Process?.Env ?? f.CreateEnv ?? ["container=podman", .. cfg.Env];
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["io.kubernetes.cri-o.TTY"] = cfg.Terminal ? "true" : "false",
            ["io.podman.annotations.autoremove"] = cfg.AutoRemove ? "TRUE" : "FALSE",
            ["io.podman.annotations.init"] = cfg.Init ? "TRUE" : "FALSE",
            ["io.podman.annotations.privileged"] = cfg.Privileged ? "TRUE" : "FALSE",
            ["io.podman.annotations.publish-all"] = cfg.PublishAll ? "TRUE" : "FALSE",
        };
        if (f.Spec is not null)
        {
            // podman's init adds these to the spec made at create.
            annotations["io.container.manager"] = "libpod";
            annotations["io.kubernetes.cri-o.Created"] = GoTime.Format(cfg.Created, GoTime.RFC3339Nano);
            annotations["org.opencontainers.image.stopSignal"] = cfg.StopSignal.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (k, v) in cfg.Annotations)
        {
            annotations[k] = v;
        }

        var s = new GoStruct("*define.InspectContainerConfig")
            .Add("Hostname", hostname)
            .Add("DomainName", "", json: "Domainname")
            .Add("User", cfg.User ?? "")
            .Add("AttachStdin", false)
            .Add("AttachStdout", false)
            .Add("AttachStderr", false)
            .Add("Tty", cfg.Terminal)
            .Add("OpenStdin", cfg.Stdin)
            .Add("StdinOnce", false)
            .Add("Env", Strings(env))
            .Add("Cmd", NullableStrings(cfg.EffectiveCmd.Count > 0 ? cfg.EffectiveCmd : null))
            .Add("Image", cfg.ImageName)
            .Add("Volumes", GoTypedNil.Of("map[string]struct {}"))
            .Add("WorkingDir", cfg.WorkingDir ?? "/")
            // podman 4.3 joins the entrypoint into one string.
            .Add("Entrypoint", string.Join(' ', cfg.EffectiveEntrypoint))
            .Add("OnBuild", GoTypedNil.Of("*string"))
            .Add("Labels", cfg.Labels.Count > 0 ? cfg.Labels : GoTypedNil.Of("map[string]string"))
            .Add("Annotations", annotations)
            .Add("StopSignal", (uint)cfg.StopSignal);
        if (cfg.Healthcheck is { } hc)
        {
            s.Add("Healthcheck", new GoStruct(
                "*manifest.Schema2HealthConfig",
                new("Test", "Test", Strings(hc.Test)),
                new("StartPeriod", "StartPeriod", hc.StartPeriod, OmitEmpty: true),
                new("Interval", "Interval", hc.Interval, OmitEmpty: true),
                new("Timeout", "Timeout", hc.Timeout, OmitEmpty: true),
                new("Retries", "Retries", hc.Retries, OmitEmpty: true)));
        }

        return s
            .Add("HealthcheckOnFailureAction", "none")
            .Add("CreateCommand", Strings(cfg.CreateCommand))
            .Add("Timezone", cfg.Timezone ?? "", omitEmpty: true)
            .Add("Umask", cfg.Umask ?? "0022")
            .Add("Timeout", 0u)
            .Add("StopTimeout", cfg.StopTimeout)
            .Add("Passwd", new GoPointer(true, "*bool"))
            .Add("SdNotifyMode", "container", json: "sdNotifyMode");
    }

    /// <summary>A pod member's mode for a namespace it joins: <c>container:&lt;infra ID&gt;</c>, as podman shows it.</summary>
    private static string PodMode(Berth.Engine.Containers.ContainerConfig cfg, string ns, string otherwise) =>
        cfg.PodInfraId.Length > 0 && cfg.PodNamespaces.Contains(ns) ? "container:" + cfg.PodInfraId : otherwise;

    private static GoStruct HostConfig(Container c, ContainerInspectFacts f, (IReadOnlyList<string> Effective, IReadOnlyList<string> Bounding, IReadOnlyList<string> Dropped) caps)
    {
        var cfg = c.Config;
        var r = cfg.Resources;
        var nanoCpus = r.CpuQuota is { } q && r.CpuPeriod is { } p && p > 0 ? q * 1_000_000_000 / (long)p : 0;
        return new GoStruct("*define.InspectContainerHostConfig")
            .Add("Binds", Strings(f.Mounts?.Binds ?? []))
            .Add("CgroupManager", "cgroupfs")
            .Add("CgroupMode", "host")
            .Add("ContainerIDFile", cfg.CidFile ?? "")
            .Add("LogConfig", new GoStruct(
                "*define.InspectLogConfig",
                new("Type", "Type", cfg.LogDriver),
                new("Config", "Config", GoTypedNil.Of("map[string]string")),
                new("Path", "Path", cfg.LogPath),
                new("Tag", "Tag", cfg.LogTag),
                new("Size", "Size", cfg.LogSizeMax > 0 ? Units.HumanSizeWithPrecision(cfg.LogSizeMax, 3) : "0B")))
            .Add("NetworkMode", cfg.NetworkMode)
            .Add("PortBindings", PortViews.PortBindings(cfg))
            .Add("RestartPolicy", new GoStruct(
                "*define.InspectRestartPolicy",
                new("Name", "Name", cfg.RestartPolicy),
                new("MaximumRetryCount", "MaximumRetryCount", cfg.RestartRetries)))
            .Add("AutoRemove", cfg.AutoRemove)
            .Add("VolumeDriver", "")
            .Add("VolumesFrom", f.Mounts?.VolumesFrom is { } from ? Strings(from) : GoTypedNil.Of("[]string"))
            .Add("CapAdd", Strings(cfg.CapAdd.Select(Cap)))
            .Add("CapDrop", Strings(caps.Dropped))
            .Add("Dns", Strings([]))
            .Add("DnsOptions", Strings([]))
            .Add("DnsSearch", Strings([]))
            .Add("ExtraHosts", Strings([]))
            .Add("GroupAdd", Strings(cfg.GroupAdd))
            .Add("IpcMode", PodMode(cfg, "ipc", "shareable"))
            .Add("Cgroup", "")
            .Add("Cgroups", "default")
            .Add("Links", GoTypedNil.Of("[]string"))
            .Add("OomScoreAdj", cfg.OomScoreAdj ?? 0)
            .Add("PidMode", PodMode(cfg, "pid", "private"))
            .Add("Privileged", cfg.Privileged)
            .Add("PublishAllPorts", false)
            .Add("ReadonlyRootfs", cfg.ReadOnly)
            .Add("SecurityOpt", Strings(cfg.SecurityOpt))
            .Add("Tmpfs", f.Mounts?.Tmpfs ?? new Dictionary<string, string>())
            .Add("UTSMode", PodMode(cfg, "uts", "private"))
            .Add("UsernsMode", "")
            .Add("ShmSize", cfg.ShmSize)
            .Add("Runtime", "oci")
            .Add("ConsoleSize", new GoSlice("[]uint", [0u, 0u]))
            .Add("Isolation", "")
            .Add("CpuShares", r.CpuShares ?? 0UL, json: "CpuShares")
            .Add("Memory", r.Memory ?? 0L)
            .Add("NanoCpus", nanoCpus)
            .Add("CgroupParent", cfg.CgroupParent ?? "")
            .Add("BlkioWeight", 0)
            .Add("BlkioWeightDevice", GoTypedNil.Of("[]define.InspectBlkioWeightDevice"))
            .Add("BlkioDeviceReadBps", GoTypedNil.Of("[]define.InspectBlkioThrottleDevice"))
            .Add("BlkioDeviceWriteBps", GoTypedNil.Of("[]define.InspectBlkioThrottleDevice"))
            .Add("BlkioDeviceReadIOps", GoTypedNil.Of("[]define.InspectBlkioThrottleDevice"))
            .Add("BlkioDeviceWriteIOps", GoTypedNil.Of("[]define.InspectBlkioThrottleDevice"))
            .Add("CpuPeriod", r.CpuPeriod ?? 0UL)
            .Add("CpuQuota", r.CpuQuota ?? 0L)
            .Add("CpuRealtimePeriod", 0UL)
            .Add("CpuRealtimeRuntime", 0L)
            .Add("CpusetCpus", r.CpusetCpus ?? "")
            .Add("CpusetMems", r.CpusetMems ?? "")
            .Add("Devices", new GoSlice("[]define.InspectDevice", [.. (f.Mounts?.Devices ?? []).Select(d => (object?)new GoStruct("define.InspectDevice")
                .Add("PathOnHost", d.PathOnHost)
                .Add("PathInContainer", d.PathInContainer)
                .Add("CgroupPermissions", d.CgroupPermissions))]))
            .Add("DiskQuota", 0UL)
            .Add("KernelMemory", 0L)
            .Add("MemoryReservation", r.MemoryReservation ?? 0L)
            .Add("MemorySwap", r.MemorySwap ?? 0L)
            .Add("MemorySwappiness", 0L)
            .Add("OomKillDisable", false)
            .Add("PidsLimit", r.PidsLimit ?? f.PidsLimit)
            .Add("Ulimits", new GoSlice("[]define.InspectUlimit", f.Ulimits.Select(u => (object?)new GoStruct(
                "define.InspectUlimit",
                new("Name", "Name", u.Name),
                new("Soft", "Soft", u.Soft),
                new("Hard", "Hard", u.Hard))).ToList()))
            .Add("CpuCount", 0UL)
            .Add("CpuPercent", 0UL)
            .Add("IOMaximumIOps", 0UL)
            .Add("IOMaximumBandwidth", 0UL)
            .Add("CgroupConf", GoTypedNil.Of("map[string]string"));
    }

    /// <summary>
    /// libpod's InspectNetworkSettings: per network (bridge mode) the address netavark gave, the top-level fields mirroring
    /// the only network when there is one; the namespace file as SandboxKey. Networks is left out in other modes.
    /// </summary>
    private static GoStruct NetworkSettings(Container c)
    {
        var cfg = c.Config;
        var statuses = c.State.NetworkStatus ?? new Dictionary<string, NetworkStatus>();
        var networks = new List<(string Name, NetworkFacts Facts)>();
        foreach (var (name, options) in cfg.Networks)
        {
            var facts = statuses.TryGetValue(name, out var status) ? NetworkFacts.From(status) : NetworkFacts.Empty;
            networks.Add((name, facts with { Aliases = [.. options.Aliases ?? [], c.ShortId] }));
        }

        var top = networks.Count == 1 && cfg.NetworkMode == "bridge" ? networks[0].Facts : NetworkFacts.Empty;
        var s = new GoStruct("*define.InspectNetworkSettings")
            .Add("EndpointID", "")
            .Add("Gateway", top.Gateway)
            .Add("IPAddress", top.IpAddress)
            .Add("IPPrefixLen", top.PrefixLength)
            .Add("IPv6Gateway", top.Ipv6Gateway)
            .Add("GlobalIPv6Address", top.Ipv6Address)
            .Add("GlobalIPv6PrefixLen", top.Ipv6PrefixLength)
            .Add("MacAddress", top.MacAddress)
            .Add("Bridge", "")
            .Add("SandboxID", "")
            .Add("HairpinMode", false)
            .Add("LinkLocalIPv6Address", "")
            .Add("LinkLocalIPv6PrefixLen", 0)
            .Add("Ports", PortViews.InspectPorts(cfg))
            .Add("SandboxKey", c.State.NetNsPath);
        if (cfg.NetworkMode == "bridge")
        {
            s.Add("Networks", networks.ToDictionary(n => n.Name, n => (object?)n.Facts.View(n.Name), StringComparer.Ordinal));
        }

        return s;
    }
}
