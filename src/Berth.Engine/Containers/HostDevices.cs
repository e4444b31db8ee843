using Berth.Oci;
using Berth.Platform;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>
/// <c>--device</c> at init: the host node as it is now (a symlink such as /dev/disk/by-id/… is followed), or every
/// node below a host directory (podman's rule for <c>--device /dev/dri</c>), with its type, numbers, mode and owner.
/// </summary>
public static class HostDevices
{
    public static IEnumerable<SpecDevice> Expand(DeviceMapping device)
    {
        var host = Resolve(device.HostPath);
        var st = UnixFileSystem.TryStat(host) ?? throw BerthException.InvalidArgument($"stat {device.HostPath}: no such file or directory");
        if (st.Kind == UnixFileKind.Directory)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(host, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
            {
                if (UnixFileSystem.TryStat(path) is { } child && Node(child) is not null)
                {
                    var inside = device.ContainerPath.TrimEnd('/') + path[host.TrimEnd('/').Length..];
                    yield return new SpecDevice(ToNode(inside, child), device.Permissions);
                }
            }

            yield break;
        }

        if (Node(st) is null)
        {
            throw BerthException.InvalidArgument($"{device.HostPath} is not a valid device");
        }

        yield return new SpecDevice(ToNode(device.ContainerPath, st), device.Permissions);
    }

    private static string Resolve(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static string? Node(UnixFileStatus st) => st.Kind switch
    {
        UnixFileKind.CharacterDevice => "c",
        UnixFileKind.BlockDevice => "b",
        _ => null,
    };

    private static LinuxDevice ToNode(string path, UnixFileStatus st) => new()
    {
        Path = path,
        Type = Node(st)!,
        Major = st.RDevMajor,
        Minor = st.RDevMinor,
        FileMode = st.Permissions & 0xFFF | (st.Kind == UnixFileKind.BlockDevice ? 0x6000u : 0x2000u),
        Uid = st.Uid,
        Gid = st.Gid,
    };
}
