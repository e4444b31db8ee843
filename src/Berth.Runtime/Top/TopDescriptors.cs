using System.Globalization;
using Berth.Templates;

namespace Berth.Runtime.Top;

/// <summary>One column psgo knows: its AIX code (%C), its name (pcpu), its header (%CPU) and how to print a process.</summary>
internal sealed record TopDescriptor(string? Code, string Name, string Header, Func<ProcessSnapshot, TopContext, string> Value);

/// <summary>psgo 1.7.3's descriptor table (the version podman 4.3.1 vendors), in psgo's order.</summary>
internal static class TopDescriptors
{
    public static readonly IReadOnlyList<TopDescriptor> All =
    [
        new("%C", "pcpu", "%CPU", Pcpu),
        new("%G", "group", "GROUP", (p, c) => c.ContainerAccounts.GroupName(p.Status.Gids[1])),
        new(null, "groups", "GROUPS", (p, c) => string.Join(',', p.Status.Groups.Select(c.ContainerAccounts.GroupName))),
        new("%P", "ppid", "PPID", (p, c) => Text(c.ParentPid(p))),
        new("%U", "user", "USER", (p, c) => c.ContainerAccounts.UserName(p.Status.Uids[1])),
        new("%a", "args", "COMMAND", (p, _) => p.Cmdline[0].Length == 0 ? $"[{p.Status.Name}]" : string.Join(' ', p.Cmdline)),
        new("%c", "comm", "COMMAND", (p, _) => p.Stat.Comm),
        new("%g", "rgroup", "RGROUP", (p, c) => c.ContainerAccounts.GroupName(p.Status.Gids[0])),
        new("%n", "nice", "NI", (p, _) => Text(p.Stat.Nice)),
        new("%p", "pid", "PID", (p, c) => Text(p.PidAt(c.Level))),
        new("%r", "pgid", "PGID", (p, c) => Text(p.Stat.ProcessGroup)),
        new("%t", "etime", "ELAPSED", (p, c) => GoTime.DurationString(c.ElapsedNanoseconds(p))),
        new("%u", "ruser", "RUSER", (p, c) => c.ContainerAccounts.UserName(p.Status.Uids[0])),
        new("%x", "time", "TIME", (p, _) => GoTime.DurationString(TopContext.CpuSeconds(p) * 1_000_000_000)),
        new("%y", "tty", "TTY", (p, c) => c.Terminal(p.Stat.TtyNr)),
        new("%z", "vsz", "VSZ", (p, _) => Text(p.Stat.VirtualBytes / 1024)),
        new(null, "capamb", "AMBIENT CAPS", (p, _) => Capabilities.Describe(p.Status.CapAmbient)),
        new(null, "capinh", "INHERITED CAPS", (p, _) => Capabilities.Describe(p.Status.CapInheritable)),
        new(null, "capprm", "PERMITTED CAPS", (p, _) => Capabilities.Describe(p.Status.CapPermitted)),
        new(null, "capeff", "EFFECTIVE CAPS", (p, _) => Capabilities.Describe(p.Status.CapEffective)),
        new(null, "capbnd", "BOUNDING CAPS", (p, _) => Capabilities.Describe(p.Status.CapBounding)),
        new(null, "seccomp", "SECCOMP", (p, _) => Seccomp(p.Status.Seccomp)),
        new(null, "label", "LABEL", (p, _) => p.Label),
        new(null, "hpid", "HPID", (p, _) => OnHost(p) ? Text(p.HostPid) : "?"),
        new(null, "huser", "HUSER", (p, c) => OnHost(p) ? c.HostAccounts.UserName(p.Status.Uids[1]) : "?"),
        new(null, "hgroup", "HGROUP", (p, c) => OnHost(p) ? c.HostAccounts.GroupName(p.Status.Gids[1]) : "?"),
        // psgo prints the host's supplementary groups as numbers (it maps them only for rootless).
        new(null, "hgroups", "HGROUPS", (p, _) => OnHost(p) ? string.Join(',', p.Status.Groups.Select(g => Text(g))) : "?"),
        new(null, "rss", "RSS", (p, _) => p.Status.ResidentKilobytes.Length == 0 ? "0" : p.Status.ResidentKilobytes),
        new(null, "state", "STATE", (p, _) => p.Status.State),
        new(null, "stime", "STIME", (p, c) => GoTime.String(GoTimestamp.FromUnix(c.StartSeconds(p), 0, LocalOffset(c.StartSeconds(p))))),
    ];

    /// <summary>Finds a descriptor by AIX code or name (surrounding spaces ignored), or null.</summary>
    public static TopDescriptor? Find(string descriptor)
    {
        var d = descriptor.Trim();
        return All.FirstOrDefault(x => x.Name == d || x.Code == d);
    }

    /// <summary>psgo's %CPU: whole CPU seconds over elapsed seconds, three decimals.</summary>
    private static string Pcpu(ProcessSnapshot p, TopContext c)
    {
        var elapsed = c.ElapsedNanoseconds(p) / 1e9;
        return (100.0 * TopContext.CpuSeconds(p) / elapsed).ToString("F3", CultureInfo.InvariantCulture);
    }

    private static string Seccomp(string mode) => mode switch
    {
        "0" => "disabled",
        "1" => "strict",
        "2" => "filter",
        _ => "?",
    };

    /// <summary>psgo finds the host view of a process only when it runs in a PID namespace below the caller's.</summary>
    private static bool OnHost(ProcessSnapshot p) => p.Status.NamespacePids.Count >= 2;

    private static TimeSpan LocalOffset(long unixSeconds) =>
        TimeZoneInfo.Local.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
