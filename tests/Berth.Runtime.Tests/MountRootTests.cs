using Berth.Platform;

namespace Berth.Runtime.Tests;

/// <summary>UnixFileSystem.IsMountRoot (statx's STATX_ATTR_MOUNT_ROOT) against what /proc/self/mountinfo says.</summary>
public sealed class MountRootTests
{
    [Fact]
    public void IsMountRoot_AgreesWithMountinfo()
    {
        var dir = Directory.CreateTempSubdirectory("berth-mountroot").FullName;
        try
        {
            // This kernel (6.x) reports the attribute: null would mean the mountinfo fallback, which other tests cover.
            Assert.Equal((true, true, false, false), (UnixFileSystem.IsMountRoot("/"), UnixFileSystem.IsMountRoot("/proc"), UnixFileSystem.IsMountRoot(dir), UnixFileSystem.IsMountRoot(Path.Combine(dir, "missing"))));
            Assert.Contains("/proc", KernelMounts.MountPointsUnder("/proc"));
            Assert.DoesNotContain(dir, KernelMounts.MountPointsUnder(dir));
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
