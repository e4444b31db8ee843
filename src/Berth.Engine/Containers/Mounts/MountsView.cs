namespace Berth.Engine.Containers.Mounts;

/// <summary>One entry of inspect's <c>Mounts</c> (libpod's define.InspectMount; JSON names as the properties, Name omitted when empty).</summary>
public sealed record InspectMount
{
    /// <summary>"volume", "image" or "bind" (podman calls every spec mount a bind: devpts, overlays too).</summary>
    public required string Type { get; init; }

    /// <summary>The volume's name; "" (omitted from JSON) for the others.</summary>
    public string Name { get; init; } = "";

    public required string Source { get; init; }
    public required string Destination { get; init; }

    /// <summary>The volume driver ("local"); "" for the others.</summary>
    public string Driver { get; init; } = "";

    /// <summary>"z" or "Z" when the mount is relabelled, else "".</summary>
    public string Mode { get; init; } = "";

    /// <summary>The remaining options; null (JSON null) for image volumes, never null for the others.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    public bool RW { get; init; }

    /// <summary>The propagation word (rprivate, shared …); "" when none.</summary>
    public string Propagation { get; init; } = "";
}

/// <summary>One entry of HostConfig.Devices (define.InspectDevice; podman 4.3 leaves CgroupPermissions empty).</summary>
public sealed record InspectDevice(string PathOnHost, string PathInContainer, string CgroupPermissions = "");

/// <summary>Everything inspect shows that comes from a container's mounts.</summary>
public sealed record InspectMounts
{
    /// <summary>The top-level <c>Mounts</c>: named volumes, then image volumes, then the spec's other mounts but tmpfs.</summary>
    public required IReadOnlyList<InspectMount> Mounts { get; init; }

    /// <summary>HostConfig.Binds: "NAME:DEST:OPTIONS" of volumes, then "SOURCE:DEST:OPTIONS" of the other non-tmpfs mounts.</summary>
    public required IReadOnlyList<string> Binds { get; init; }

    /// <summary>HostConfig.Tmpfs: destination → options joined with commas, sorted by destination (Go's map order in JSON).</summary>
    public required IReadOnlyDictionary<string, string> Tmpfs { get; init; }

    public required IReadOnlyList<InspectDevice> Devices { get; init; }

    /// <summary>HostConfig.VolumesFrom, null when none (see <see cref="MountsView.VolumesFrom"/>).</summary>
    public IReadOnlyList<string>? VolumesFrom { get; init; }

    // Config.Volumes stays nil in podman 4.3's inspect whatever the mounts are (it never fills it).
}

/// <summary>What <c>podman container inspect</c> shows of a container's mounts (libpod's SortUserVolumes, GetMounts and HostConfig).</summary>
public static partial class MountsView
{
    /// <summary>
    /// The view of <paramref name="config"/>'s mounts. Only the destinations in UserVolumes are shown, named volumes first
    /// (their data directory from <paramref name="volumeMountpoint"/>), then image volumes, then spec mounts. Before
    /// init podman reads the spec made at create: leave <paramref name="specMounts"/> null and the config's mounts are
    /// used (options as stored: U, z, Z still there; overlay volumes not shown). After init pass the mounts of the
    /// runtime spec (config.json): options there lack U/z/Z, and overlay and image volumes show as extra "bind" entries.
    /// </summary>
    public static InspectMounts Build(
        ContainerConfig config,
        Func<string, string> volumeMountpoint,
        IReadOnlyList<UserMount>? specMounts = null,
        IReadOnlyList<string>? volumesFrom = null,
        Func<string, string>? volumeDriver = null)
    {
        var namedByDestination = new Dictionary<string, NamedVolumeMount>(StringComparer.Ordinal);
        foreach (var volume in config.NamedVolumes)
        {
            namedByDestination[volume.Destination] = volume;
        }

        var mountsByDestination = new Dictionary<string, UserMount>(StringComparer.Ordinal);
        foreach (var mount in specMounts ?? config.Mounts)
        {
            mountsByDestination[mount.Destination] = mount;
        }

        var named = new List<NamedVolumeMount>();
        var mounts = new List<UserMount>();
        foreach (var destination in config.UserVolumes)
        {
            if (namedByDestination.TryGetValue(destination, out var volume))
            {
                named.Add(volume);
            }
            else if (mountsByDestination.TryGetValue(destination, out var mount))
            {
                mounts.Add(mount);
            }
        }

        var view = new List<InspectMount>();
        if (config.UserVolumes.Count > 0)
        {
            view.AddRange(named.Select(v => WithOptions(
                new InspectMount
                {
                    Type = "volume",
                    Name = v.Name,
                    Source = volumeMountpoint(v.Name),
                    Destination = v.Destination,
                    Driver = volumeDriver?.Invoke(v.Name) ?? "local",
                },
                v.Options)));
            view.AddRange(config.ImageVolumes.Select(i => new InspectMount
            {
                Type = "image",
                Source = i.Source,
                Destination = i.Destination,
                RW = i.ReadWrite,
            }));
            view.AddRange(mounts.Where(m => m.Type != "tmpfs").Select(m => WithOptions(
                new InspectMount { Type = "bind", Source = m.Source, Destination = m.Destination },
                m.Options)));
        }

        var binds = named.Select(v => Bind(v.Name, v.Destination, v.Options))
            .Concat(mounts.Where(m => m.Type != "tmpfs").Select(m => Bind(m.Source, m.Destination, m.Options)))
            .ToList();
        var tmpfs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in mounts.Where(m => m.Type == "tmpfs"))
        {
            tmpfs[mount.Destination] = string.Join(',', mount.Options);
        }

        return new InspectMounts
        {
            Mounts = view,
            Binds = binds,
            Tmpfs = tmpfs,
            Devices = [.. config.Devices.Select(d => new InspectDevice(d.HostPath, d.ContainerPath))],
            VolumesFrom = volumesFrom is null ? null : VolumesFrom(volumesFrom),
        };
    }

    /// <summary>
    /// HostConfig.VolumesFrom: podman stores the values joined with commas in an annotation and splits them on commas,
    /// so "src:rw,z" shows as "src:rw" and "z". Null when there are none (podman's nil slice).
    /// </summary>
    public static IReadOnlyList<string>? VolumesFrom(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : string.Join(',', values).Split(',');

    private static string Bind(string source, string destination, IReadOnlyList<string> options) =>
        options.Count > 0 ? $"{source}:{destination}:{string.Join(',', options)}" : $"{source}:{destination}";

    /// <summary>libpod's parseMountOptionsForInspect: ro → RW false, rw dropped, propagation and z/Z to their fields.</summary>
    private static InspectMount WithOptions(InspectMount mount, IReadOnlyList<string> options)
    {
        var rw = true;
        string propagation = "", mode = "";
        var other = new List<string>();
        foreach (var option in options)
        {
            switch (option)
            {
                case "ro": rw = false; break;
                case "rw": break;
                case "shared" or "slave" or "private" or "rshared" or "rslave" or "rprivate" or "unbindable" or "runbindable": propagation = option; break;
                case "z" or "Z": mode = option; break;
                default: other.Add(option); break;
            }
        }

        return mount with { RW = rw, Propagation = propagation, Mode = mode, Options = other };
    }
}
