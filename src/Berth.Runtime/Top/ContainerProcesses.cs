using System.Globalization;
using Berth.Platform.Host;

namespace Berth.Runtime.Top;

/// <summary>Finds the host PIDs of a container's processes.</summary>
public static class ContainerProcesses
{
    /// <summary>All processes whose PID namespace (/proc/&lt;pid&gt;/ns/pid) is the one of <paramref name="initPid"/>, init first, then by PID.</summary>
    /// <exception cref="BerthException">NotFound when <paramref name="initPid"/> does not exist.</exception>
    public static IReadOnlyList<int> ListPids(int initPid) => ListPids(initPid, "/proc");

    internal static IReadOnlyList<int> ListPids(int initPid, string procRoot)
    {
        var ns = NamespaceOf(procRoot, initPid)
            ?? throw BerthException.NotFound($"process {initPid} does not exist: the container is not running");
        var result = new List<int> { initPid };
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != initPid && NamespaceOf(procRoot, pid) == ns)
            {
                result.Add(pid);
            }
        }

        result.Sort(1, result.Count - 1, Comparer<int>.Default);
        return result;
    }

    /// <summary>The PIDs in a cgroup directory's cgroup.procs (e.g. /sys/fs/cgroup/pids/libpod_parent/libpod-ID).</summary>
    public static IReadOnlyList<int> ListPidsInCgroup(string cgroupDirectory)
    {
        try
        {
            return CgroupFiles.ParsePidList(File.ReadAllText(Path.Combine(cgroupDirectory, "cgroup.procs")));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw BerthException.NotFound($"cgroup {cgroupDirectory} does not exist: the container is not running");
        }
    }

    /// <summary>The PIDs in the cgroup of <paramref name="pid"/>: its pids controller on cgroups v1, its unified cgroup on v2 (psgo's rule).</summary>
    public static IReadOnlyList<int> ListPidsInCgroupOf(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/cgroup");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw BerthException.NotFound($"process {pid} does not exist: the container is not running");
        }

        var v2 = HostFacts.CgroupVersion == CgroupVersion.V2;
        var line = CgroupFiles.ParseProcessCgroups(text)
            .FirstOrDefault(c => v2 ? c.HierarchyId == 0 : c.Controllers.Contains("pids"));
        if (line.Path is null)
        {
            throw BerthException.NotFound($"couldn't find {(v2 ? "v2" : "v1")} pids group for PID {pid}");
        }

        return ListPidsInCgroup(v2 ? "/sys/fs/cgroup" + line.Path : "/sys/fs/cgroup/pids" + line.Path);
    }

    private static string? NamespaceOf(string procRoot, int pid)
    {
        try
        {
            return new FileInfo(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "ns/pid")).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
