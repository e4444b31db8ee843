using Berth.Platform.Host;
using Berth.Platform;

namespace Berth.Runtime.Top;

/// <summary>Shared facts for one table: the clock, boot time, account databases, terminals and the namespace depth.</summary>
internal sealed class TopContext(string procRoot, string containerRoot, int level, DateTimeOffset now)
{
    /// <summary>USER_HZ: sysconf(_SC_CLK_TCK) is 100 on every Linux architecture .NET runs on.</summary>
    public const long ClockTicks = 100;

    private AccountDatabase? _container;
    private AccountDatabase? _host;
    private IReadOnlyList<(uint Major, uint Minor, string Name)>? _ttys;
    private long? _bootTime;
    private readonly Dictionary<int, ProcPidStatus?> _parents = [];

    public string ProcRoot { get; } = procRoot;

    /// <summary>How many PID namespaces deep the container's processes are (1 = sharing the caller's).</summary>
    public int Level { get; } = level;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The container's /etc/passwd and /etc/group (psgo reads them after joining the container's mount namespace).</summary>
    public AccountDatabase ContainerAccounts => _container ??= AccountDatabase.Load(containerRoot);

    public AccountDatabase HostAccounts => _host ??= AccountDatabase.Load("/");

    public long BootTime => _bootTime ??= ProcessFiles.ParseBootTime(File.ReadAllText(Path.Combine(ProcRoot, "stat")));

    /// <summary>Start time in whole seconds since the epoch (psgo divides the ticks before adding the boot time).</summary>
    public long StartSeconds(ProcessSnapshot p) => BootTime + (p.Stat.StartTicks / ClockTicks);

    /// <summary>Nanoseconds since the process started.</summary>
    public long ElapsedNanoseconds(ProcessSnapshot p) =>
        ((Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) - (StartSeconds(p) * 1_000_000_000);

    /// <summary>CPU time in whole seconds (psgo truncates utime+stime to seconds).</summary>
    public static long CpuSeconds(ProcessSnapshot p) => (p.Stat.UserTicks + p.Stat.SystemTicks) / ClockTicks;

    /// <summary>The parent's pid in the container's namespace, 0 when the parent is outside it (as the kernel reports it there).</summary>
    public int ParentPid(ProcessSnapshot p)
    {
        var ppid = p.Status.ParentPid;
        if (ppid == 0)
        {
            return 0;
        }

        if (!_parents.TryGetValue(ppid, out var parent))
        {
            parent = ProcessSnapshot.TryRead(ProcRoot, ppid)?.Status;
            _parents[ppid] = parent;
        }

        return parent is not null && parent.NamespacePids.Count >= Level ? parent.NamespacePids[Level - 1] : 0;
    }

    /// <summary>The terminal name for a tty_nr of /proc/&lt;pid&gt;/stat: "?" when none matches, as psgo does.</summary>
    public string Terminal(long ttyNr)
    {
        // psgo's decoding of tty_nr (minor bits 31-20 shifted by 20, not 12).
        var major = (uint)((ttyNr >> 8) & 0xFF);
        var minor = (uint)((ttyNr & 0xFF) | ((ttyNr >> 20) & 0xFFF));
        foreach (var t in _ttys ??= ListTerminals(Path.Combine(containerRoot, "dev")))
        {
            if (t.Major == major && t.Minor == minor)
            {
                return t.Name;
            }
        }

        return "?";
    }

    /// <summary>/dev/tty* and /dev/pts/* of the container, with their device numbers.</summary>
    private static List<(uint, uint, string)> ListTerminals(string dev)
    {
        var result = new List<(uint, uint, string)>();
        try
        {
            var names = Directory.EnumerateFileSystemEntries(dev, "tty*").Select(p => Path.GetFileName(p))
                .Concat(Directory.Exists(Path.Combine(dev, "pts"))
                    ? Directory.EnumerateFileSystemEntries(Path.Combine(dev, "pts")).Select(p => "pts/" + Path.GetFileName(p))
                    : []);
            foreach (var name in names)
            {
                try
                {
                    if (UnixFileSystem.TryStat(Path.Combine(dev, name)) is { } st)
                    {
                        result.Add((st.RDevMajor, st.RDevMinor, name));
                    }
                }
                catch (IOException)
                {
                    // gone or unreadable: not a terminal we can name
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no /dev: every process prints "?"
        }

        return result;
    }
}
