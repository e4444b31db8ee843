using System.Globalization;
using Berth.Cli.CommandLine;
using Berth.Runtime.Cgroups;

namespace Berth.Cli.Commands;

public static partial class PodActions
{
    /// <summary>
    /// pod create's limits for the pod cgroup, read as podman reads the same container flags: <c>--cpus</c> as a 100ms
    /// period and its share, sizes with Go units, <c>--memory-swap</c> -1 or a size not below <c>--memory</c>.
    /// </summary>
    private static PodResources ResourcesOf(ParsedOptions o)
    {
        double cpus = 0;
        if (o.GetString("cpus") is { Length: > 0 } cpuText
            && !double.TryParse(cpuText, NumberStyles.Float, CultureInfo.InvariantCulture, out cpus))
        {
            throw new UsageException($"invalid argument \"{cpuText}\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"{cpuText}\": invalid syntax\nSee 'podman pod create --help'");
        }

        long? memory = o.GetString("memory") is { Length: > 0 } m ? CreateFlags.Ram(m) : null;
        long? swap = o.GetString("memory-swap") switch
        {
            null or "" => null,
            "-1" => -1,
            var s => CreateFlags.Ram(s),
        };
        if (swap is { } sw && sw != -1)
        {
            if (memory is null or 0)
            {
                throw BerthException.InvalidArgument("you should always set a memory limit when using a memoryswap limit, see usage");
            }

            if (sw < memory)
            {
                throw BerthException.InvalidArgument("minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }

        return new PodResources
        {
            CpuPeriod = cpus > 0 ? 100000 : null,
            CpuQuota = cpus > 0 ? (long)(cpus * 100000) : null,
            CpuShares = o.Changed("cpu-shares") && o.GetString("cpu-shares") is { } shares && shares != "0" ? ulong.Parse(shares, CultureInfo.InvariantCulture) : null,
            CpusetCpus = o.GetString("cpuset-cpus") is { Length: > 0 } cpusetCpus ? cpusetCpus : null,
            CpusetMems = o.GetString("cpuset-mems") is { Length: > 0 } cpusetMems ? cpusetMems : null,
            Memory = memory is 0 ? null : memory,
            MemorySwap = swap,
        };
    }
}
