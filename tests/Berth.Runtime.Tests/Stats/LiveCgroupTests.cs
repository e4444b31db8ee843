using System.Diagnostics;
using System.Globalization;
using Berth.Platform.Host;
using Berth.Runtime.Stats;

namespace Berth.Runtime.Tests.Stats;

/// <summary>A real cgroup made here for a busy-looping sh (root; v1 controllers or the v2 unified tree), read while it runs.</summary>
public sealed class LiveCgroupTests : IDisposable
{
    private static readonly string[] V1Controllers = ["cpu", "cpuacct", "memory", "pids", "blkio", "freezer"];
    private readonly string _path = $"/berth-test-{Guid.NewGuid():N}";
    private readonly bool _v2 = HostFacts.CgroupVersion == CgroupVersion.V2;
    private readonly Process _burner;

    public LiveCgroupTests()
    {
        foreach (var dir in Dirs())
        {
            Directory.CreateDirectory(dir);
        }

        try
        {
            _burner = Start();
        }
        catch
        {
            RemoveDirs();
            throw;
        }
    }

    private Process Start()
    {
        var burner = Process.Start(new ProcessStartInfo("sh", (string[])["-c", "read x; a=$(head -c 200000 /dev/zero | tr '\\0' a); while :; do :; done"]) { RedirectStandardInput = true })
            ?? throw new InvalidOperationException("sh did not start");
        try
        {
            foreach (var dir in Dirs())
            {
                File.WriteAllText(Path.Combine(dir, "cgroup.procs"), burner.Id.ToString(CultureInfo.InvariantCulture));
            }
        }
        catch
        {
            burner.Kill();
            burner.WaitForExit();
            throw;
        }

        burner.StandardInput.WriteLine("go"); // allocate (v1 charges pages where they are touched) and burn only once inside
        return burner;
    }

    public void Dispose()
    {
        _burner.Kill();
        _burner.WaitForExit();
        _burner.Dispose();
        RemoveDirs();
    }

    private void RemoveDirs()
    {
        foreach (var dir in Dirs())
        {
            for (var i = 0; i < 50 && Directory.Exists(dir); i++)
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (IOException)
                {
                    Thread.Sleep(20); // busy until the killed process is gone
                }
            }
        }
    }

    [Fact]
    public void Read_BusyProcess_CpuMovesAndPidsCounted()
    {
        var first = CgroupStatsReader.Read(_path, _burner.Id);
        var t0 = Now();
        Thread.Sleep(500);
        var second = CgroupStatsReader.Read(_path, _burner.Id);
        var t1 = Now();

        Assert.Equal(1UL, second.Pids);
        // At least 10 ms of the 500: the burner shares two cores with whatever else runs (CI runs test assemblies at once).
        Assert.True(second.CpuUsageNanos > first.CpuUsageNanos + 10_000_000, $"{first.CpuUsageNanos} -> {second.CpuUsageNanos}");
        Assert.True(second.MemoryUsage > 0);
        Assert.NotNull(second.NetReceivedBytes); // the test process shares the host's network namespace
        if (!_v2)
        {
            Assert.Equal(Environment.ProcessorCount, second.PerCpuNanos.Count);
            Assert.Equal(9223372036854771712UL, second.MemoryLimit);
        }

        var subject = new StatsSubject("id", "n", true, DateTimeOffset.UtcNow.AddSeconds(-1), null);
        var r1 = StatsCalculator.Calculate(subject, first, null, 1UL << 40, t0);
        var r2 = StatsCalculator.Calculate(subject, second, r1, 1UL << 40, t1);
        // One busy thread: up to about 100 %, less when the cores are shared with other work. The CPU counter and the
        // wall clock are read a moment apart, so a fully busy thread can show a few percent over 100.
        Assert.InRange(r2.CPU, 2, 120);
        Assert.Equal(FreezerState.Thawed, CgroupFreezer.ReadState(_path));
    }

    [Fact]
    public void Freezer_Frozen_IsReported()
    {
        var file = _v2 ? Path.Combine("/sys/fs/cgroup", _path.TrimStart('/'), "cgroup.freeze") : Path.Combine(Dirs().Last(), "freezer.state");
        File.WriteAllText(file, _v2 ? "1" : "FROZEN");
        try
        {
            var sw = Stopwatch.StartNew();
            while (CgroupFreezer.ReadState(_path) != FreezerState.Frozen && sw.Elapsed < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(20);
            }

            Assert.Equal(FreezerState.Frozen, CgroupFreezer.ReadState(_path));
        }
        finally
        {
            File.WriteAllText(file, _v2 ? "0" : "THAWED");
        }
    }

    private static ulong Now() => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private IEnumerable<string> Dirs() => _v2
        ? [Path.Combine("/sys/fs/cgroup", _path.TrimStart('/'))]
        : V1Controllers.Select(c => Path.Combine("/sys/fs/cgroup", c, _path.TrimStart('/')));
}
