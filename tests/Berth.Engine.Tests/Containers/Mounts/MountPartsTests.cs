using Berth.Engine.Containers.Mounts;

namespace Berth.Engine.Tests.Containers.Mounts;

/// <summary>The pieces under the parser: Go's path cleaning and CSV, devices, the real host seam, stable order.</summary>
public sealed class MountPartsTests
{
    [Theory]
    [InlineData("/data/", "/data")]
    [InlineData("/data/./x/..", "/data")]
    [InlineData("//a//b/", "/a/b")]
    [InlineData("/..", "/")]
    [InlineData("a/../..", "..")]
    [InlineData("", ".")]
    public void GoPathClean_LikeGo(string path, string clean) => Assert.Equal(clean, GoPath.Clean(path));

    [Fact]
    public void GoCsv_QuotedFieldsAndEmptyOnes()
    {
        var record = Assert.Single(GoCsv.ReadAll("type=bind,\"a,b\",\"say \"\"hi\"\"\","));
        Assert.Equal(["type=bind", "a,b", "say \"hi\"", ""], record);
        Assert.Equal(2, GoCsv.ReadAll("a\nb").Count);
        Assert.Empty(GoCsv.ReadAll(""));
    }

    [Fact]
    public void Parse_MountValueOverTwoLines_PodmansSyntaxError()
    {
        var e = Assert.Throws<BerthException>(() => MountFlagParser.Parse(new MountFlags { Mounts = ["type=tmpfs\ntarget=/x"] }, MountGolden.Host));
        Assert.StartsWith("incorrect mount format: should be --mount type=<bind|tmpfs|volume>", e.Message, StringComparison.Ordinal);
    }

    private static MountHost DeviceHost => new()
    {
        WorkingDirectory = "/",
        FileSystemFlags = _ => new SourceFlags(false, false, false),
        Kind = p => p switch
        {
            "/dev/snd" => HostPathKind.Directory,
            "/dev/snd/a" or "/dev/snd/sub/b" or "/dev/real" => HostPathKind.Device,
            _ => HostPathKind.Missing,
        },
        ResolveLink = p => p == "/dev/link" ? "/dev/real" : p,
        DevicesUnder = d => d == "/dev/snd" ? ["/dev/snd/a", "/dev/snd/sub/b"] : [],
    };

    [Fact]
    public void DeviceFlag_Directory_EveryNodeBelowItUnderTheTarget()
    {
        var devices = DeviceFlag.Parse(["/dev/snd:/dev/audio:r"], DeviceHost);
        Assert.Equal([("/dev/snd/a", "/dev/audio/a", "r"), ("/dev/snd/sub/b", "/dev/audio/sub/b", "r")],
            devices.Select(d => (d.HostPath, d.ContainerPath, d.Permissions)));
        Assert.Equal("invalid device specification /dev/snd:rw:r: invalid argument",
            Assert.Throws<BerthException>(() => DeviceFlag.Parse(["/dev/snd:rw:r"], DeviceHost)).Message);
    }

    [Fact]
    public void DeviceFlag_Symlink_TheTargetIsTheHostPath()
    {
        var device = Assert.Single(DeviceFlag.Parse(["/dev/link"], DeviceHost));
        Assert.Equal(("/dev/real", "/dev/real", "rwm"), (device.HostPath, device.ContainerPath, device.Permissions));
    }

    [Fact]
    public void Parse_ManyKinds_UserVolumesInFlagOrderByKind()
    {
        var parsed = MountFlagParser.Parse(
            new MountFlags
            {
                Volumes = ["vol1:/v1", "/tmp/mf-host/dir:/b1", "/v2", "/tmp/mf-host/dir:/o:O"],
                Mounts = ["type=bind,src=/tmp/mf-host/file,dst=/b0", "type=volume,dst=/v0", "type=image,src=img,dst=/i"],
                Tmpfs = ["/t"],
            },
            MountGolden.Host);
        Assert.Equal(["/b0", "/b1", "/t", "/v0", "/v1", "/v2", "/o", "/i"], parsed.UserVolumes);
        Assert.Equal([true, false, true], parsed.NamedVolumes.Select(v => v.IsAnonymous));
    }

    [Fact]
    public void Parse_RelativeSourceMissingBelowAnExistingDirectory_NamesTheMissingPrefix()
    {
        var e = Assert.Throws<BerthException>(() => MountFlagParser.Parse(new MountFlags { Volumes = ["./rel/nope/x:/d"] }, MountGolden.Host));
        Assert.Equal("lstat rel/nope: no such file or directory", e.Message);
    }

    [Fact]
    public void Parse_FromExistsSeam_MissingBindSourceIsPodmansStatfsError()
    {
        var flags = new MountFlags { Volumes = ["/srv/www:/www"] };
        Assert.Equal("statfs /srv/www: no such file or directory",
            Assert.Throws<BerthException>(() => MountFlagParser.Parse(flags, _ => false)).Message);
        Assert.Equal(["rw", "rprivate", "rbind"], Assert.Single(MountFlagParser.Parse(flags, _ => true).Mounts).Options);
    }

    [Fact]
    public void SystemHost_ThisMachine_KindsAndMountFlags()
    {
        var host = MountHost.System();
        Assert.Equal(HostPathKind.Device, host.Kind("/dev/null"));
        Assert.Equal(HostPathKind.Directory, host.Kind("/"));
        Assert.Equal(HostPathKind.Missing, host.Kind("/nonexistent-" + Guid.NewGuid()));
        Assert.Null(host.FileSystemFlags("/nonexistent-" + Guid.NewGuid()));
    }

    [Fact]
    public void SystemHost_DirectoryOnANosuidNodevNoexecMount_ThoseFlags()
    {
        // Root in the test environment (like the storage tests): a real tmpfs with the three flags, a plain dir beside it.
        var root = Directory.CreateTempSubdirectory("berth-mountflags-").FullName;
        var mounted = Path.Combine(root, "m");
        Directory.CreateDirectory(Path.Combine(mounted));
        Run("mount", "-t", "tmpfs", "-o", "nosuid,nodev,noexec", "tmpfs", mounted);
        try
        {
            Directory.CreateDirectory(Path.Combine(mounted, "inner"));
            var host = MountHost.System();
            Assert.Equal(new SourceFlags(true, true, true), host.FileSystemFlags(Path.Combine(mounted, "inner")));
            Assert.Equal(["rw", "rprivate", "noexec", "nosuid", "nodev", "rbind"],
                Assert.Single(MountFlagParser.Parse(new MountFlags { Volumes = [mounted + "/inner:/x"] }, host).Mounts).Options);
        }
        finally
        {
            Run("umount", mounted);
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file}: {err}");
    }
}
