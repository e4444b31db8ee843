namespace Berth.Runtime.Top;

/// <summary>The rows of <c>podman top</c>: a header of psgo's column names, then one row per process, cells as psgo prints them.
/// The CLI aligns them with a tab writer (podman joins cells with tabs and feeds its tabwriter).</summary>
public sealed record TopTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Header and rows as tab-joined lines, what podman's libpod hands to its CLI.</summary>
    public IEnumerable<string> ToTabSeparatedLines() => Rows.Prepend(Header).Select(r => string.Join('\t', r));
}

/// <summary>
/// psgo's ps over /proc for a container's processes, from the host: no mount-namespace join. Container PIDs come from
/// NSpid, parents outside the container show as 0, users and groups come from the container's /etc/passwd and
/// /etc/group (through /proc/&lt;pid&gt;/root), h* descriptors from the host's.
/// </summary>
public static class ProcessTable
{
    /// <summary>psgo's default: <c>ps -ef</c>'s columns. podman passes them when top gets no descriptors.</summary>
    public static IReadOnlyList<string> DefaultDescriptors { get; } = ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"];

    /// <summary>psgo's descriptor names, sorted (psgo's ListDescriptors; podman top --help lists them).</summary>
    public static IReadOnlyList<string> DescriptorNames { get; } =
        TopDescriptors.All.Select(d => d.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when every descriptor (comma-separated lists allowed) is psgo's; otherwise podman runs ps(1) in the container.</summary>
    public static bool AreKnown(IReadOnlyList<string> descriptors) => Split(descriptors).All(d => TopDescriptors.Find(d) is not null);

    /// <summary>The table for the given host PIDs (a container's processes, e.g. from <see cref="ContainerProcesses"/>).</summary>
    /// <param name="pids">Host PIDs; ones that exited meanwhile are skipped.</param>
    /// <param name="descriptors">psgo descriptors or AIX codes, each may be a comma-separated list; empty for the default.</param>
    /// <exception cref="UnknownDescriptorException">A descriptor is not psgo's.</exception>
    public static TopTable Build(IReadOnlyList<int> pids, IReadOnlyList<string> descriptors) =>
        Build(pids, descriptors, "/proc", DateTimeOffset.UtcNow);

    internal static TopTable Build(IReadOnlyList<int> pids, IReadOnlyList<string> descriptors, string procRoot, DateTimeOffset now)
    {
        var names = Split(descriptors);
        if (names.Count == 0)
        {
            names = DefaultDescriptors;
        }

        var columns = names.Select(n => TopDescriptors.Find(n) ?? throw new UnknownDescriptorException(n.Trim())).ToArray();
        var processes = pids.Distinct().Select(p => ProcessSnapshot.TryRead(procRoot, p)).OfType<ProcessSnapshot>().ToList();
        var level = processes.Count == 0 ? 1 : processes.Min(p => Math.Max(1, p.Status.NamespacePids.Count));
        processes.Sort((a, b) => a.PidAt(level).CompareTo(b.PidAt(level)));

        // The container's root: that of its lowest PID (its init), where psgo would have joined the mount namespace.
        var root = processes.Count == 0 ? "/" : Path.Combine(procRoot, processes[0].HostPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "root");
        var context = new TopContext(procRoot, root, level, now);
        var rows = processes.Select(p => (IReadOnlyList<string>)columns.Select(c => c.Value(p, context)).ToArray()).ToArray();
        return new TopTable(columns.Select(c => c.Header).ToArray(), rows);
    }

    /// <summary>podman splits each argument at commas and drops empty parts.</summary>
    private static IReadOnlyList<string> Split(IReadOnlyList<string> descriptors) =>
        descriptors.SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
}
