using System.Text;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Runtime.Stats;
using Berth.Runtime.Top;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// stats/top/port output paths against podman 4.3.1 recordings (tests/Berth.Runtime.Tests/Golden/podman-4.3/stats and
/// top, re-recorded by stats/record.sh): the numbers of a recorded sample in, podman's exact text out.
/// </summary>
public class ObserveOutputTests
{
    private const string Id = "496d9cf2455d0123456789abcdef0123456789abcdef0123456789abcdef0123";

    // A memory limit that go-units prints as 25.28GB (decimal) and 23.54GiB (binary), as on the recording host.
    private const ulong HostMemory = 25_280_000_000;

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ObserveGolden", name));

    private static ContainerStatsReport Sample(double cpu, ulong durationNanos) => new()
    {
        ContainerID = Id,
        Name = "t",
        CPU = cpu,
        AvgCPU = cpu,
        MemUsage = 630_784,
        MemLimit = HostMemory,
        MemPerc = 630_784.0 / HostMemory * 100,
        NetInput = 516,
        NetOutput = 1_220,
        PIDs = 2,
        Duration = durationNanos,
        CPUNano = durationNanos,
        PerCPU = [durationNanos / 2, durationNanos / 2],
    };

    [Fact]
    public void Stats_DefaultTable_MatchesPodman()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(64.82, 1_502_065_286)], null, noTrunc: false);
        Assert.Equal(Golden("no-stream.txt"), output.ToString());
    }

    [Fact]
    public void Stats_Json_MatchesPodman()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(65.61, 1_632_739_549)], "json", noTrunc: false);
        Assert.Equal(Golden("no-stream.json"), output.ToString());
    }

    [Fact]
    public void Stats_JsonTemplate_IsTheJsonOutput()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(65.34, 1_783_516_533)], "{{json .}}", noTrunc: false);
        Assert.Equal(Golden("no-stream-json-template.txt"), output.ToString());
    }

    [Fact]
    public void Stats_TableTemplate_BinaryUnitsAndNanosecondCpuTime()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(65.07, 1_916_144_081)], "table {{.ID}} {{.MemUsageBytes}} {{.UpTime}} {{.AVGCPU}}", noTrunc: false);
        Assert.Equal(Golden("no-stream-table-template.txt"), output.ToString());
    }

    [Fact]
    public void Stats_StoppedContainer_ZerosLikePodman()
    {
        var output = new StringWriter();
        var stopped = StatsCalculator.Calculate(new StatsSubject(Id, "t", false, default, null), null, null, HostMemory, 0);
        StatsOutput.Write(output, [stopped], "json", noTrunc: false);
        Assert.Equal(Golden("stopped.txt"), output.ToString());
    }

    [Fact]
    public void Stats_FieldsAndMethods_AsPodmanTemplatesSeeThem()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(1.889580652683414, 160_058_990)], "{{.ID}} {{.PIDs}} {{.MemUsage}} {{.CPU}} {{.Up}} {{.PerCPU}} {{.ContainerID}}", noTrunc: false);
        Assert.Equal($"496d9cf2455d 2 630.8kB / 25.28GB 1.889580652683414 160.05899ms [80029495 80029495] {Id}\n", output.ToString());
    }

    [Fact]
    public void Stats_NoTrunc_FullId()
    {
        var output = new StringWriter();
        StatsOutput.Write(output, [Sample(1, 1)], "{{.ID}}", noTrunc: true);
        Assert.Equal(Id + "\n", output.ToString());
    }

    [Fact]
    public void Stats_UnknownField_GoTemplateError()
    {
        var e = Assert.ThrowsAny<Exception>(() => StatsOutput.Write(new StringWriter(), [Sample(1, 1)], "table {{.ID}} {{.NoSuchField}}", noTrunc: false));
        Assert.Contains("can't evaluate field NoSuchField in type containers.containerStats", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_Table_AlignedLikePodman()
    {
        var table = new TopTable(
            ["USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND"],
            [
                ["root", "1", "0", "43.135", "4.636567158s", "?", "2s", "sh -c sleep 1000 & while :; do :; done "],
                ["root", "6", "1", "0.000", "4.636716473s", "?", "0s", "sleep 1000 "],
            ]);
        var output = new StringWriter();
        TopOutput.Write(output, table);
        Assert.Equal(Golden("default.txt"), output.ToString());
    }

    [Fact]
    public void Port_AllMappings_OneLinePerPortAndProtocol()
    {
        var output = new StringBuilder();
        PublishedPort[] ports = [new("", 80, 8080, 1, "tcp"), new("127.0.0.1", 5000, 6000, 2, "tcp,udp")];
        Assert.True(PortOutput.Write(output, Id, ports, null, all: false));
        Assert.Equal(
            "80/tcp -> 0.0.0.0:8080\n5000/tcp -> 127.0.0.1:6000\n5001/tcp -> 127.0.0.1:6001\n5000/udp -> 127.0.0.1:6000\n5001/udp -> 127.0.0.1:6001\n",
            output.ToString());
    }

    [Fact]
    public void Port_Wanted_HostSideInRangeWithIdPrefixForAll()
    {
        var output = new StringBuilder();
        PublishedPort[] ports = [new("", 80, 8080, 1, "tcp"), new("", 5000, 6000, 3, "udp")];
        Assert.True(PortOutput.Write(output, Id, ports, PortOutput.ParsePort("5002/udp"), all: true));
        Assert.Equal("496d9cf2455d\t0.0.0.0:6002\n", output.ToString());
        Assert.False(PortOutput.Write(new StringBuilder(), Id, ports, PortOutput.ParsePort("99"), all: false));
        Assert.True(PortOutput.Write(new StringBuilder(), Id, [], PortOutput.ParsePort("99"), all: false));
    }

    [Fact]
    public void Port_WantedOnTwoHostIps_EveryMatch()
    {
        // podman 4.3.1: run -p 127.0.0.1:18080:80 -p 18081:80 -p 18082-18083:90-91/udp; port C 80 / port C 91 (exit 125).
        PublishedPort[] ports = [new("127.0.0.1", 80, 18080, 1, "tcp"), new("", 80, 18081, 1, "tcp"), new("", 90, 18082, 2, "udp")];
        var output = new StringBuilder();
        Assert.True(PortOutput.Write(output, Id, ports, PortOutput.ParsePort("80"), all: false));
        Assert.Equal("127.0.0.1:18080\n0.0.0.0:18081\n", output.ToString());
        Assert.False(PortOutput.Write(new StringBuilder(), Id, ports, PortOutput.ParsePort("91"), all: false));
    }

    [Theory]
    [InlineData("99999", "strconv.ParseUint: parsing \"99999\": value out of range")]
    [InlineData("abc", "strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("/tcp", "strconv.ParseUint: parsing \"\": invalid syntax")]
    [InlineData("80/tcp/x", "port formats are port/protocol. '80/tcp/x' is invalid")]
    public void Port_BadPort_PodmanErrors(string text, string message)
    {
        var e = Assert.Throws<BerthException>(() => PortOutput.ParsePort(text));
        Assert.Equal(message, e.Message);
    }
}
