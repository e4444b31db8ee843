using Berth.Oci;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

/// <summary>The user's mounts and devices in the generated spec.</summary>
public sealed class UserMountSpecTests
{
    private static ContainerSpecInput Input() => new()
    {
        ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        RootfsPath = "/rootfs",
        Image = PodmanGoldenTests.Busybox1,
        Files = new ContainerFiles { Hosts = "/run/x/hosts", Shm = "/run/x/shm" },
    };

    [Fact]
    public void UserMounts_ReplaceDefaultsAtTheirDestination_ParentsFirst()
    {
        var spec = SpecGenerator.Generate(Input() with
        {
            UserMounts =
            [
                new RuntimeMount { Destination = "/data/inner", Type = "bind", Source = "/host/inner", Options = ["rbind"] },
                new RuntimeMount { Destination = "/etc/hosts", Type = "bind", Source = "/host/hosts", Options = ["rbind", "ro"] },
                new RuntimeMount { Destination = "/data", Type = "tmpfs", Source = "tmpfs", Options = ["rw"] },
            ],
        });
        var mounts = spec.Mounts!;
        Assert.Single(mounts, m => m.Destination == "/etc/hosts");
        Assert.Equal("/host/hosts", mounts.Single(m => m.Destination == "/etc/hosts").Source);
        var order = mounts.Select(m => m.Destination).ToList();
        Assert.True(order.IndexOf("/data") < order.IndexOf("/data/inner"));
        // podman's own mounts keep their order ahead of the user's.
        Assert.Equal("/proc", order[0]);
        Assert.Equal(["/data", "/data/inner", "/etc/hosts"], order[^3..]);
    }

    [Fact]
    public void NoUserMounts_SpecAsBefore()
    {
        Assert.Equal(SpecGenerator.Generate(Input()).Mounts!.Select(m => m.Destination), SpecGenerator.Generate(Input() with { UserMounts = [] }).Mounts!.Select(m => m.Destination));
    }

    [Fact]
    public void Devices_NodeCreatedAndAllowedAfterTheDenyAll()
    {
        var node = new LinuxDevice { Path = "/dev/mynull", Type = "c", Major = 1, Minor = 3, FileMode = 8630, Uid = 0, Gid = 0 };
        var spec = SpecGenerator.Generate(Input() with { Devices = [new SpecDevice(node, "rw")] });
        Assert.Equal([node], spec.Linux!.Devices!);
        var rules = spec.Linux.Resources!.Devices!;
        Assert.Equal(2, rules.Count);
        Assert.False(rules[0].Allow);
        Assert.Equal(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" }, rules[1]);
        Assert.Null(SpecGenerator.Generate(Input()).Linux!.Devices);
    }
}
