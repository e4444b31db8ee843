using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Mounts;

namespace Berth.Engine.Tests.Containers.Mounts;

/// <summary>MountsView of the parsed flags against podman 4.3.1's inspect right after create and after init.</summary>
public sealed class MountsViewGoldenTests
{
    public static TheoryData<int> Created => [.. MountGolden.Cases
        .Where(c => c.ExitCode == 0)
        .Select(c => c.Number)];

    public static TheoryData<int> Initialised => [.. MountGolden.Cases
        .Where(c => c.ExitCode == 0 && c.Recorded.GetProperty("initialised").ValueKind == JsonValueKind.Object)
        .Select(c => c.Number)];

    private static List<string>? VolumesFromValues(MountCase c)
    {
        var values = c.Words.Select((w, i) => (w, i)).Where(p => p.w == "--volumes-from").Select(p => c.Words[p.i + 1]).ToList();
        return values.Count > 0 ? values : null;
    }

    private static string Mountpoint(string name) => $"/tmp/mf-record/root/volumes/{name}/_data";

    /// <summary>The container the lead would store: the parsed mounts, anonymous volumes named as podman named them.</summary>
    private static ContainerConfig Config(MountCase c)
    {
        var parsed = MountGolden.Parse(c);
        var recordedNames = c.Recorded.GetProperty("created").GetProperty("Mounts").EnumerateArray()
            .Where(m => m.GetProperty("Type").GetString() == "volume")
            .ToDictionary(m => m.GetProperty("Destination").GetString()!, m => m.GetProperty("Name").GetString()!);
        return new ContainerConfig
        {
            Id = "0123",
            Created = DateTimeOffset.UnixEpoch,
            NamedVolumes = [.. parsed.NamedVolumes.Select(v => v.IsAnonymous ? v with { Name = recordedNames[v.Destination] } : v)],
            Mounts = parsed.Mounts,
            OverlayVolumes = parsed.OverlayVolumes,
            ImageVolumes = parsed.ImageVolumes,
            Devices = parsed.Devices,
            UserVolumes = parsed.UserVolumes,
        };
    }

    [Theory]
    [MemberData(nameof(Created))]
    public void Build_Created_PodmansInspect(int number)
    {
        var c = MountGolden.Cases[number - 1];
        AssertView(c.Recorded.GetProperty("created"), MountsView.Build(Config(c), Mountpoint, volumesFrom: VolumesFromValues(c)));
    }

    [Theory]
    [MemberData(nameof(Initialised))]
    public void Build_InitialisedWithTheRuntimeSpec_PodmansInspect(int number)
    {
        var c = MountGolden.Cases[number - 1];
        var spec = c.Recorded.GetProperty("spec").GetProperty("mounts").EnumerateArray().Select(m => new UserMount
        {
            Type = m.GetProperty("type").GetString()!,
            Source = m.GetProperty("source").GetString()!,
            Destination = m.GetProperty("destination").GetString()!,
            Options = m.TryGetProperty("options", out var o) ? [.. o.EnumerateArray().Select(e => e.GetString()!)] : [],
        }).ToList();
        AssertView(c.Recorded.GetProperty("initialised"), MountsView.Build(Config(c), Mountpoint, spec, VolumesFromValues(c)));
    }

    [Fact]
    public void Build_VolumesFrom_SplitOnCommasLikePodman()
    {
        var config = new ContainerConfig { Id = "0123", Created = DateTimeOffset.UnixEpoch };
        Assert.Equal(["src1:rw", "z", "other"], MountsView.Build(config, Mountpoint, volumesFrom: ["src1:rw,z", "other"]).VolumesFrom);
        Assert.Null(MountsView.Build(config, Mountpoint).VolumesFrom);
    }

    private static void AssertView(JsonElement recorded, InspectMounts view)
    {
        var mounts = recorded.GetProperty("Mounts").EnumerateArray().ToList();
        Assert.Equal(mounts.Count, view.Mounts.Count);
        foreach (var (want, got) in mounts.Zip(view.Mounts))
        {
            Assert.Equal(want.GetProperty("Type").GetString(), got.Type);
            Assert.Equal(want.TryGetProperty("Name", out var name) ? name.GetString() : "", got.Name);
            Assert.Equal(want.GetProperty("Source").GetString(), got.Source);
            Assert.Equal(want.GetProperty("Destination").GetString(), got.Destination);
            Assert.Equal(want.GetProperty("Driver").GetString(), got.Driver);
            Assert.Equal(want.GetProperty("Mode").GetString(), got.Mode);
            var options = want.GetProperty("Options");
            if (options.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(got.Options);
            }
            else
            {
                Assert.Equal(options.EnumerateArray().Select(o => o.GetString()), got.Options!);
            }

            Assert.Equal(want.GetProperty("RW").GetBoolean(), got.RW);
            Assert.Equal(want.GetProperty("Propagation").GetString(), got.Propagation);
        }

        Assert.Equal(recorded.GetProperty("Binds").EnumerateArray().Select(b => b.GetString()), view.Binds);
        Assert.Equal(recorded.GetProperty("Tmpfs").EnumerateObject().Select(p => (p.Name, p.Value.GetString())), view.Tmpfs.Select(p => (p.Key, (string?)p.Value)));
        Assert.Equal(
            recorded.GetProperty("Devices").EnumerateArray().Select(d => new InspectDevice(
                d.GetProperty("PathOnHost").GetString()!, d.GetProperty("PathInContainer").GetString()!, d.GetProperty("CgroupPermissions").GetString()!)),
            view.Devices);
        var volumesFrom = recorded.GetProperty("VolumesFrom");
        if (volumesFrom.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(view.VolumesFrom);
        }
        else
        {
            Assert.Equal(volumesFrom.EnumerateArray().Select(v => v.GetString()), view.VolumesFrom!);
        }

        Assert.Equal(JsonValueKind.Null, recorded.GetProperty("ConfigVolumes").ValueKind);
    }
}
