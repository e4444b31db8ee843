namespace Berth.Runtime.Top;

/// <summary>Capability masks of /proc/&lt;pid&gt;/status as psgo prints them: sorted names without CAP_, "full" or "none".</summary>
public static class Capabilities
{
    /// <summary>All 41 capabilities up to CAP_CHECKPOINT_RESTORE, the set psgo calls "full".</summary>
    public const ulong Full = 0x1FFFFFFFFFF;

    // Bit numbers of include/uapi/linux/capability.h.
    private static readonly string[] Names =
    [
        "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
        "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
        "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
        "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
        "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
        "CHECKPOINT_RESTORE",
    ];

    /// <summary>The CAP_-prefixed names of the bits set in <paramref name="mask"/>, sorted (unknown bits left out).</summary>
    public static IReadOnlyList<string> NamesIn(ulong mask) =>
        [.. Names.Where((_, bit) => (mask & (1UL << bit)) != 0).Select(n => "CAP_" + n).Order(StringComparer.Ordinal)];

    /// <summary>"full" for <see cref="Full"/>, "none" for 0, else the names sorted and comma-joined (unknown bits as "unknown").</summary>
    public static string Describe(ulong mask)
    {
        if (mask == Full)
        {
            return "full";
        }

        var caps = new List<string>();
        for (var bit = 0; bit < 64; bit++)
        {
            if (((mask >> bit) & 1) == 1)
            {
                caps.Add(bit < Names.Length ? Names[bit] : "unknown");
            }
        }

        if (caps.Count == 0)
        {
            return "none";
        }

        caps.Sort(StringComparer.Ordinal);
        return string.Join(',', caps);
    }
}
