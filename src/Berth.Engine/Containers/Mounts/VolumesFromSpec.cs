namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// One <c>--volumes-from CONTAINER[:OPTIONS]</c> (podman 4.3's getVolumesFrom): OPTIONS are z, ro and rw, each family
/// once; when given they replace the options of every mount taken from the container.
/// </summary>
public sealed record VolumesFromSpec(string Container, IReadOnlyList<string> Options)
{
    public static VolumesFromSpec Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new VolumesFromSpec(value, []);
        }

        var options = value[(colon + 1)..].Split(',');
        bool rorw = false, z = false;
        foreach (var option in options)
        {
            switch (option)
            {
                case "z":
                    z = !z ? true : throw MountErrors.Invalid("cannot set :z more than once in mount options");
                    break;
                case "ro" or "rw":
                    rorw = !rorw ? true : throw MountErrors.Invalid("cannot set ro or rw options more than once");
                    break;
                default:
                    throw MountErrors.Invalid(
                        $"invalid option {GoQuote.Of(option)} specified - volumes from another container can only use z,ro,rw options");
            }
        }

        return new VolumesFromSpec(value[..colon], options);
    }

    /// <summary>podman's message when the container is not there.</summary>
    public BerthException NotFound() => new(ErrorKind.NotFound,
        $"looking up container {GoQuote.Of(Container)} for volumes-from: no container with name or ID {GoQuote.Of(Container)} found: no such container");
}

/// <summary>A <c>--volumes-from</c> value with the container it names (looked up by the caller).</summary>
public sealed record VolumesFromSource(VolumesFromSpec Spec, string ContainerId, ContainerConfig Container)
{
    /// <summary>
    /// podman's getVolumesFrom: of each container, the binds among its user volumes and all its named volumes, with the
    /// given options instead of theirs when there are some; a later container replaces an earlier one's mount on the
    /// same destination. User volumes that are neither (tmpfs, overlays, image volumes) give a warning.
    /// </summary>
    internal static (List<SpecMount> Binds, List<NamedVolumeMount> Volumes) Collect(IReadOnlyList<VolumesFromSource> sources, List<string> warnings)
    {
        var binds = new OrderedMap<SpecMount>();
        var volumes = new OrderedMap<NamedVolumeMount>();
        foreach (var source in sources)
        {
            var options = source.Spec.Options;
            var matched = new HashSet<string>(StringComparer.Ordinal);
            var userVolumes = source.Container.UserVolumes.ToHashSet(StringComparer.Ordinal);
            foreach (var mount in source.Container.Mounts.Where(m => m.Type == "bind" && userVolumes.Contains(m.Destination)))
            {
                matched.Add(mount.Destination);
                binds.Set(GoPath.Clean(mount.Destination), new SpecMount("bind", mount.Source, GoPath.Clean(mount.Destination), options.Count > 0 ? options : mount.Options));
            }

            foreach (var volume in source.Container.NamedVolumes)
            {
                matched.Add(volume.Destination);
                MountErrors.CheckDestination(volume.Destination);
                var destination = GoPath.Clean(volume.Destination);
                volumes.Set(destination, volume with { Destination = destination, Options = options.Count > 0 ? options : volume.Options });
            }

            warnings.AddRange(source.Container.UserVolumes.Where(d => !matched.Contains(d))
                .Select(d => $"Unable to match volume {d} from container {source.ContainerId} for volumes-from"));
        }

        return (binds.Values.ToList(), volumes.Values.ToList());
    }
}
