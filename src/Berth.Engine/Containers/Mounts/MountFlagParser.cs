using System.Text.RegularExpressions;

namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// Turns <c>-v</c>, <c>--mount</c>, <c>--tmpfs</c>, <c>--device</c> and <c>--read-only</c> into a container's mounts the way
/// podman 4.3's create does, with its checks in its order: reading each flag (parseVolumes), merging them (a repeat
/// of the same mount is dropped, another mount on a destination is an error), the read-only tmpfs, destinations
/// checked and compared cleaned (finalizeMounts), devices and bind sources looked at on the host and options completed
/// (SpecGenToOCI), named volumes' options and names (the container's options, volume creation).
/// Image VOLUMEs and --volumes-from need other objects and are the caller's (see <see cref="VolumesFromSpec"/>).
/// </summary>
public static partial class MountFlagParser
{
    private static readonly string[] ReadOnlyTmpfsPaths = ["/tmp", "/var/tmp", "/run"];

    /// <summary>Parses against a host where every path exists unless <paramref name="hostPathExists"/> says otherwise.</summary>
    public static ParsedMounts Parse(MountFlags flags, Func<string, bool>? hostPathExists = null) =>
        Parse(flags, hostPathExists is null ? MountHost.System() : MountHost.FromExists(hostPathExists));

