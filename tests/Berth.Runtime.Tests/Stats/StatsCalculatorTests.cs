using Berth.Runtime.Stats;

namespace Berth.Runtime.Tests.Stats;

public sealed class StatsCalculatorTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly ulong StartedNanos = 1_700_000_000UL * 1_000_000_000;
    private static readonly StatsSubject Subject = new("496d9cf2455d0000", "t", true, Started, null);

    private static readonly CgroupStats Sample = new()
    {
        CpuUsageNanos = 2_000_000_000,
        CpuKernelUsage = 32_000_000,
        PerCpuNanos = [1_000_000_000, 1_000_000_000],
        MemoryUsage = 630_784,
        Pids = 2,
        BlockReadBytes = 10,
        BlockWriteBytes = 20,
        NetReceivedBytes = 1220,
        NetTransmittedBytes = 516,
    };

    [Fact]
    public void Calculate_FirstSample_CpuRunsFromStartAndEqualsAverage()
    {
        var r = StatsCalculator.Calculate(Subject, Sample, null, 25_276_157_952, StartedNanos + 2_500_000_000);
        Assert.Equal(80.0, r.CPU, 9);
        Assert.Equal(80.0, r.AvgCPU, 9);
        Assert.Equal("80.00%", ContainerStatsReport.Percent(r.CPU));
        Assert.Equal(25_276_157_952UL, r.MemLimit);
        Assert.Equal(630_784.0 / 25_276_157_952 * 100, r.MemPerc, 12);
        Assert.Equal("0.00%", ContainerStatsReport.Percent(r.MemPerc));
        Assert.Equal(516UL, r.NetInput);  // podman's swap: transmitted first
        Assert.Equal(1220UL, r.NetOutput);
        Assert.Equal(2UL, r.PIDs);
        Assert.Equal(2_000_000_000UL, r.Duration);
        Assert.Equal(TimeSpan.FromSeconds(2), r.UpTime);
        Assert.Equal(StartedNanos + 2_500_000_000, r.SystemNano);
    }

    [Fact]
    public void Calculate_SecondSample_UsesDeltaSincePrevious()
    {
        var first = StatsCalculator.Calculate(Subject, Sample, null, ulong.MaxValue, StartedNanos + 2_500_000_000);
        var later = Sample with { CpuUsageNanos = 2_250_000_000 };
        var r = StatsCalculator.Calculate(Subject, later, first, ulong.MaxValue, StartedNanos + 3_500_000_000);
        Assert.Equal(25.0, r.CPU, 9);                        // 0.25 s of CPU in 1 s
        Assert.Equal(2.25 / 3.5 * 100, r.AvgCPU, 9);
    }

    [Fact]
    public void Calculate_RestartedContainer_StartsOverFromZero()
    {
        var previous = new ContainerStatsReport { Duration = 9_000_000_000, CPUNano = 9_000_000_000, SystemNano = StartedNanos };
        var r = StatsCalculator.Calculate(Subject, Sample, previous, ulong.MaxValue, 4_000_000_000);
        Assert.Equal(50.0, r.CPU, 9); // 2 s of CPU over 4 s since the zero time
    }

    [Fact]
    public void Calculate_NotRunning_ReportsZerosWithIdentity()
    {
        var r = StatsCalculator.Calculate(Subject with { Running = false }, Sample, null, 100, StartedNanos);
        Assert.Equal("t", r.Name);
        Assert.Equal(0UL, r.MemLimit);
        Assert.Equal(0, r.CPU);
        Assert.Equal(0UL, r.PIDs);
    }

    [Theory]
    [InlineData(null, 1000UL, 1000UL)]
    [InlineData(512L, 1000UL, 512UL)]
    [InlineData(4096L, 1000UL, 1000UL)]
    [InlineData(0L, 1000UL, 1000UL)]
    [InlineData(-1L, 1000UL, 1000UL)]
    public void MemoryLimit_ClampsToHostMemory(long? spec, ulong host, ulong expected)
    {
        Assert.Equal(expected, StatsCalculator.MemoryLimit(spec, host));
    }

    [Fact]
    public void CpuPercent_NonPositiveDeltas_AreZero()
    {
        Assert.Equal(0, StatsCalculator.CpuPercent(5, 5, 10, 0));
        Assert.Equal(0, StatsCalculator.CpuPercent(5, 0, 10, 10));
        Assert.Equal(50, StatsCalculator.CpuPercent(5, 0, 10, 0));
    }

    [Fact]
    public void Columns_MatchPodmanRecording()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "stats");
        var header = File.ReadLines(Path.Combine(dir, "no-stream.txt")).First();
        Assert.Equal(StatsColumns.DefaultHeader, System.Text.RegularExpressions.Regex.Split(header.Trim(), "  +"));

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "no-stream.json")));
        Assert.Equal(StatsColumns.JsonFields, json.RootElement[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("AVG CPU %", StatsColumns.Headers["AVGCPU"].ToUpperInvariant());
    }
}
