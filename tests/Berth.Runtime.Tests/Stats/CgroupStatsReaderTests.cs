using Berth.Platform.Host;
using Berth.Runtime.Stats;

namespace Berth.Runtime.Tests.Stats;

/// <summary>The reader over cgroup files recorded from a podman 4.3.1 container (Golden/podman-4.3/stats/cgroup-v1, see record.sh)
/// laid out as /sys/fs/cgroup would hold them, and over a v2 tree written here.</summary>
public sealed class CgroupStatsReaderTests : IDisposable
{
    private const string Path1 = "/libpod_parent/libpod-496d9cf2455d";
    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "stats", "cgroup-v1");
    private readonly string _root = Directory.CreateTempSubdirectory("berth-cgroup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Read_RecordedV1_GivesPodmansNumbers()
    {
        foreach (var (controller, file) in new[]
        {
            ("cpuacct", "cpuacct.usage"), ("cpuacct", "cpuacct.usage_sys"), ("cpuacct", "cpuacct.usage_percpu"),
            ("memory", "memory.usage_in_bytes"), ("memory", "memory.limit_in_bytes"), ("pids", "pids.current"),
            ("blkio", "blkio.throttle.io_service_bytes_recursive"),
        })
        {
            var dir = Path.Combine(_root, "sys", controller, Path1.TrimStart('/'));
            Directory.CreateDirectory(dir);
            File.Copy(Path.Combine(Recorded, file), Path.Combine(dir, file));
        }

        Directory.CreateDirectory(Path.Combine(_root, "proc", "7", "net"));
        File.Copy(Path.Combine(Recorded, "net-dev"), Path.Combine(_root, "proc", "7", "net", "dev"));

        var s = CgroupStatsReader.Read(Path1, 7, null, Path.Combine(_root, "sys"), Path.Combine(_root, "proc"), CgroupVersion.V1);
        Assert.Equal(2133279000UL, s.CpuUsageNanos);
        Assert.Equal(32000000UL, s.CpuKernelUsage);
        Assert.Equal([766145321UL, 1386355894UL], s.PerCpuNanos);
        Assert.Equal(630784UL, s.MemoryUsage); // podman printed 630.8kB
        Assert.Equal(9223372036854771712UL, s.MemoryLimit);
        Assert.Equal(2UL, s.Pids);
        Assert.Equal(0UL, s.BlockReadBytes);
        Assert.Equal(1220UL, s.NetReceivedBytes);
        Assert.Equal(516UL, s.NetTransmittedBytes); // podman printed NET IO 516B / 1.22kB
    }

    [Fact]
    public void Read_V2SystemdPath_ReadsUnifiedFiles()
    {
        var dir = Path.Combine(_root, "machine.slice", "libpod-abc.scope");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        File.WriteAllText(Path.Combine(dir, "memory.stat"), "anon 4096\nfile 8192\ninactive_file 100\n");
        File.WriteAllText(Path.Combine(dir, "memory.max"), "max\n");
        File.WriteAllText(Path.Combine(dir, "pids.current"), "3\n");
        File.WriteAllText(Path.Combine(dir, "io.stat"),
            "8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n254:1 rbytes=5 wbytes=7 rios=1 wios=1\n");

        var s = CgroupStatsReader.Read("machine.slice:libpod:abc", 0, null, _root, "/nonexistent", CgroupVersion.V2);
        Assert.Equal(1_500_000UL, s.CpuUsageNanos);
        Assert.Equal(500UL, s.CpuKernelUsage);
        Assert.Equal(4096UL, s.MemoryUsage);
        Assert.Equal(ulong.MaxValue, s.MemoryLimit);
        Assert.Equal(3UL, s.Pids);
        Assert.Equal(105UL, s.BlockReadBytes);
        Assert.Equal(207UL, s.BlockWriteBytes);
        Assert.Null(s.NetReceivedBytes);
    }

    [Fact]
    public void Read_MissingCgroup_IsNotFound()
    {
        var e = Assert.Throws<BerthException>(() =>
            CgroupStatsReader.Read("/libpod_parent/gone", 0, null, _root, _root, CgroupVersion.V1));
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public void ParseBlkio_SumsReadAndWriteOnly()
    {
        var entries = CgroupFiles.ParseBlkioServiceBytes("8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:0 Total 12288\nTotal 12288\n");
        Assert.Equal(4, entries.Count);
        Assert.Equal(new BlockIoEntry(8, 0, "Write", 8192), entries[1]);
    }

    [Fact]
    public void ParseNetDev_Recorded_ReadsEveryInterface()
    {
        var devs = CgroupFiles.ParseNetDev(File.ReadAllText(Path.Combine(Recorded, "net-dev")));
        Assert.Equal(["lo", "eth0"], devs.Select(d => d.Name));
        Assert.Equal(new NetDeviceCounters("eth0", 1220, 516), devs[1]);
    }

    [Theory]
    [InlineData("/libpod_parent/libpod-x", "/libpod_parent/libpod-x")]
    [InlineData("machine.slice:libpod:x", "/machine.slice/libpod-x.scope")]
    [InlineData("user-1000.slice:podman:x", "/user.slice/user-1000.slice/podman-x.scope")]
    public void Resolve_CgroupsPath_MatchesSystemdLayout(string spec, string expected)
    {
        Assert.Equal(expected, CgroupPaths.Resolve(spec));
    }

    [Fact]
    public void Freezer_RecordedAndV2States()
    {
        Assert.Equal(FreezerState.Thawed, CgroupFreezer.ParseV1(File.ReadAllText(Path.Combine(Recorded, "freezer.state"))));
        Assert.Equal(FreezerState.Frozen, CgroupFreezer.ParseV1(File.ReadAllText(Path.Combine(Recorded, "freezer.state.paused"))));
        Assert.Equal(FreezerState.Undefined, CgroupFreezer.ParseV1(null));
        Assert.Equal(FreezerState.Thawed, CgroupFreezer.ParseV2("0\n", "populated 1\nfrozen 0\n"));
        Assert.Equal(FreezerState.Freezing, CgroupFreezer.ParseV2("1\n", "populated 1\nfrozen 0\n"));
        Assert.Equal(FreezerState.Frozen, CgroupFreezer.ParseV2("1\n", "populated 1\nfrozen 1\n"));
    }
}
