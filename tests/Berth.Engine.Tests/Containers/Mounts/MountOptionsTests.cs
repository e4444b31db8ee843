using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Mounts;

namespace Berth.Engine.Tests.Containers.Mounts;

public sealed class MountOptionsTests
{
    public static TheoryData<int> Initialised => [.. MountGolden.Cases
        .Where(c => c.ExitCode == 0 && c.Recorded.GetProperty("spec").ValueKind == JsonValueKind.Object)
        .Select(c => c.Number)];

    /// <summary>The user's mounts in the config.json podman's init wrote, against ours from the parsed flags.</summary>
    [Theory]
    [MemberData(nameof(Initialised))]
    public void For_EachUserMount_OptionsOfPodmansInitSpec(int number)
    {
        var c = MountGolden.Cases[number - 1];
        var parsed = MountGolden.Parse(c);
        var spec = c.Recorded.GetProperty("spec").GetProperty("mounts").EnumerateArray().ToList();
        JsonElement At(string destination) => Assert.Single(spec, m => m.GetProperty("destination").GetString() == destination);
        static IEnumerable<string?> Options(JsonElement m) =>
            m.TryGetProperty("options", out var o) ? o.EnumerateArray().Select(e => e.GetString()) : [];

        foreach (var mount in parsed.Mounts)
        {
            var recorded = At(mount.Destination);
            Assert.Equal(mount.Type, recorded.GetProperty("type").GetString());
            Assert.Equal(mount.Source, recorded.GetProperty("source").GetString());
            Assert.Equal(Options(recorded), MountOptions.For(mount));
        }

        foreach (var volume in parsed.NamedVolumes)
        {
            var recorded = At(volume.Destination);
            Assert.Equal(MountOptions.IsOverlay(volume) ? "overlay" : "bind", recorded.GetProperty("type").GetString());
            if (!MountOptions.IsOverlay(volume))
            {
                Assert.Equal(Options(recorded), MountOptions.ForNamedVolume(volume));
            }
        }
    }

    [Fact]
    public void Process_BindOnNosuidNodevNoexecFileSystem_CopiesTheFlagsUnlessGiven()
    {
        Assert.Equal(["rw", "rprivate", "noexec", "nosuid", "nodev", "rbind"], MountOptions.Process([], false, new SourceFlags(true, true, true)));
        Assert.Equal(["exec", "rw", "rprivate", "nosuid", "nodev", "rbind"], MountOptions.Process(["exec"], false, new SourceFlags(true, true, true)));
        Assert.Equal(["rw", "rprivate", "rbind"], MountOptions.Process([], false, new SourceFlags(false, false, false)));
    }

    [Fact]
    public void Process_NamedVolumeDefaults_NosuidNodevRbind()
    {
        Assert.Equal(["rw", "rprivate", "nosuid", "nodev", "rbind"], MountOptions.Process([], false, SourceFlags.Default));
        Assert.Equal(["volume-opt=o=x", "volume-opt=o=x", "rw", "rprivate", "nosuid", "nodev", "rbind"], MountOptions.Process(["volume-opt=o=x"], false, SourceFlags.Default));
    }

    [Theory]
    [InlineData("size=1,mode=1", "the 'size' option is only allowed with tmpfs mounts: invalid mount option")]
    [InlineData("tmpcopyup", "the 'tmpcopyup' option is only allowed with tmpfs mounts: invalid mount option")]
    [InlineData("rw,ro", "only one of 'rw' and 'ro' can be used: duplicate mount option passed")]
    [InlineData("U,U", "the 'U' option can only be set once: duplicate mount option passed")]
    [InlineData("idmap,idmap=x", "the 'idmap' option can only be set once: duplicate mount option passed")]
    [InlineData("bogus", "unknown mount option \"bogus\": invalid mount option")]
    public void Process_BadBindOptions_PodmansMessages(string options, string message)
    {
        Assert.Equal(message, Assert.Throws<BerthException>(() => MountOptions.Process(options.Split(','), false, SourceFlags.Default)).Message);
    }

    [Fact]
    public void ForTmpfs_U_BecomesTheUsersIds()
    {
        var tmpfs = new UserMount { Type = "tmpfs", Source = "tmpfs", Destination = "/t", Options = ["U", "rw", "tmpcopyup"] };
        Assert.Equal(["uid=1000", "gid=100", "rw", "tmpcopyup"], MountOptions.ForTmpfs(tmpfs, 1000, 100));
    }

    [Fact]
    public void ChownsAndRelabel_ReadThePodmanWords()
    {
        Assert.True(MountOptions.Chowns(["U", "rw"]));
        Assert.False(MountOptions.Chowns(["rw"]));
        Assert.Equal("Z", MountOptions.Relabel(["Z", "rw"]));
        Assert.Null(MountOptions.Relabel(["rw"]));
    }
}
