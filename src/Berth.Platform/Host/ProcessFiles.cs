using System.Globalization;

namespace Berth.Platform.Host;

/// <summary>The fields of /proc/&lt;pid&gt;/stat that ps-like tools use (proc(5) numbering in the comments).</summary>
public sealed record ProcPidStat(
    int Pid,
    string Comm,
    string State,
    int ParentPid,
    int ProcessGroup,
    long TtyNr,
    long UserTicks,
    long SystemTicks,
    long Nice,
    long StartTicks,
    ulong VirtualBytes);

/// <summary>The fields of /proc/&lt;pid&gt;/status that ps-like tools use, as the kernel prints them.</summary>
public sealed record ProcPidStatus
{
    public string Name { get; init; } = "";
    /// <summary>The state letter (R, S, D, Z, …).</summary>
    public string State { get; init; } = "";
    public int ParentPid { get; init; }
    /// <summary>Real, effective, saved and file-system user IDs.</summary>
    public IReadOnlyList<uint> Uids { get; init; } = [0, 0, 0, 0];
    /// <summary>Real, effective, saved and file-system group IDs.</summary>
    public IReadOnlyList<uint> Gids { get; init; } = [0, 0, 0, 0];
    public IReadOnlyList<uint> Groups { get; init; } = [];
    /// <summary>The PID in each PID namespace, outermost (the reader's) first.</summary>
    public IReadOnlyList<int> NamespacePids { get; init; } = [];
    /// <summary>VmRSS in kB as printed, empty for kernel threads.</summary>
    public string ResidentKilobytes { get; init; } = "";
    public ulong CapInheritable { get; init; }
    public ulong CapPermitted { get; init; }
    public ulong CapEffective { get; init; }
    public ulong CapBounding { get; init; }
    public ulong CapAmbient { get; init; }
    /// <summary>The Seccomp line: 0 disabled, 1 strict, 2 filter; empty when the kernel has no seccomp.</summary>
    public string Seccomp { get; init; } = "";
}

/// <summary>Parsers for per-process /proc files. Each takes the text, so tests feed recorded contents.</summary>
public static class ProcessFiles
{
    /// <summary>Parses /proc/&lt;pid&gt;/stat; the command name may hold spaces and parentheses, so it is cut at the last ')'.</summary>
    public static ProcPidStat ParseStat(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 1 || close < open)
        {
            throw new FormatException("invalid format in stat");
        }

        var rest = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length < 21)
        {
            throw new FormatException("stat has too few fields");
        }

        // rest[0] is field 3 (state), so field n is rest[n - 3].
        return new ProcPidStat(
            Pid: int.Parse(text.AsSpan(0, open).Trim(), CultureInfo.InvariantCulture),
            Comm: text[(open + 1)..close],
            State: rest[0],
            ParentPid: Int(rest[1]),
            ProcessGroup: Int(rest[2]),
            TtyNr: Long(rest[4]),
            UserTicks: Long(rest[11]),
            SystemTicks: Long(rest[12]),
            Nice: Long(rest[16]),
            StartTicks: Long(rest[19]),
            VirtualBytes: ulong.Parse(rest[20], CultureInfo.InvariantCulture));

        static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

        static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>/proc/&lt;pid&gt;/stat read and parsed; null when there is no such process (or its file cannot be read or parsed).</summary>
    public static ProcPidStat? TryReadStat(int pid)
    {
        try
        {
            return ParseStat(File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Parses /proc/&lt;pid&gt;/status (key: value lines).</summary>
    public static ProcPidStatus ParseStatus(string text)
    {
        var s = new ProcPidStatus();
        foreach (var raw in text.Split('\n'))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var fields = raw[(colon + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            s = raw[..colon] switch
            {
                "Name" => s with { Name = raw[(colon + 1)..].Trim() },
                "State" when fields.Length > 0 => s with { State = fields[0] },
                "PPid" when fields.Length > 0 => s with { ParentPid = int.Parse(fields[0], CultureInfo.InvariantCulture) },
                "Uid" => s with { Uids = Ids(fields, raw) },
                "Gid" => s with { Gids = Ids(fields, raw) },
                "Groups" => s with { Groups = fields.Select(f => uint.Parse(f, CultureInfo.InvariantCulture)).ToArray() },
                "NSpid" => s with { NamespacePids = fields.Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray() },
                "VmRSS" when fields.Length > 0 => s with { ResidentKilobytes = fields[0] },
                "CapInh" when fields.Length > 0 => s with { CapInheritable = Hex(fields[0]) },
                "CapPrm" when fields.Length > 0 => s with { CapPermitted = Hex(fields[0]) },
                "CapEff" when fields.Length > 0 => s with { CapEffective = Hex(fields[0]) },
                "CapBnd" when fields.Length > 0 => s with { CapBounding = Hex(fields[0]) },
                "CapAmb" when fields.Length > 0 => s with { CapAmbient = Hex(fields[0]) },
                "Seccomp" when fields.Length > 0 => s with { Seccomp = fields[0] },
                _ => s,
            };
        }

        return s;

        static ulong Hex(string f) => ulong.Parse(f, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        static uint[] Ids(string[] fields, string line) => fields.Length == 4
            ? fields.Select(f => uint.Parse(f, CultureInfo.InvariantCulture)).ToArray()
            : throw new FormatException($"unexpected input from status: {line}");
    }

    /// <summary>Splits /proc/&lt;pid&gt;/cmdline at NUL bytes, keeping the empty element after the last NUL (ps tools print it as a trailing space).</summary>
    public static IReadOnlyList<string> ParseCmdline(string text) => text.Split('\0');

    /// <summary>The btime line of /proc/stat: boot time in seconds since the epoch.</summary>
    public static long ParseBootTime(string procStat)
    {
        foreach (var raw in procStat.Split('\n'))
        {
            if (raw.StartsWith("btime ", StringComparison.Ordinal))
            {
                return long.Parse(raw.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException("couldn't extract boot time from /proc/stat");
    }
}
