using System.Globalization;
using Berth.Platform.Host;

namespace Berth.Engine.Containers;

/// <summary>What the spec generator needs to know about this host, read once per process.</summary>
internal sealed class HostRuntimeFacts
{
    private static readonly Lazy<HostRuntimeFacts> Instance = new(Read);

    private HostRuntimeFacts(IReadOnlyDictionary<string, ulong> hardLimits, IReadOnlyList<string> boundingSet, Version? kernel, string bootId, IReadOnlyCollection<string> absentArchitectures)
    {
        HardLimits = hardLimits;
        BoundingSet = boundingSet;
        Kernel = kernel;
        BootId = bootId;
        AbsentArchitectures = absentArchitectures;
    }

    public static HostRuntimeFacts Current => Instance.Value;

    /// <summary>The caller's hard rlimits by lower-case name (nofile, nproc, …); unlimited ones are left out.</summary>
    public IReadOnlyDictionary<string, ulong> HardLimits { get; }

    public IReadOnlyList<string> BoundingSet { get; }

    public Version? Kernel { get; }

    public string BootId { get; }

    /// <summary>
    /// The seccomp sub-architectures this kernel serves no system calls for: SCMP_ARCH_X32 without the x32 ABI
    /// (<see cref="SyscallAbi.X32Available"/>), SCMP_ARCH_X86 without 32-bit x86 (<see cref="SyscallAbi.Ia32Available"/>).
    /// </summary>
    public IReadOnlyCollection<string> AbsentArchitectures { get; }

    public static string ReadBootId() => HostFacts.ReadOrEmpty("/proc/sys/kernel/random/boot_id").Trim();

    private static HostRuntimeFacts Read()
    {
        var status = HostFacts.ReadOrEmpty("/proc/self/status");
        return new(
            ParseLimits(HostFacts.ReadOrEmpty("/proc/self/limits")),
            ParseBoundingSet(status),
            ParseKernel(HostFacts.Kernel),
            ReadBootId(),
            AbsentArchitecturesOf(status));
    }

    private static string[] AbsentArchitecturesOf(string status) =>
        (SyscallAbi.X32Available(status), SyscallAbi.Ia32Available()) switch
        {
            (true, true) => [],
            (false, true) => ["SCMP_ARCH_X32"],
            (true, false) => ["SCMP_ARCH_X86"],
            (false, false) => ["SCMP_ARCH_X32", "SCMP_ARCH_X86"],
        };

    /// <summary>/proc/self/limits: "Max open files  1024  20000  files" → nofile = 20000.</summary>
    internal static IReadOnlyDictionary<string, ulong> ParseLimits(string text)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Max cpu time"] = "cpu", ["Max file size"] = "fsize", ["Max data size"] = "data", ["Max stack size"] = "stack",
            ["Max core file size"] = "core", ["Max resident set"] = "rss", ["Max processes"] = "nproc",
            ["Max open files"] = "nofile", ["Max locked memory"] = "memlock", ["Max address space"] = "as",
            ["Max file locks"] = "locks", ["Max pending signals"] = "sigpending", ["Max msgqueue size"] = "msgqueue",
            ["Max nice priority"] = "nice", ["Max realtime priority"] = "rtprio", ["Max realtime timeout"] = "rttime",
        };
        var limits = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            foreach (var (label, name) in names)
            {
                if (!line.StartsWith(label + " ", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line[label.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hard))
                {
                    limits[name] = hard;
                }
            }
        }

        return limits;
    }

    internal static IReadOnlyList<string> ParseBoundingSet(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("CapBnd:", StringComparison.Ordinal)
                && ulong.TryParse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                return Runtime.Top.Capabilities.NamesIn(mask);
            }
        }

        return Runtime.Top.Capabilities.NamesIn(Runtime.Top.Capabilities.Full);
    }

    private static Version? ParseKernel(string release)
    {
        var numeric = new string(release.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        return Version.TryParse(!numeric.Contains('.', StringComparison.Ordinal) ? numeric + ".0" : numeric, out var v) ? v : null;
    }
}
