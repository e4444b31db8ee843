using Berth.Runtime.Logs;

namespace Berth.Runtime.Tests.Logs;

public class LogTimeInputTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000000Z")]
    [InlineData("2024-05-01T10:00:00.5+02:00", "2024-05-01T10:00:00.500000000+02:00")]
    [InlineData("2024-05-01T10:00:00", "2024-05-01T10:00:00.000000000Z")]
    [InlineData("2024-05-01T10:00:00.123456789", "2024-05-01T10:00:00.123456789Z")]
    [InlineData("2024-05-01", "2024-05-01T00:00:00.000000000Z")]
    [InlineData("2024-05-01+02:00", "2024-05-01T00:00:00.000000000+02:00")]
    [InlineData("1714557600", "2024-05-01T10:00:00.000000000Z")]
    [InlineData("1714557600.25", "2024-05-01T10:00:00.250000000Z")]
    [InlineData("10m", "2024-05-01T11:50:00.000000000Z")]
    [InlineData("1h30m", "2024-05-01T10:30:00.000000000Z")]
    [InlineData("1.5h", "2024-05-01T10:30:00.000000000Z")]
    public void Parse_Since(string input, string expected) => Assert.Equal(expected, LogTimeInput.Parse(input, since: true, Now).ToString());

    [Theory]
    [InlineData("2999-01-01")]
    [InlineData("2999-01-01T00:00:00Z")]
    public void Parse_FarFuture_IsLaterThanAnyLogLine(string input) =>
        Assert.True(LogTimeInput.Parse(input, since: true, Now) > LogTimestamp.FromDateTimeOffset(new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Parse_UntilDuration_AfterNow() =>
        Assert.Equal("2024-05-01T12:00:30.000000000Z", LogTimeInput.Parse("30s", since: false, Now).ToString());

    [Theory]
    [InlineData("yesterday")]
    [InlineData("10x")]
    [InlineData("")]
    public void Parse_Garbage_PodmansError(string input) =>
        Assert.Equal("unable to interpret time value", Assert.Throws<BerthException>(() => LogTimeInput.Parse(input, true, Now)).Message);
}
