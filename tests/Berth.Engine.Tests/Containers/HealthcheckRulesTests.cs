using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

/// <summary>podman 4.3.1's healthcheck bookkeeping (libpod/healthcheck.go), checked against what podman recorded here.</summary>
public sealed class HealthcheckRulesTests
{
    private static HealthLogEntry Result(int code, int second = 0) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(second), DateTimeOffset.UnixEpoch.AddSeconds(second + 1), code, "");

    [Fact]
    public void Command_TestForms_AsPodman()
    {
        Assert.Equal(["/bin/sh", "-c", "echo a b"], HealthcheckRules.Command(new HealthcheckConfig { Test = ["CMD-SHELL", "echo a", "b"] }));
        Assert.Equal(["false", "x"], HealthcheckRules.Command(new HealthcheckConfig { Test = ["CMD", "false", "x"] }));
        Assert.Equal(["/bin/true"], HealthcheckRules.Command(new HealthcheckConfig { Test = ["/bin/true"] }));
        Assert.Null(HealthcheckRules.Command(new HealthcheckConfig { Test = ["NONE"] }));
        Assert.Null(HealthcheckRules.Command(new HealthcheckConfig { Test = ["CMD"] }));
        Assert.Null(HealthcheckRules.Command(null));
    }

    [Fact]
    public void Record_FailuresCountToRetries_ThenSuccessResets()
    {
        // podman 4.3.1, --health-retries 2: {"Status":"starting","FailingStreak":1} then {"Status":"unhealthy","FailingStreak":2}.
        var starting = new HealthState { Status = HealthStatus.Starting };
        var one = HealthcheckRules.Record(starting, Result(1), inStartPeriod: false, retries: 2);
        Assert.Equal(("starting", 1), (one.Status, one.FailingStreak));
        var two = HealthcheckRules.Record(one, Result(1), inStartPeriod: false, retries: 2);
        Assert.Equal(("unhealthy", 2), (two.Status, two.FailingStreak));
        var healthy = HealthcheckRules.Record(two, Result(0), inStartPeriod: false, retries: 2);
        Assert.Equal(("healthy", 0), (healthy.Status, healthy.FailingStreak));
        Assert.Equal(3, healthy.Log.Count);
    }

    [Fact]
    public void Record_InStartPeriod_FailureNotCounted()
    {
        var h = HealthcheckRules.Record(new HealthState { Status = HealthStatus.Starting }, Result(1), inStartPeriod: true, retries: 1);
        Assert.Equal(("starting", 0), (h.Status, h.FailingStreak));
        Assert.Single(h.Log);
    }

    [Fact]
    public void Record_KeepsLastFiveResults()
    {
        HealthState? h = null;
        for (var i = 0; i < 7; i++)
        {
            h = HealthcheckRules.Record(h, Result(0, i), inStartPeriod: false, retries: 3);
        }

        Assert.Equal(5, h!.Log.Count);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(2), h.Log[0].Start);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(6), h.Log[^1].Start);
    }

    [Fact]
    public void Output_LinesJoinedAndCut()
    {
        Assert.Equal("a\nb", HealthcheckRules.Output("a\r\nb\n"));
        Assert.Equal("", HealthcheckRules.Output(""));
        Assert.Equal(500, HealthcheckRules.Output(new string('x', 800)).Length);
    }

    [Theory]
    [InlineData(30_000_000_000L, "30s")]
    [InlineData(1_000_000_000L, "1s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(500_000_000L, "500ms")]
    [InlineData(0L, "0s")]
    public void GoDuration_FormatsAsGo(long ns, string expected) => Assert.Equal(expected, HealthcheckRules.GoDuration(ns));
}
