namespace Berth.Templates.Tests;

/// <summary>Go's time.Time and time.Duration formatting.</summary>
public sealed class GoTimeTests
{
    private static readonly GoTimestamp Sample = GoTimestamp.ParseRfc3339("2024-03-05T07:08:09.123456789Z");

    [Theory]
    [InlineData("2006-01-02 15:04:05", "2024-03-05 07:08:09")]
    [InlineData("Mon Jan _2 15:04:05 MST 2006", "Tue Mar  5 07:08:09 UTC 2024")]
    [InlineData("2006-01-02T15:04:05.999999999Z07:00", "2024-03-05T07:08:09.123456789Z")]
    [InlineData("3:04PM .000 ,00", "7:08AM .123 ,12")]
    [InlineData("January Monday __2 002", "March Tuesday  65 065")]
    public void Format_ReferenceLayout_MatchesGo(string layout, string expected)
    {
        Assert.Equal(expected, GoTime.Format(Sample, layout));
    }

    [Fact]
    public void String_UtcAndOffset_UseGoDefaultLayout()
    {
        Assert.Equal("2024-03-05 07:08:09.123456789 +0000 UTC", Sample.ToString());
        Assert.Equal("1999-12-31 23:59:59 -0530 -0530", GoTimestamp.ParseRfc3339("1999-12-31T23:59:59-05:30").ToString());
        Assert.Equal("0001-01-01 00:00:00 +0000 UTC", GoTimestamp.Zero.ToString());
    }

    [Fact]
    public void AddNanoseconds_OneNanosecond_KeepsFullPrecision()
    {
        var t = GoTimestamp.ParseRfc3339("2024-03-05T10:20:30Z").AddNanoseconds(1);
        Assert.Equal("2024-03-05 10:20:30.000000001 +0000 UTC", t.ToString());
        Assert.Equal(1709634030000000001L, t.UnixNanoseconds);
    }

    [Fact]
    public void FromUnix_Seconds_IsUtc()
    {
        Assert.Equal("2024-03-05 10:20:30 +0000 UTC", GoTimestamp.FromUnix(1709634030).ToString());
        Assert.Equal(1709634030L, GoTimestamp.FromUnix(1709634030).UnixSeconds);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1500L, "1.5µs")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    [InlineData(-60_000_000_000L, "-1m0s")]
    public void DurationString_Nanoseconds_MatchesGo(long nanoseconds, string expected)
    {
        Assert.Equal(expected, GoTime.DurationString(nanoseconds));
    }
}
