namespace Berth.Platform.Host;

/// <summary>Cgroup hierarchy kinds, named as podman prints them.</summary>
public enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>Reads facts about the host from the usual files. Missing files give empty or zero answers, never errors.</summary>
public static class HostFacts
{
    private static readonly string[] V1Controllers = ["cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "pids", "hugetlb"];

    public static string Kernel => ReadTrimmed("/proc/sys/kernel/osrelease");

    /// <summary>This boot's random ID; empty when the kernel does not offer one.</summary>
    public static string BootId => ReadTrimmed("/proc/sys/kernel/random/boot_id");

    public static string Hostname => ReadTrimmed("/proc/sys/kernel/hostname") is { Length: > 0 } h ? h : Environment.MachineName;

    /// <summary>v2 when /sys/fs/cgroup is the unified hierarchy, v1 otherwise (including hybrid).</summary>
    public static CgroupVersion CgroupVersion =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers") ? CgroupVersion.V2 : CgroupVersion.V1;

    /// <summary>True when systemd is the init system (sd_booted's test).</summary>
    public static bool SystemdBooted => Directory.Exists("/run/systemd/system");

    public static IReadOnlyList<string> CgroupControllers
    {
        get
        {
            if (CgroupVersion == CgroupVersion.V2)
            {
                return ReadTrimmed("/sys/fs/cgroup/cgroup.controllers").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }

            var enabled = ProcFiles.ParseEnabledCgroupControllers(ReadOrEmpty("/proc/cgroups"));
            return enabled.Where(c => V1Controllers.Contains(c) && c != "hugetlb").ToList();
        }
    }

    public static IReadOnlyDictionary<string, long> MemInfo => ProcFiles.ParseMemInfo(ReadOrEmpty("/proc/meminfo"));

    public static TimeSpan Uptime =>
        ReadOrEmpty("/proc/uptime") is { Length: > 0 } t ? TimeSpan.FromSeconds(ProcFiles.ParseUptime(t)) : TimeSpan.Zero;

    public static IReadOnlyDictionary<string, string> OsRelease =>
        ProcFiles.ParseOsRelease(File.Exists("/etc/os-release") ? ReadOrEmpty("/etc/os-release") : ReadOrEmpty("/usr/lib/os-release"));

    public static (double User, double System, double Idle) CpuUsage => ProcFiles.ParseCpuUsage(ReadOrEmpty("/proc/stat"));

    /// <summary>The kernel supports seccomp filters (the Seccomp line of /proc/self/status).</summary>
    public static bool SeccompEnabled => SyscallAbi.SeccompMode(ReadOrEmpty("/proc/self/status")) >= 0;

    public static bool SelinuxEnabled => File.Exists("/sys/fs/selinux/enforce");

    public static bool AppArmorEnabled => ReadTrimmed("/sys/module/apparmor/parameters/enabled") == "Y";

    /// <summary>"overlay" is listed in /proc/filesystems (or can be loaded as a module).</summary>
    public static bool OverlaySupported =>
        ReadOrEmpty("/proc/filesystems").Contains("\toverlay\n", StringComparison.Ordinal)
        || Directory.Exists($"/lib/modules/{Kernel}/kernel/fs/overlayfs");

    public static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string ReadTrimmed(string path) => ReadOrEmpty(path).Trim();
}
