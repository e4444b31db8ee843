using System.Text.Json;
using Berth.Engine.Containers.Mounts;

namespace Berth.Engine.Tests.Containers.Mounts;

/// <summary>Every line of Golden/mounts/cases.txt against what podman 4.3.1's create said and stored.</summary>
public sealed class MountFlagParserGoldenTests
{
    public static TheoryData<int> Failures => [.. MountGolden.Cases.Where(c => c.ExitCode != 0 && !c.Line.Contains("--volumes-from")).Select(c => c.Number)];

    public static TheoryData<int> Successes => [.. MountGolden.Cases.Where(c => c.ExitCode == 0).Select(c => c.Number)];

    public static TheoryData<int> VolumesFromCases => [.. MountGolden.Cases.Where(c => c.Line.Contains("--volumes-from")).Select(c => c.Number)];

    private static ParsedMounts Parse(MountCase c) => MountGolden.Parse(c);

    [Theory]
    [MemberData(nameof(Failures))]
    public void Parse_RefusedByPodman_ThrowsPodmansMessage(int number)
    {
        var c = MountGolden.Cases[number - 1];
        var e = Assert.Throws<BerthException>(() => Parse(c));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        if (c.ExitCode == 2)
        {
            // podman 4.3.1 panics here ("index out of range"); Berth refuses the value with a message instead.
            Assert.Contains("invalid", e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.Equal(125, c.ExitCode);
        Assert.Equal(c.Error, e.Message);
    }

    [Theory]
    [MemberData(nameof(Successes))]
    public void Parse_AcceptedByPodman_SameMountsAsPodmanStored(int number)
    {
        var c = MountGolden.Cases[number - 1];
        var parsed = Parse(c);
        var recorded = c.Recorded.GetProperty("created");

        // UserVolumes (ps's Mounts): podman's order inside one kind is a Go map's, so compare the sets.
        var ps = c.Recorded.GetProperty("psMounts").GetString()!.Trim('[', ']');
        Assert.Equal(ps.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), parsed.UserVolumes.Order(StringComparer.Ordinal));

        // HostConfig.Binds: "NAME-or-SOURCE:DEST:OPTIONS" of volumes and binds (anonymous volumes' names are random).
        var binds = recorded.GetProperty("Binds").EnumerateArray().Select(b => b.GetString()!.Split(':', 3)).ToList();
        var ours = parsed.NamedVolumes.Select(v => (Source: v.IsAnonymous ? "" : v.Name, v.Destination, Options: string.Join(',', v.Options)))
            .Concat(parsed.Mounts.Where(m => m.Type != "tmpfs" && parsed.UserVolumes.Contains(m.Destination)).Select(m => (m.Source, m.Destination, Options: string.Join(',', m.Options))))
            .ToList();
        Assert.Equal(binds.Count, ours.Count);
        foreach (var bind in binds)
        {
            var mine = Assert.Single(ours, o => o.Destination == bind[1]);
            if (mine.Source.Length > 0)
            {
                Assert.Equal(bind[0], mine.Source);
            }

            Assert.Equal(bind.Length > 2 ? bind[2] : "", mine.Options);
        }

        var tmpfs = recorded.GetProperty("Tmpfs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(tmpfs, parsed.Mounts.Where(m => m.Type == "tmpfs").ToDictionary(m => m.Destination, m => (string?)string.Join(',', m.Options)));

        var devices = recorded.GetProperty("Devices").EnumerateArray()
            .Select(d => (d.GetProperty("PathOnHost").GetString(), d.GetProperty("PathInContainer").GetString()));
        Assert.Equal(devices, parsed.Devices.Select(d => ((string?)d.HostPath, (string?)d.ContainerPath)));

        var images = recorded.GetProperty("Mounts").EnumerateArray().Where(m => m.GetProperty("Type").GetString() == "image")
            .Select(m => (m.GetProperty("Source").GetString(), m.GetProperty("Destination").GetString(), m.GetProperty("RW").GetBoolean()));
        Assert.Equal(images, parsed.ImageVolumes.Select(i => ((string?)i.Source, (string?)i.Destination, i.ReadWrite)));
        Assert.All(parsed.ImageVolumes, i => Assert.Equal("", i.ImageId));
    }

    [Theory]
    [MemberData(nameof(VolumesFromCases))]
    public void VolumesFromSpecParse_PodmansRulesAndMessages(int number)
    {
        var c = MountGolden.Cases[number - 1];
        var value = c.Words[c.Words.ToList().IndexOf("--volumes-from") + 1];
        if (c.ExitCode == 0)
        {
            var spec = VolumesFromSpec.Parse(value);
            Assert.Equal("src1", spec.Container);
            Assert.Equal(value.Contains(':') ? value[(value.IndexOf(':') + 1)..].Split(',') : [], spec.Options);
            var recorded = c.Recorded.GetProperty("created").GetProperty("VolumesFrom");
            Assert.Equal(recorded.EnumerateArray().Select(e => e.GetString()), MountsView.VolumesFrom([value]));
        }
        else if (value == "nope")
        {
            Assert.Equal(c.Error, VolumesFromSpec.Parse(value).NotFound().Message);
        }
        else
        {
            Assert.Equal(c.Error, Assert.Throws<BerthException>(() => VolumesFromSpec.Parse(value)).Message);
        }
    }

    [Fact]
    public void Parse_VolumesFromWithATmpfs_PodmansWarning()
    {
        var c = MountGolden.Case("--volumes-from src1");
        var warning = Assert.Single(MountGolden.Parse(c).Warnings);
        Assert.Equal(c.Stderr, $"level=warning msg=\"{warning}\"");
    }

    [Fact]
    public void Parse_VolumesFrom_BindsInTheSpecButNotInUserVolumes()
    {
        var parsed = MountGolden.Parse(MountGolden.Case("--volumes-from src1:ro"));
        var bind = Assert.Single(parsed.Mounts);
        Assert.Equal(("/tmp/mf-host/dir", "/frombind"), (bind.Source, bind.Destination));
        Assert.Equal(["ro", "rprivate", "rbind"], bind.Options);
        Assert.Equal(["/fromsrc"], parsed.UserVolumes);
        Assert.Equal(["ro", "rprivate", "nosuid", "nodev", "rbind"], Assert.Single(parsed.NamedVolumes).Options);
    }

    [Fact]
    public void Parse_CreatedNotInitialised_AcceptsWhatOnlyInitRefuses()
    {
        // podman's create takes these; its init fails later (missing upperdir, unknown image), so must ours.
        Assert.Equal(0, MountGolden.Case("-v /tmp/mf-host/dir:/data:O,upperdir=/tmp/u,workdir=/tmp/w").ExitCode);
        var overlay = Assert.Single(Parse(MountGolden.Case("-v /tmp/mf-host/dir:/data:O,upperdir=/tmp/u,workdir=/tmp/w")).OverlayVolumes);
        Assert.Equal(["O", "upperdir=/tmp/u", "workdir=/tmp/w"], overlay.Options);
        Assert.Equal("/tmp/mf-host/dir", overlay.Source);
    }
}
