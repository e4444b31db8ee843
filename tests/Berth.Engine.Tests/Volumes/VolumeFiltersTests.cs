using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

/// <summary>volume ls/prune filters as podman 4.3.1 applies them: any filter may match (recorded: name=u1,label=a lists both).</summary>
public sealed class VolumeFiltersTests
{
    private static readonly Volume[] Volumes =
    [
        new() { Name = "lab1", Mountpoint = "/v/lab1/_data", CreatedAt = DateTimeOffset.UtcNow.AddHours(-2), Labels = new Dictionary<string, string> { ["a"] = "b", ["c"] = "", ["com.example.key"] = "v" } },
        new() { Name = "tmp1", Mountpoint = "/v/tmp1/_data", CreatedAt = DateTimeOffset.UtcNow, Options = new Dictionary<string, string> { ["type"] = "tmpfs", ["o"] = "nodev" } },
        new() { Name = "u16", Mountpoint = "/v/u16/_data", CreatedAt = DateTimeOffset.UtcNow },
        new() { Name = "x1", Mountpoint = "/v/x1/_data", CreatedAt = DateTimeOffset.UtcNow },
    ];

    [Theory]
    [InlineData("name=u1", "u16")]
    [InlineData("name=^u1$", "")]
    [InlineData("name=u1|label=a", "lab1,u16")]
    [InlineData("name=u1|name=x", "u16,x1")]
    [InlineData("label=a", "lab1")]
    [InlineData("label=a=b", "lab1")]
    [InlineData("label=a=c", "")]
    [InlineData("label=c=", "lab1")]
    [InlineData("label=*example*", "lab1")]
    [InlineData("label=com.*", "lab1")]
    [InlineData("label=example", "")]
    [InlineData("driver=local", "lab1,tmp1,u16,x1")]
    [InlineData("driver=Local", "")]
    [InlineData("scope=local", "lab1,tmp1,u16,x1")]
    [InlineData("opt=type", "tmp1")]
    [InlineData("opt=type=tmpfs", "tmp1")]
    [InlineData("opt=nodev", "")]
    [InlineData("until=1h", "lab1")]
    [InlineData("dangling=true", "tmp1,u16,x1")]
    [InlineData("dangling=FALSE", "lab1")]
    [InlineData("dangling=0", "lab1")]
    public void Build_MatchesAsPodman(string filters, string expected)
    {
        var match = VolumeFilters.Build(filters.Split('|'), v => v.Name != "lab1")!;

        Assert.Equal(expected, string.Join(',', Volumes.Where(match).Select(v => v.Name)));
    }

    [Fact]
    public void Build_None_IsNull() => Assert.Null(VolumeFilters.Build([], _ => true));

    [Theory]
    [InlineData("label!=a", "\"label!\" is an invalid volume filter")]
    [InlineData("Name=x", "\"Name\" is an invalid volume filter")]
    [InlineData("bogus=1", "\"bogus\" is an invalid volume filter")]
    [InlineData("name", "filter input must be in the form of filter=value: name is invalid")]
    [InlineData("dangling=t", "\"t\" is not a valid value for the \"dangling\" filter - must be true or false")]
    [InlineData("until=abc", "failed to parse value as time or duration: \"abc\"")]
    public void Build_BadFilters_ArePodmansErrors(string filter, string message)
    {
        var e = Assert.Throws<BerthException>(() => VolumeFilters.Build([filter], _ => true));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Build_BadRegex_IsAnError() =>
        Assert.StartsWith("error parsing regexp: ", Assert.Throws<BerthException>(() => VolumeFilters.Build(["name=["], _ => true)).Message, StringComparison.Ordinal);
}
