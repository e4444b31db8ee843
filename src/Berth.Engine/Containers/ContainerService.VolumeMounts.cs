using System.IO.Pipelines;
using Berth.Archive;
using Berth.Engine.Containers.Mounts;
using Berth.Oci;
using Berth.Platform;
using Berth.Runtime.Spec;

namespace Berth.Engine.Containers;

/// <summary>What a container's init mounted for it: the spec's mounts and what cleanup must release.</summary>
internal sealed record PreparedMounts(IReadOnlyList<RuntimeMount> Mounts, IReadOnlyList<SpecDevice> Devices, IReadOnlyList<string> Volumes, IReadOnlyList<string> ImageLayers)
{
    public static PreparedMounts None { get; } = new([], [], [], []);
}

public sealed partial class ContainerService
{
    /// <summary>
    /// At init (libpod's mountStorage/fixVolumePermissions): each volume is mounted (counted: a volume with mount options
    /// is mounted on its first user), filled from the image's content at its destination the first time it is used when
    /// it is empty (unless <c>nocopy</c>), given the owner and mode of that directory in the image (or the container's
    /// user) on first use, and chowned to the container's user with <c>U</c>; overlay volumes get a fresh upper directory
    /// under the bundle; image mounts mount the image. On failure everything mounted so far is released.
    /// </summary>
    internal async Task<PreparedMounts> MountVolumesLocked(ContainerConfig c, string rootfs, uint uid, uint gid, CancellationToken cancellationToken)
    {
        if (c.NamedVolumes.Count + c.Mounts.Count + c.OverlayVolumes.Count + c.ImageVolumes.Count + c.Devices.Count == 0)
        {
            return PreparedMounts.None;
        }

        var overlayRoot = Path.Combine(Paths.Bundle(c.Id), "overlay");
        DeleteTree(overlayRoot);
        var mounts = new List<RuntimeMount>();
        var mountedVolumes = new List<string>();
        var mountedLayers = new List<string>();
        try
        {
            foreach (var v in c.NamedVolumes)
            {
                if (!Volumes.Exists(v.Name))
                {
                    throw Berth.Engine.Volumes.VolumeService.NotFound(v.Name);
                }

                var path = Volumes.Mount(v.Name);
                mountedVolumes.Add(v.Name);
                var volume = Volumes.Get(v.Name);
                if (volume.NeedsCopyUp)
                {
                    if (!v.Options.Contains("nocopy") && IsEmptyDirectory(path))
                    {
                        await CopyUpAsync(rootfs, v.Destination, path, cancellationToken).ConfigureAwait(false);
                    }

                    Volumes.MarkCopiedUp(v.Name);
                }

                if (volume.NeedsChown)
                {
                    var (ownerUid, ownerGid) = FixVolumePermissions(rootfs, v.Destination, path, uid, gid);
                    Volumes.MarkChowned(v.Name, (int)ownerUid, (int)ownerGid);
                }

                var source = v.SubPath is { Length: > 0 } sub ? SubPath(path, sub, v.Name) : path;
                if (v.Options.Contains("U"))
                {
                    ChownTree(source, uid, gid);
                }

                mounts.Add(MountOptions.IsOverlay(v)
                    ? OverlayMount(Path.Combine(Paths.Bundle(c.Id), "overlay", "volume-" + v.Name), source, v.Destination, v.Options, uid, gid)
                    : new RuntimeMount { Destination = v.Destination, Type = "bind", Source = source, Options = MountOptions.ForNamedVolume(v) });
            }

            foreach (var m in c.Mounts)
            {
                if (m.Type == "bind" && m.Options.Contains("U"))
                {
                    ChownTree(m.Source, uid, gid);
                }

                mounts.Add(new RuntimeMount
                {
                    Destination = m.Destination,
                    Type = m.Type,
                    Source = m.Source,
                    Options = m.Type switch
                    {
                        "bind" => MountOptions.ForBind(m),
                        "tmpfs" => MountOptions.ForTmpfs(m, uid, gid),
                        _ => [.. m.Options],
                    },
                });
            }

            for (var i = 0; i < c.OverlayVolumes.Count; i++)
            {
                var o = c.OverlayVolumes[i];
                mounts.Add(OverlayMount(Path.Combine(overlayRoot, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), o.Source, o.Destination, o.Options, uid, gid));
            }

            for (var i = 0; i < c.ImageVolumes.Count; i++)
            {
                var iv = c.ImageVolumes[i];
                var image = Store.Images.Get(iv.ImageId) ?? throw new BerthException(ErrorKind.NotFound, $"image {iv.Source} of the image mount on {iv.Destination} is not in the store any more: {iv.ImageId}: image not known");
                var top = image.TopLayer ?? throw new BerthException(ErrorKind.InvalidState, $"image {iv.Source} has no layers: there is nothing to mount");
                var path = Store.Layers.Mount(top);
                mountedLayers.Add(top.ToString());
                mounts.Add(iv.ReadWrite
                    ? OverlayMount(Path.Combine(overlayRoot, "image-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), path, iv.Destination, [], uid, gid)
                    : new RuntimeMount { Destination = iv.Destination, Type = "bind", Source = path, Options = ["ro", "nosuid", "nodev", "rbind", "rprivate"] });
            }

            return new PreparedMounts(mounts, [.. c.Devices.SelectMany(HostDevices.Expand)], mountedVolumes, mountedLayers);
        }
        catch
        {
            ReleaseMounts(mountedVolumes, mountedLayers);
            throw;
        }
    }

    /// <summary>Releases what <see cref="MountVolumesLocked"/> mounted (at cleanup, or after a failed init).</summary>
    internal void ReleaseMounts(IReadOnlyList<string> volumeNames, IReadOnlyList<string> imageLayers)
    {
        foreach (var name in volumeNames)
        {
            try
            {
                // Exact names only: a volume removed meanwhile (volume rm -f) must not release another one by prefix.
                if (Volumes.Exists(name))
                {
                    Volumes.Unmount(name);
                }
            }
            catch (BerthException)
            {
                // removed at the same moment: nothing left to release
            }
        }

        foreach (var layer in imageLayers)
        {
            Store.Layers.Unmount(Digest.Parse(layer), force: false);
        }
    }

    /// <summary>podman's <c>O</c>: the source is the lower directory; upper and work directories live with the container and go at cleanup.</summary>
    private static RuntimeMount OverlayMount(string directory, string lower, string destination, IReadOnlyList<string> options, uint uid, uint gid)
    {
        var upper = Path.Combine(directory, "upper");
        var work = Path.Combine(directory, "work");
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        UnixFileSystem.ChangeOwner(upper, uid, gid);
        var extra = options.Where(o => o is "ro" or "nosuid" or "nodev" or "noexec" or "suid" or "dev" or "exec");
        return new RuntimeMount
        {
            Destination = destination,
            Type = "overlay",
            Source = "overlay",
            Options = [$"lowerdir={lower}", $"upperdir={upper}", $"workdir={work}", "private", .. extra],
        };
    }

    /// <summary>The first use of a volume: it takes the owner and mode of its destination in the image, or the container's user when the image has none.</summary>
    private static (uint Uid, uint Gid) FixVolumePermissions(string rootfs, string destination, string volumePath, uint uid, uint gid)
    {
        using var tree = RootedTree.Open(rootfs);
        var entry = tree.Resolve(destination, followLast: true);
        if (entry is { IsDirectory: true } && UnixFileSystem.TryStat(Path.Combine(rootfs, entry.RelativePath)) is { } st)
        {
            UnixFileSystem.ChangeOwner(volumePath, st.Uid, st.Gid);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(volumePath, (UnixFileMode)(st.Permissions & 0xFFF));
            }
            return (st.Uid, st.Gid);
        }

        UnixFileSystem.ChangeOwner(volumePath, uid, gid);
        return (uid, gid);
    }

    /// <summary>Copies what the image has at <paramref name="destination"/> (resolved inside the root file system) into an empty volume.</summary>
    private static async Task CopyUpAsync(string rootfs, string destination, string volumePath, CancellationToken cancellationToken)
    {
        using var source = RootedTree.Open(rootfs);
        if (source.Resolve(destination, followLast: true) is not { IsDirectory: true } entry)
        {
            return;
        }

        using var target = RootedTree.Open(volumePath);
        var pipe = new Pipe();
        var write = Task.Run(
            async () =>
            {
                try
                {
                    await source.ArchiveAsync(entry, "", contentsOnly: true, pipe.Writer.AsStream(), cancellationToken).ConfigureAwait(false);
                    await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken);
        await target.ExtractAsync(pipe.Reader.AsStream(), "/", LayerApplyOptions.Default, cancellationToken).ConfigureAwait(false);
        await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        await write.ConfigureAwait(false);
    }

    private static string SubPath(string volumePath, string subPath, string name)
    {
        var full = Path.GetFullPath(Path.Combine(volumePath, subPath.TrimStart('/')));
        if (!full.StartsWith(volumePath.TrimEnd('/') + "/", StringComparison.Ordinal) && full != volumePath)
        {
            throw BerthException.InvalidArgument($"subpath {subPath} of volume {name} is outside the volume");
        }

        return Directory.Exists(full) || File.Exists(full)
            ? full
            : throw BerthException.InvalidArgument($"subpath {subPath} of volume {name} does not exist: create it in the volume first");
    }

    /// <summary>podman's <c>U</c>: the whole tree belongs to the container's user (symlinks themselves, not their targets).</summary>
    private static void ChownTree(string root, uint uid, uint gid)
    {
        UnixFileSystem.ChangeOwner(root, uid, gid);
        if (UnixFileSystem.TryStat(root) is not { Kind: UnixFileKind.Directory })
        {
            return;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            UnixFileSystem.ChangeOwner(path, uid, gid);
        }
    }

    private static bool IsEmptyDirectory(string path) => !Directory.EnumerateFileSystemEntries(path).Any();
}
