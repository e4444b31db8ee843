using Berth.Engine.Containers;
using Berth.Engine.Pods;
using Berth.Templates;

namespace Berth.Cli.Commands;

/// <summary>How the pod commands print (podman 4.3.1's cmd/podman/pods/ps.go and inspect): views with podman's names.</summary>
public static class PodViews
{
    /// <summary>The fields of podman's podPsReporter as report.Headers finds them.</summary>
    public static readonly IReadOnlyList<string> ListFields =
        ["ID", "Name", "Status", "Created", "InfraID", "NumberOfContainers", "ContainerIds", "ContainerNames", "ContainerStatuses", "Labels", "Networks", "Cgroup", "Namespace"];

    public static readonly IReadOnlyDictionary<string, string> HeaderOverrides = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ID"] = "POD ID",
        ["InfraID"] = "INFRA ID",
        ["NumberOfContainers"] = "# OF CONTAINERS",
        ["ContainerIds"] = "IDS",
        ["ContainerNames"] = "NAMES",
        ["ContainerStatuses"] = "STATUS",
    };

    /// <summary>podman's default pod ps columns; the container flags replace the count with their columns.</summary>
    public static string DefaultFormat(bool ids, bool names, bool statuses)
    {
        var format = "{{.ID}}\t{{.Name}}\t{{.Status}}\t{{.Created}}\t{{.InfraID}}\t";
        if (!ids && !names && !statuses)
        {
            return format + "{{.NumberOfContainers}}\n";
        }

        format += (ids ? "{{.ContainerIds}}\t" : "") + (names ? "{{.ContainerNames}}\t" : "") + (statuses ? "{{.ContainerStatuses}}\t" : "");
        return format.TrimEnd('\t') + "\n";
    }

    public static GoStruct Row(Pod pod, bool noTrunc, DateTimeOffset now)
    {
        // podman lists a pod's containers newest first.
        var members = pod.Containers.Reverse().ToList();
        string Id(string id) => noTrunc ? id : id[..Math.Min(12, id.Length)];
        return new GoStruct("pods.podPsReporter")
            .Method("ID", () => Id(pod.Id))
            .Method("Name", () => pod.Name)
            .Method("Status", () => pod.Status)
            .Method("Created", () => Units.HumanDuration(now - pod.Config.Created) + " ago")
            .Method("InfraID", () => pod.Config.InfraContainerId.Length == 0 ? "" : Id(pod.Config.InfraContainerId))
            .Method("NumberOfContainers", () => pod.Containers.Count)
            .Method("ContainerIds", () => string.Join(',', members.Select(c => Id(c.Id))))
            .Method("ContainerNames", () => string.Join(',', members.Select(c => c.Name)))
            .Method("ContainerStatuses", () => string.Join(',', members.Select(c => ContainerStatus.Shown(c.State.Status))))
            .Method("Labels", () => pod.Config.Labels.ToDictionary(StringComparer.Ordinal))
            .Method("Networks", () => string.Join(',', pod.Infra?.Config.Networks.Keys ?? []))
            .Method("Cgroup", () => pod.Config.CgroupParent)
            .Method("Namespace", () => "");
    }

    /// <summary>libpod's InspectPodData (the fields Berth knows), as podman's pod inspect prints it.</summary>
    public static GoStruct Inspect(Pod pod)
    {
        var infra = pod.Infra;
        var ports = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in infra?.Config.PortMappings ?? [])
        {
            for (var i = 0; i < Math.Max(1, (int)p.Range); i++)
            {
                ports[$"{p.ContainerPort + i}/{p.Protocol}"] = new List<object?>
                {
                    new GoStruct("define.InspectHostPort")
                        .Add("HostIp", p.HostIp ?? "", "HostIp")
                        .Add("HostPort", (p.HostPort + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "HostPort"),
                };
            }
        }

        var infraConfig = infra is null
            ? null
            : new GoStruct("define.InspectPodInfraConfig")
                .Add("PortBindings", ports, "PortBindings")
                .Add("HostNetwork", infra.Config.NetworkMode == "host", "HostNetwork")
                .Add("StaticIP", "", "StaticIP")
                .Add("StaticMAC", "", "StaticMAC")
                .Add("NoManageResolvConf", false, "NoManageResolvConf")
                .Add("DNSServer", GoTypedNil.Of("[]string"), "DNSServer")
                .Add("DNSSearch", GoTypedNil.Of("[]string"), "DNSSearch")
                .Add("DNSOption", GoTypedNil.Of("[]string"), "DNSOption")
                .Add("NoManageHosts", false, "NoManageHosts")
                .Add("HostAdd", GoTypedNil.Of("[]string"), "HostAdd")
                .Add("Networks", infra.Config.Networks.Count == 0 ? GoTypedNil.Of("[]string") : infra.Config.Networks.Keys.ToList<object?>(), "Networks")
                .Add("NetworkOptions", GoTypedNil.Of("map[string][]string"), "NetworkOptions")
                .Add("PidNS", "private", "pid_ns")
                .Add("UserNS", "host", "userns")
                .Add("UtsNS", "private", "uts_ns");
        var s = new GoStruct("define.InspectPodData")
            .Add("ID", pod.Id, "Id")
            .Add("Name", pod.Name, "Name")
            .Add("Created", new GoTimestamp(pod.Config.Created), "Created")
            .Add("CreateCommand", pod.Config.CreateCommand.ToList<object?>(), "CreateCommand")
            .Add("ExitPolicy", pod.Config.ExitPolicy, "ExitPolicy")
            .Add("State", pod.Status, "State")
            .Add("Hostname", pod.Config.Hostname, "Hostname")
            .Add("CreateCgroup", pod.Config.CreateCgroup, "CreateCgroup")
            .Add("CgroupParent", pod.Config.CgroupParent, "CgroupParent", omitEmpty: true)
            .Add("CgroupPath", pod.Config.CgroupPath, "CgroupPath", omitEmpty: true);
        if (pod.Config.Labels.Count > 0)
        {
            s.Add("Labels", pod.Config.Labels.ToDictionary(StringComparer.Ordinal), "Labels");
        }

        s.Add("CreateInfra", pod.Config.CreateInfra, "CreateInfra");
        if (infra is not null)
        {
            s.Add("InfraContainerID", infra.Id, "InfraContainerID");
            s.Add("InfraConfig", infraConfig, "InfraConfig");
        }

        s.Add("SharedNamespaces", new GoSlice("[]string", [.. pod.Config.SharedNamespaces]), "SharedNamespaces", omitEmpty: true);

        s.Add("NumContainers", pod.Containers.Count, "NumContainers");
        if (pod.Containers.Count > 0)
        {
            s.Add("Containers", pod.Containers.Reverse().Select(c => (object?)new GoStruct("define.InspectPodContainerInfo")
                .Add("ID", c.Id, "Id")
                .Add("Name", c.Name, "Name")
                .Add("State", ContainerStatus.Shown(c.State.Status), "State")).ToList(), "Containers");
        }

        // The pod cgroup's limits (podman's json names; each left out when not set).
        var r = pod.Config.Resources;
        s.Add("CPUPeriod", r.CpuPeriod ?? 0UL, "cpu_period", omitEmpty: true)
            .Add("CPUQuota", r.CpuQuota ?? 0L, "cpu_quota", omitEmpty: true)
            .Add("CPUShares", r.CpuShares ?? 0UL, "cpu_shares", omitEmpty: true)
            .Add("CPUSetCPUs", r.CpusetCpus ?? "", "cpuset_cpus", omitEmpty: true)
            .Add("CPUSetMems", r.CpusetMems ?? "", "cpuset_mems", omitEmpty: true)
            .Add("MemoryLimit", (ulong)Math.Max(0, r.Memory ?? 0), "memory_limit", omitEmpty: true)
            .Add("MemorySwap", (ulong)Math.Max(0, r.MemorySwap ?? 0), "memory_swap", omitEmpty: true);

        return s;
    }
}
