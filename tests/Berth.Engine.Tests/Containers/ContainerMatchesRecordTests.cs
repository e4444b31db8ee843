using Berth.Engine.Containers;
using Berth.Storage.Containers;

namespace Berth.Engine.Tests.Containers;

/// <summary>A container in hand may stand for its stored record only while its config and state are the record's own.</summary>
public sealed class ContainerMatchesRecordTests
{
    private static readonly ContainerRecord Record = new(
        "39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df", "n", null, DateTimeOffset.UnixEpoch,
        """{"Id":"39553b98e4d1415bb0b8cc4d820020bf02ea1c8f0125981b228e616abd6737df","Created":"2026-12-05T13:45:52Z"}""",
        "running", """{"Status":"running","Pid":7}""", 3);

    [Fact]
    public void ParsedOrStored_Matches_UntilConfigOrStateIsReplaced()
    {
        var parsed = Container.From(Record);
        Assert.True(parsed.MatchesRecord);
        Assert.True((parsed with { Record = Record with { Version = 4 } }).MatchesRecord);

        var otherState = parsed with { State = parsed.State with { Pid = 8 } };
        Assert.False(otherState.MatchesRecord);
        Assert.True(otherState.ConfigMatchesRecord);

        var otherConfig = parsed with { Config = parsed.Config with { ImageName = "x" } };
        Assert.False(otherConfig.ConfigMatchesRecord);
        Assert.False(otherConfig.MatchesRecord);

        Assert.False(new Container(Record, parsed.Config, parsed.State).MatchesRecord);
        Assert.True(Container.Stored(Record, parsed.Config, parsed.State).MatchesRecord);
    }
}
