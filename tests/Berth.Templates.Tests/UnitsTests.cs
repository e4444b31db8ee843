namespace Berth.Templates.Tests;

/// <summary>docker/go-units v0.5.0 and podman's size column.</summary>
public sealed class UnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1999097, "1.999MB")]
    [InlineData(419430400, "419.4MB")]
    [InlineData(1.5e12, "1.5TB")]
    public void HumanSize_Bytes_UsesDecimalUnits(double size, string expected) => Assert.Equal(expected, Units.HumanSize(size));

    [Theory]
    [InlineData(1999097, "2MB")]
    [InlineData(11431, "11.4kB")]
    [InlineData(999999, "1e+03kB")]
    [InlineData(40008827, "40MB")]
    public void HumanSizeWithPrecision_Three_UsesPercentG(double size, string expected) =>
        Assert.Equal(expected, Units.HumanSizeWithPrecision(size, 3));

    [Theory]
    [InlineData(1024, "1KiB")]
    [InlineData(1536, "1.5KiB")]
    [InlineData(1023, "1023B")]
    public void BytesSize_Bytes_UsesBinaryUnits(double size, string expected) => Assert.Equal(expected, Units.BytesSize(size));

    [Theory]
    [InlineData(1999097L, "2 MB")]
    [InlineData(11431L, "11.4 kB")]
    [InlineData(308194L, "308 kB")]
    public void PodmanSize_Bytes_SeparatesUnit(long size, string expected) => Assert.Equal(expected, Units.PodmanSize(size));

    [Theory]
    [InlineData(0.5, "Less than a second")]
    [InlineData(1.5, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(89 * 60, "About an hour")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(730 * 86400, "2 years")]
    public void HumanDuration_Thresholds_MatchGoUnits(double seconds, string expected) =>
        Assert.Equal(expected, Units.HumanDuration(TimeSpan.FromSeconds(seconds)));
}