    /// <summary>
    /// Parses <paramref name="flags"/> on <paramref name="host"/>; <paramref name="volumesFrom"/> are the containers of
    /// --volumes-from, looked up by the caller (their binds and volumes come first, the user's flags replace them).
    /// </summary>
    public static ParsedMounts Parse(MountFlags flags, MountHost host, IReadOnlyList<VolumesFromSource>? volumesFrom = null)
    {
        var fromMount = MountFlag.Parse(flags.Mounts);
        var fromVolume = VolumeFlag.Parse(flags.Volumes, host);
        var tmpfs = TmpfsFlag.Parse(flags.Tmpfs);

        var mounts = fromMount.Mounts;
        foreach (var key in fromVolume.Binds.Keys)
        {
            fromVolume.Binds.TryGet(key, out var bind);
            if (mounts.TryGet(key, out var existing))
            {
                if (existing.SameAs(bind))
                {
                    continue;
                }

                throw MountErrors.Duplicate(key);
            }

            mounts.Set(key, bind);
        }

        var volumes = fromMount.Volumes;
        foreach (var key in fromVolume.Volumes.Keys)
        {
            fromVolume.Volumes.TryGet(key, out var volume);
            if (volumes.TryGet(key, out var existing))
            {
                if (existing.Name == volume.Name && existing.Options.SequenceEqual(volume.Options, StringComparer.Ordinal))
                {
                    continue;
                }

                throw MountErrors.Duplicate(key);
            }

            volumes.Set(key, volume);
        }

        foreach (var key in tmpfs.Keys)
        {
            tmpfs.TryGet(key, out var mount);
            if (mounts.TryGet(key, out var existing))
            {
                if (existing.Type != "tmpfs")
                {
                    throw MountErrors.Duplicate(key);
                }

                continue;
            }

            mounts.Set(key, mount);
        }

        if (flags.ReadOnly && flags.ReadOnlyTmpfs)
        {
            foreach (var path in ReadOnlyTmpfsPaths.Where(p => !mounts.Contains(p) && !volumes.Contains(p)))
            {
                mounts.Set(path, new SpecMount("tmpfs", "tmpfs", path, ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"]));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in mounts.Keys.Concat(volumes.Keys).Concat(fromVolume.Overlays.Keys).Concat(fromMount.Images.Keys))
        {
            if (!seen.Add(key))
            {
                throw MountErrors.Duplicate(key);
            }
        }

        var final = Finalize(mounts.Values.ToList(), volumes.Values.ToList(), fromVolume.Overlays.Values.ToList(), host);
        var warnings = new List<string>();
        var (inheritedBinds, inheritedVolumes) = VolumesFromSource.Collect(volumesFrom ?? [], warnings);
        var userMountDestinations = final.Select(m => GoPath.Clean(m.Destination)).ToHashSet(StringComparer.Ordinal);
        var userVolumeDestinations = volumes.Values.Select(v => GoPath.Clean(v.Destination)).ToHashSet(StringComparer.Ordinal);
        inheritedBinds.RemoveAll(b => userMountDestinations.Contains(b.Destination) || userVolumeDestinations.Contains(b.Destination));
        inheritedVolumes.RemoveAll(v => userMountDestinations.Contains(v.Destination) || userVolumeDestinations.Contains(v.Destination));
        var allMounts = final.Concat(inheritedBinds).ToList();
        var allVolumes = volumes.Values.Concat(inheritedVolumes).ToList();

        // Named volumes and mounts may not share a destination (overlays are not compared with mounts).
        var volumeDestinations = allVolumes.Select(v => GoPath.Clean(v.Destination)).ToHashSet(StringComparer.Ordinal);
        foreach (var mount in allMounts.Where(m => volumeDestinations.Contains(GoPath.Clean(m.Destination))))
        {
            throw MountErrors.Invalid($"conflict at mount destination {GoPath.Clean(mount.Destination)}: duplicate mount destination");
        }

        var devices = DeviceFlag.Parse(flags.Devices, host);
        var specMounts = allMounts.Select(m => Complete(m, host)).ToList();
        var named = allVolumes.Select(CompleteVolume).ToList();
        foreach (var volume in named.Where(v => v.Name.Length > 0 && !VolumeName().IsMatch(v.Name)))
        {
            throw MountErrors.Invalid(
                $"creating named volume {GoQuote.Of(volume.Name)}: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }

        var images = fromMount.Images.Values.ToList();
        return new ParsedMounts
        {
            Mounts = specMounts,
            NamedVolumes = named,
            OverlayVolumes = fromVolume.Overlays.Values.ToList(),
            ImageVolumes = images,
            Devices = devices,
            Warnings = warnings,
            UserVolumes =
            [
                .. mounts.Values.Select(m => m.Destination),
                .. named.Select(v => v.Destination),
                .. fromVolume.Overlays.Values.Select(o => o.Destination),
                .. images.Select(i => i.Destination),
            ],
        };
    }

    /// <summary>podman's finalizeMounts for the user's mounts: destinations checked and compared cleaned, bind sources absolute.</summary>
    private static List<SpecMount> Finalize(
        List<SpecMount> mounts, List<NamedVolumeMount> volumes, List<OverlayVolumeMount> overlays, MountHost host)
    {
        var mountDestinations = new List<string>();
        foreach (var mount in mounts)
        {
            MountErrors.CheckDestination(mount.Destination);
            var clean = GoPath.Clean(mount.Destination);
            if (mountDestinations.Contains(clean))
            {
                throw MountErrors.Invalid($"{GoQuote.Of(clean)}: duplicate mount destination");
            }

            mountDestinations.Add(clean);
        }

        var volumeDestinations = new List<string>();
        void Add(string destination)
        {
            MountErrors.CheckDestination(destination);
            var clean = GoPath.Clean(destination);
            if (volumeDestinations.Contains(clean))
            {
                throw MountErrors.Invalid($"conflict in specified volumes - multiple volumes at {GoQuote.Of(clean)}: duplicate mount destination");
            }

            volumeDestinations.Add(clean);
        }

        foreach (var volume in volumes)
        {
            Add(volume.Destination);
        }

        volumeDestinations.Clear();
        foreach (var overlay in overlays)
        {
            Add(overlay.Destination);
        }

        return mounts.Select(m => m.Type == "bind" ? m with { Source = host.Absolute(m.Source) } : m).ToList();
    }

    /// <summary>The options a bind or tmpfs gets in the spec podman writes at create (InitFSMounts); devpts as given.</summary>
    private static UserMount Complete(SpecMount mount, MountHost host)
    {
        var options = mount.Options;
        if (mount.Type == "bind")
        {
            var flags = host.FileSystemFlags(mount.Source)
                ?? throw MountErrors.Invalid($"statfs {mount.Source}: no such file or directory");
            options = MountOptions.Process(options, isTmpfs: false, flags);
        }
        else if (mount.Type == "tmpfs" && GoPath.Clean(mount.Destination) != "/dev")
        {
            options = MountOptions.Process(options, isTmpfs: true, SourceFlags.Default);
        }

        return new UserMount { Type = mount.Type, Source = mount.Source, Destination = mount.Destination, Options = options };
    }

    /// <summary>libpod's WithNamedVolumes: the options completed for a volume (no source to look at: nosuid, nodev).</summary>
    private static NamedVolumeMount CompleteVolume(NamedVolumeMount volume)
    {
        try
        {
            return volume with { Options = MountOptions.Process(volume.Options, isTmpfs: false, SourceFlags.Default) };
        }
        catch (BerthException e)
        {
            throw MountErrors.Invalid(
                $"running container create option: processing options for named volume {GoQuote.Of(volume.Name)} mounted at {GoQuote.Of(volume.Destination)}: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex VolumeName();
}
