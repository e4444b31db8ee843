using Berth.Engine.Networks;
using Berth.Network.Model;

namespace Berth.Engine.Tests.Networks;

/// <summary>libnetwork's network filters with podman 4.3.1's results and messages.</summary>
public sealed class NetworkFiltersTests
{
    private static readonly NetworkDefinition Full = Net("full", "d9bfe1d8fba2", "bridge", new Dictionary<string, string> { ["a"] = "b", ["c"] = "" });
    private static readonly NetworkDefinition Mac = Net("mac2", "54605b7366a1", "macvlan", null);

    [Theory]
    [InlineData("label=a", true, false)]
    [InlineData("label=a=b", true, false)]
    [InlineData("label=a=c", false, false)]
    [InlineData("label!=a", false, true)]
    [InlineData("label=a*", true, false)]
    [InlineData("id=d9b", true, false)]
    [InlineData("name=^f", true, false)]
    [InlineData("name=a", false, true)]
    [InlineData("driver=macvlan", false, true)]
    [InlineData("until=2000-01-01", false, false)]
    public void ForList_MatchesAsPodman(string filter, bool full, bool mac)
    {
        var match = NetworkFilters.ForList(NetworkFilters.Parse([filter]));

        Assert.Equal((full, mac), (match(Full), match(Mac)));
    }

    [Fact]
    public void ForList_SameKeyAnyValue_DifferentKeysAll()
    {
        var match = NetworkFilters.ForList(NetworkFilters.Parse(["name=full", "name=mac2", "driver=bridge"]));

        Assert.Equal((true, false), (match(Full), match(Mac)));
    }

    [Theory]
    [InlineData("bogus=1", "invalid filter \"bogus\"")]
    [InlineData("bogus", "filter input must be in the form of filter=value: bogus is invalid")]
    public void ForList_BadFilter_FailsAsPodman(string filter, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => NetworkFilters.ForList(NetworkFilters.Parse([filter]))).Message);

    [Fact]
    public void ForPrune_NameFilter_Invalid() =>
        Assert.Equal("invalid filter \"name\"", Assert.Throws<BerthException>(() => NetworkFilters.ForPrune(NetworkFilters.Parse(["name=x"]))).Message);

    [Theory]
    [InlineData(new[] { "dangling=maybe" }, "invalid dangling filter value \"maybe\"")]
    [InlineData(new[] { "dangling=true", "dangling=false" }, "got more than one value for filter key \"dangling\"")]
    public void Dangling_BadValues_FailAsPodman(string[] filters, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => NetworkFilters.Dangling(NetworkFilters.Parse(filters))).Message);

    [Fact]
    public void Dangling_Absent_Null() => Assert.Null(NetworkFilters.Dangling(NetworkFilters.Parse(["name=x"])));

    private static NetworkDefinition Net(string name, string idPrefix, string driver, IReadOnlyDictionary<string, string>? labels) => new()
    {
        Name = name,
        Id = idPrefix + new string('0', 52),
        Driver = driver,
        Created = "2026-12-05T15:17:19.450256026Z",
        Labels = labels,
    };
}
