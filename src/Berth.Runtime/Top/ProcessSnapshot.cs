using Berth.Platform.Host;

namespace Berth.Runtime.Top;

/// <summary>What /proc says about one process at one moment (psgo reads stat, status, cmdline and attr/current).</summary>
internal sealed record ProcessSnapshot(int HostPid, ProcPidStat Stat, ProcPidStatus Status, IReadOnlyList<string> Cmdline, string Label)
{
    /// <summary>Reads the process's files, or null when it exited meanwhile (listing /proc is racy; psgo skips those too).</summary>
    public static ProcessSnapshot? TryRead(string procRoot, int pid)
    {
        var dir = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var stat = ProcessFiles.ParseStat(File.ReadAllText(Path.Combine(dir, "stat")));
            var status = ProcessFiles.ParseStatus(File.ReadAllText(Path.Combine(dir, "status")));
            var cmdline = ProcessFiles.ParseCmdline(File.ReadAllText(Path.Combine(dir, "cmdline")));
            return new ProcessSnapshot(pid, stat, status, cmdline, ReadLabel(dir));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
            || (e is IOException io && io.HResult == 3 /* ESRCH */))
        {
            return null;
        }
    }

    /// <summary>The pid in the namespace <paramref name="level"/> levels deep (1 = the reader's), as ps inside it would show it.</summary>
    public int PidAt(int level) =>
        Status.NamespacePids.Count >= level && level > 0 ? Status.NamespacePids[level - 1] : HostPid;

    /// <summary>The LSM label, or "?" when labeling is not supported (psgo's rule).</summary>
    private static string ReadLabel(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "attr/current")).Trim('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Directory.Exists(dir) ? "?" : throw new FileNotFoundException("process exited", dir);
        }
    }
}
