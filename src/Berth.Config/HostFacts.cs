namespace Berth.Config;

/// <summary>
/// Host facts that containers-common's built-in defaults depend on. <see cref="Probe"/> looks at the real
/// host the way containers-common does; tests pass fixed values.
/// </summary>
/// <param name="UsesSystemd">PID 1 is systemd (<c>/proc/1/comm</c>): decides the default cgroup manager.</param>
/// <param name="UsesJournald">systemd runs and a journal directory is readable: decides the default log driver and events logger.</param>
/// <param name="CgroupsV2">The unified cgroup hierarchy is mounted at <c>/sys/fs/cgroup</c>: decides the default cgroupns.</param>
/// <param name="SelinuxEnabled">SELinux is enabled: decides the default of <c>label</c>.</param>
public sealed record HostFacts(bool UsesSystemd, bool UsesJournald, bool CgroupsV2, bool SelinuxEnabled)
{
    /// <summary>A host with none of the features: the defaults podman uses on a minimal machine.</summary>
    public static HostFacts None { get; } = new(false, false, false, false);

    /// <summary>Probes the running host; <paramref name="rootPrefix"/> lets tests point the probes elsewhere.</summary>
    public static HostFacts Probe(string rootPrefix = "")
    {
        var systemd = ReadFirstLine(rootPrefix + "/proc/1/comm") == "systemd";
        var journald = systemd && (HasReadableSubdirectory(rootPrefix + "/run/log/journal") || HasReadableSubdirectory(rootPrefix + "/var/log/journal"));
        var cgroupsV2 = File.Exists(rootPrefix + "/sys/fs/cgroup/cgroup.controllers");
        var selinux = File.Exists(rootPrefix + "/sys/fs/selinux/enforce");
        return new HostFacts(systemd, journald, cgroupsV2, selinux);
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool HasReadableSubdirectory(string root)
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(root))
            {
                try
                {
                    using var entries = Directory.EnumerateFileSystemEntries(dir).GetEnumerator();
                    return true;
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return false;
    }
}
