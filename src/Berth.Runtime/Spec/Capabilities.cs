using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>Capability names and containers/common's MergeCapabilities.</summary>
public static class Capabilities
{
    /// <summary>Every capability of Linux 5.9+ (0 … 40, CAP_CHECKPOINT_RESTORE), sorted as podman lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE", "CAP_BLOCK_SUSPEND", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_KILL", "CAP_LEASE", "CAP_LINUX_IMMUTABLE", "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_MKNOD", "CAP_NET_ADMIN",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW", "CAP_PERFMON", "CAP_SETFCAP", "CAP_SETGID",
        "CAP_SETPCAP", "CAP_SETUID", "CAP_SYSLOG", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_CHROOT", "CAP_SYS_MODULE",
        "CAP_SYS_NICE", "CAP_SYS_PACCT", "CAP_SYS_PTRACE", "CAP_SYS_RAWIO", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_WAKE_ALARM",
    ];

    /// <summary>"net_admin" → "CAP_NET_ADMIN"; "ALL" stays "ALL". Unknown names are refused as podman refuses them.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL")
        {
            return upper;
        }
        var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        return All.Contains(full) ? full : throw BerthException.InvalidArgument($"unknown capability \"{full}\"");
    }

    /// <summary>containers/common MergeCapabilities: base minus drops plus adds, sorted; ALL in either list as upstream.</summary>
    public static IReadOnlyList<string> Merge(IReadOnlyList<string> baseCaps, IReadOnlyList<string> adds, IReadOnlyList<string> drops, IReadOnlyList<string> boundingSet)
    {
        var normalBase = baseCaps.Select(Normalize).ToList();
        var capAdd = adds.Select(Normalize).ToList();
        var capDrop = drops.Select(Normalize).ToList();
        if (capDrop.Contains("ALL"))
        {
            if (capAdd.Contains("ALL"))
            {
                throw BerthException.InvalidArgument("adding all caps and removing all caps not allowed");
            }
            return Sorted(capAdd);
        }
        if (capAdd.Contains("ALL"))
        {
            normalBase = [.. boundingSet];
            capAdd = [];
        }
        foreach (var add in capAdd.Where(capDrop.Contains))
        {
            throw BerthException.InvalidArgument($"capability \"{add}\" cannot be dropped and added");
        }
        var caps = normalBase.Where(c => !capDrop.Contains(c)).Concat(capAdd.Where(c => !normalBase.Contains(c)));
        return Sorted(caps);
    }

    private static List<string> Sorted(IEnumerable<string> caps)
    {
        var list = caps.Distinct(StringComparer.Ordinal).ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
