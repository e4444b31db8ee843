using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

/// <summary>The local driver's options as podman 4.3.1 parses and checks them (messages and results recorded from podman).</summary>
public sealed class VolumeOptionsTests
{
    [Fact]
    public void Parse_UidGidInO_AreRecordedAndKept()
    {
        var p = VolumeOptions.Parse(Opts(("o", "uid=1000,gid=1001")));

        Assert.Equal((1000, 1001), (p.Uid, p.Gid));
        Assert.Equal(new Dictionary<string, string> { ["GID"] = "1001", ["UID"] = "1000", ["o"] = "uid=1000,gid=1001" }, p.Options);
    }

    [Fact]
    public void Parse_NoQuota_LeavesTheRestOfO()
    {
        var p = VolumeOptions.Parse(Opts(("o", "rw,noquota")));

        Assert.Equal(new Dictionary<string, string> { ["NOQUOTA"] = "true", ["o"] = "rw" }, p.Options);
        Assert.Equal(new Dictionary<string, string> { ["NOQUOTA"] = "true" }, VolumeOptions.Parse(Opts(("o", "noquota"))).Options);
    }

    [Fact]
    public void Parse_UpperCaseUidInO_IsTheOwner()
    {
        var p = VolumeOptions.Parse(Opts(("o", "UID=8")));

        Assert.Equal(8, p.Uid);
        Assert.Equal(new Dictionary<string, string> { ["UID"] = "8", ["o"] = "UID=8" }, p.Options);
    }

    [Theory]
    [InlineData("uid=abc", "cannot convert UID abc to integer: strconv.Atoi: parsing \"abc\": invalid syntax")]
    [InlineData("uid", "uid option must provide a UID: invalid argument")]
    [InlineData("gid", "gid option must provide a GID: invalid argument")]
    [InlineData("size=abc", "cannot convert size abc to integer: invalid size: 'abc'")]
    [InlineData("inodes=abc", "cannot convert inodes abc to integer: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("timeout=-1", "volume timeout cannot be negative (got -1)")]
    [InlineData("timeout=x", "cannot convert Timeout x to an integer: strconv.Atoi: parsing \"x\": invalid syntax")]
    public void Parse_BadValues_ArePodmansErrors(string o, string message)
    {
        var e = Assert.Throws<BerthException>(() => VolumeOptions.Parse(Opts(("o", o))));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("foo", "invalid mount option foo for driver 'local': invalid argument")]
    [InlineData("Bogus", "invalid mount option Bogus for driver 'local': invalid argument")]
    public void Validate_UnknownKey_IsRefused(string key, string message)
    {
        var e = Assert.Throws<BerthException>(() => VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts((key, "")))));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("UID")]
    [InlineData("nocopy")]
    [InlineData("copy")]
    [InlineData("device")]
    [InlineData("type")]
    public void Validate_KnownKeys_Pass(string key) =>
        VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts((key, "x"))));

    [Fact]
    public void Validate_BindDevice_MustExist()
    {
        var parsed = VolumeOptions.Parse(Opts(("type", "bind"), ("device", "/nonexistent")));

        var e = Assert.Throws<BerthException>(() => VolumeOptions.ValidateLocal(parsed));

        Assert.Equal("invalid volume option device for driver 'local': stat /nonexistent: no such file or directory", e.Message);
        VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts(("type", "bind"), ("device", "/tmp"))));
    }

    [Theory]
    [InlineData("size=10m", "volume options size and inodes not supported. Filesystem does not support Project Quota")]
    [InlineData("noquota,size=1m", "volume options size and inodes cannot be used without quota")]
    public void Validate_Quota_IsPodmansError(string o, string message)
    {
        var e = Assert.Throws<BerthException>(() => VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts(("o", o)))));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Validate_TmpfsSize_IsTheTmpfsSize_InodesAreRefused()
    {
        VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts(("type", "tmpfs"), ("device", "tmpfs"), ("o", "size=10m"))));

        var e = Assert.Throws<BerthException>(() => VolumeOptions.ValidateLocal(VolumeOptions.Parse(Opts(("type", "tmpfs"), ("o", "inodes=10")))));
        Assert.Equal("volume option inodes not supported on tmpfs filesystem", e.Message);
    }

    /// <summary>libpod's needsMount, with the volumes podman made (tmp1, u9, u19 mount; own1, u7, u16, u20 do not).</summary>
    [Theory]
    [InlineData(true, "type=tmpfs", "device=tmpfs", "o=nodev,noexec")]
    [InlineData(true, "type=bind", "device=/tmp")]
    [InlineData(true, "device=/dev/null")]
    [InlineData(false, "UID=7")]
    [InlineData(false, "NOQUOTA=true")]
    [InlineData(false, "NOQUOTA=true", "o=rw")]
    [InlineData(false, "GID=1001", "UID=1000", "o=uid=1000,gid=1001")]
    [InlineData(false, "nocopy=")]
    [InlineData(false)]
    public void NeedsMount_AsLibpod(bool expected, params string[] options) =>
        Assert.Equal(expected, VolumeOptions.NeedsMount(options.Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1])));

    [Fact]
    public void MountFor_Tmpfs_UsesTheTypeAsDevice()
    {
        var m = VolumeOptions.MountFor(Opts(("type", "tmpfs"), ("o", "size=10m,nodev")), "/v/_data");

        Assert.Equal(("tmpfs", "tmpfs", "/v/_data"), (m.Type, m.Source, m.Target));
        Assert.Equal(["size=10m", "nodev"], m.Options);
    }

    [Theory]
    [InlineData("none", "o=bind")]
    [InlineData("bind", "")]
    public void MountFor_Binds_AreBindMounts(string type, string o)
    {
        var options = Opts(("type", type), ("device", "/srv/x"));
        if (o.Length > 0)
        {
            options["o"] = o["o=".Length..];
        }

        var m = VolumeOptions.MountFor(options, "/v/_data");

        Assert.Equal("/srv/x", m.Source);
        Assert.Contains("bind", m.Options);
    }

    private static Dictionary<string, string> Opts(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
