using System.Globalization;

namespace Berth.Runtime.Conmon;

/// <summary>
/// Moves conmon into a cgroupfs cgroup before it starts the runtime, as podman's moveConmonToCgroupAndSignal does
/// with containers/common's cgroups.New + AddPid. Failures are not fatal there (a warning) and are not here.
/// </summary>
internal static class ConmonCgroup
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>Returns the problems met (empty when conmon is in its cgroup everywhere).</summary>
    public static List<string> TryMove(int pid, string cgroupPath)
    {
        var problems = new List<string>();
        var relative = cgroupPath.TrimStart('/');
        var pidText = pid.ToString(CultureInfo.InvariantCulture);
        IEnumerable<string> hierarchies = File.Exists(Path.Combine(Root, "cgroup.controllers"))
            ? [Root]
            : Directory.EnumerateDirectories(Root).Where(d =>
                new DirectoryInfo(d).LinkTarget is null && File.Exists(Path.Combine(d, "cgroup.procs")));
        foreach (var hierarchy in hierarchies)
        {
            try
            {
                var dir = Path.Combine(hierarchy, relative);
                Directory.CreateDirectory(dir);
                if (Path.GetFileName(hierarchy).Split(',').Contains("cpuset"))
                {
                    InheritCpuset(hierarchy, dir);
                }

                File.WriteAllText(Path.Combine(dir, "cgroup.procs"), pidText);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"Failed to add conmon to cgroupfs sandbox cgroup: {e.Message}");
            }
        }

        return problems;
    }

    /// <summary>A new v1 cpuset cgroup starts with no CPUs and no memory nodes: copy them down from the first ancestor that has them.</summary>
    private static void InheritCpuset(string hierarchy, string dir)
    {
        foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
        {
            var chain = new List<string>();
            for (var d = dir; d.Length >= hierarchy.Length; d = Path.GetDirectoryName(d)!)
            {
                chain.Add(d);
                if (d.Length == hierarchy.Length)
                {
                    break;
                }
            }

            chain.Reverse();
            var value = "";
            foreach (var d in chain)
            {
                var path = Path.Combine(d, file);
                var current = File.ReadAllText(path).Trim();
                if (current.Length == 0 && value.Length > 0)
                {
                    File.WriteAllText(path, value);
                }
                else
                {
                    value = current;
                }
            }
        }
    }
}
