using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>Modifiers of <c>linux</c>: namespaces, cgroup resources and placement, sysctls, masked paths.</summary>
public static class LinuxModifiers
{
    /// <summary>podman 4.3's masked paths (oci-runtime-tools' defaults plus /sys/fs/selinux and /sys/dev/block).</summary>
    public static IReadOnlyList<string> MaskedPaths { get; } =
    [
        "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/fs/selinux", "/sys/dev/block",
    ];

    /// <summary>podman 4.3's read-only paths.</summary>
    public static IReadOnlyList<string> ReadonlyPaths { get; } =
        ["/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>pid, network, ipc, uts (each left out when the host's is shared), mount, and cgroup when private; each joined when a path is given.</summary>
    public static RuntimeSpec WithNamespaces(RuntimeSpec spec, ContainerSpecInput input)
    {
        var namespaces = new List<LinuxNamespace>();
        if (!input.HostPid)
        {
            namespaces.Add(new() { Type = "pid", Path = input.PidNamespacePath });
        }
        if (!input.HostNetwork)
        {
            namespaces.Add(new() { Type = "network", Path = input.NetworkNamespacePath });
        }
        if (!input.HostIpc)
        {
            namespaces.Add(new() { Type = "ipc", Path = input.IpcNamespacePath });
        }
        if (!input.HostUts)
        {
            namespaces.Add(new() { Type = "uts", Path = input.UtsNamespacePath });
        }
        namespaces.Add(new() { Type = "mount" });
        if (input.PrivateCgroupNamespace)
        {
            namespaces.Add(new() { Type = "cgroup", Path = input.CgroupNamespacePath });
        }
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { Namespaces = namespaces } };
    }

    /// <summary>Devices: deny all (privileged: allow all); pids: containers.conf <c>pids_limit</c> when positive.</summary>
    public static RuntimeSpec WithResources(RuntimeSpec spec, ContainerSpecInput input)
    {
        var resources = new LinuxResources
        {
            Devices = [
                new LinuxDeviceCgroup { Allow = input.Privileged, Access = "rwm" },
                .. input.Devices.Select(d => new LinuxDeviceCgroup { Allow = true, Type = d.Node.Type, Major = d.Node.Major, Minor = d.Node.Minor, Access = d.Access }),
            ],
            Pids = input.PidsLimit > 0 ? new LinuxPids { Limit = input.PidsLimit } : null,
            Memory = input.Memory,
            Cpu = input.Cpu,
        };
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { Resources = resources } };
    }

    /// <summary><c>--device</c>: the nodes runc creates in the container's /dev.</summary>
    public static RuntimeSpec WithDevices(RuntimeSpec spec, ContainerSpecInput input) =>
        input.Devices.Count == 0
            ? spec
            : spec with { Linux = SpecGenerator.LinuxOf(spec) with { Devices = [.. input.Devices.Select(d => d.Node)] } };

    /// <summary>
    /// The given sysctls; a rootful container with its own network namespace also gets
    /// net.ipv4.ping_group_range "0 0" (podman's default, so ping works without CAP_NET_RAW).
    /// </summary>
    public static RuntimeSpec WithSysctls(RuntimeSpec spec, ContainerSpecInput input)
    {
        var sysctl = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!input.HostNetwork)
        {
            sysctl["net.ipv4.ping_group_range"] = "0 0";
        }
        foreach (var (key, value) in input.Sysctls)
        {
            sysctl[key] = value;
        }
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { Sysctl = sysctl.Count == 0 ? null : sysctl } };
    }

    /// <summary>cgroupfs: PARENT/libpod-ID (parent /libpod_parent); systemd: SLICE:libpod:ID (slice machine.slice).</summary>
    public static RuntimeSpec WithCgroupsPath(RuntimeSpec spec, ContainerSpecInput input)
    {
        var path = input.CgroupManager == "systemd"
            ? $"{input.CgroupParent ?? "machine.slice"}:libpod:{input.ContainerId}"
            : $"{input.CgroupParent ?? "/libpod_parent"}/libpod-{input.ContainerId}";
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { CgroupsPath = path } };
    }

    /// <summary>Masked and read-only paths, except for privileged containers.</summary>
    /// <remarks><c>mask=</c> adds paths; <c>unmask=</c> removes them from both lists (<c>ALL</c>: every default one).</remarks>
    public static RuntimeSpec WithMaskedPaths(RuntimeSpec spec, ContainerSpecInput input)
    {
        if (input.Privileged)
        {
            return spec;
        }

        var unmaskAll = input.Unmask.Contains("ALL");
        bool Kept(string path) => !unmaskAll && !input.Unmask.Contains(path);
        var masked = MaskedPaths.Where(Kept).Concat(input.Mask.Where(p => !MaskedPaths.Contains(p))).ToList();
        var readOnly = ReadonlyPaths.Where(Kept).ToList();
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { MaskedPaths = masked, ReadonlyPaths = readOnly } };
    }
}
