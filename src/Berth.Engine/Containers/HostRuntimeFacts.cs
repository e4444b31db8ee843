using System.Globalization;
using Berth.Platform.Host;

namespace Berth.Engine.Containers;

/// <summary>What the spec generator needs to know about this host, read once per process.</summary>
internal sealed class HostRuntimeFacts
{
    private static readonly Lazy<HostRuntimeFacts> Instance = new(Read);

    /// <summary>Where the 32-bit x86 answer is kept for the boot, under the run root (which a reboot empties anyway).</summary>
    internal const string AbiCacheFile = "kernel-abi";

    private readonly bool x32Abi;
    private IReadOnlyCollection<string>? absentArchitectures;

    private HostRuntimeFacts(IReadOnlyDictionary<string, ulong> hardLimits, IReadOnlyList<string> boundingSet, Version? kernel, string bootId, bool x32Abi)
    {
        HardLimits = hardLimits;
        BoundingSet = boundingSet;
        Kernel = kernel;
        BootId = bootId;
        this.x32Abi = x32Abi;
    }

    public static HostRuntimeFacts Current => Instance.Value;

    /// <summary>The caller's hard rlimits by lower-case name (nofile, nproc, …); unlimited ones are left out.</summary>
    public IReadOnlyDictionary<string, ulong> HardLimits { get; }

    public IReadOnlyList<string> BoundingSet { get; }

    public Version? Kernel { get; }

    public string BootId { get; }

    /// <summary>
    /// The seccomp sub-architectures this kernel serves no system calls for: SCMP_ARCH_X32 without the x32 ABI
    /// (<see cref="SyscallAbi.X32Available"/>, a system call), SCMP_ARCH_X86 without 32-bit x86
    /// (<see cref="SyscallAbi.Ia32Available"/>, a process start of ~1.5 ms, so its answer is kept for the boot in
    /// <paramref name="runRoot"/>).
    /// </summary>
    public IReadOnlyCollection<string> AbsentArchitectures(string runRoot)
    {
        if (absentArchitectures is { } known)
        {
            return known;
        }

        List<string> absent = [];
        if (!x32Abi)
        {
            absent.Add("SCMP_ARCH_X32");
        }

        if (!Ia32Available(runRoot, BootId))
        {
            absent.Add("SCMP_ARCH_X86");
        }

        return absentArchitectures = absent;
    }

    /// <summary>
    /// The 32-bit x86 answer for this boot: from <c>RUNROOT/kernel-abi</c> ("BOOTID\nia32=0|1\n") when it was written in
    /// this boot, else probed and written there (replaced whole; a run root that cannot be written only costs the probe).
    /// </summary>
    internal static bool Ia32Available(string runRoot, string bootId)
    {
        var path = Path.Combine(runRoot, AbiCacheFile);
        if (BootScopedFile.Read(path, bootId) is ("ia32=0" or "ia32=1") and var answer)
        {
            return answer == "ia32=1";
        }

        var available = SyscallAbi.Ia32Available();
        BootScopedFile.Write(path, bootId, available ? "ia32=1" : "ia32=0");
        return available;
    }

    private static HostRuntimeFacts Read()
    {
        var status = HostFacts.ReadOrEmpty("/proc/self/status");
        return new(
            ParseLimits(HostFacts.ReadOrEmpty("/proc/self/limits")),
            ParseBoundingSet(status),
            ParseKernel(HostFacts.Kernel),
            HostFacts.BootId,
            SyscallAbi.X32Available(status));
    }

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
