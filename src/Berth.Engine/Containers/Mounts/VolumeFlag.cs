namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// <c>-v [SOURCE:]DEST[:OPTIONS]</c> as podman 4.3 reads it (specgen.GenVolumeMounts): a source starting with "/" or "."
/// is a host path (a bind, or an overlay with O), anything else names a volume; DEST alone is an anonymous volume.
/// Destinations are kept as written (podman cleans them only to compare).
/// </summary>
internal sealed class VolumeFlag
{
    public OrderedMap<SpecMount> Binds { get; } = new();
    public OrderedMap<NamedVolumeMount> Volumes { get; } = new();
    public OrderedMap<OverlayVolumeMount> Overlays { get; } = new();

    public static VolumeFlag Parse(IReadOnlyList<string> values, MountHost host)
    {
        var result = new VolumeFlag();
        foreach (var value in values)
        {
            result.Add(value, host);
        }

        return result;
    }

    private void Add(string value, MountHost host)
    {
        var parts = value.Split(':');
        if (parts.Length > 3)
        {
            throw MountErrors.Invalid($"{value}: incorrect volume format, should be [host-dir:]ctr-dir[:option]");
        }

        var source = parts[0];
        if (source.StartsWith("./", StringComparison.Ordinal))
        {
            // podman resolves symlinks of a "./" source (filepath.EvalSymlinks: the path cleaned first) and makes it absolute.
            var cleaned = GoPath.Clean(source);
            var missing = FirstMissing(cleaned, host);
            if (missing is not null)
            {
                throw MountErrors.Invalid($"lstat {missing}: no such file or directory");
            }

            source = host.Absolute(host.ResolveLink(host.Absolute(cleaned)));
        }

        string destination;
        if (parts.Length == 1)
        {
            destination = parts[0];
            source = "";
        }
        else
        {
            destination = parts[1];
        }

        IReadOnlyList<string> options = parts.Length > 2 ? VolumeOptions.Validate(parts[2].Split(',')) : [];
        if (parts.Length > 1 && source.Length == 0)
        {
            throw MountErrors.Invalid("host directory cannot be empty");
        }

        if (source.StartsWith('/') || source.StartsWith('.'))
        {
            AddHostPath(source, destination, options, host);
            return;
        }

        var volume = new NamedVolumeMount { Name = source, Destination = destination, Options = options, IsAnonymous = source.Length == 0 };
        if (Volumes.TryGet(destination, out var existing))
        {
            // podman compares only the names of two -v volumes on one destination.
            if (existing.Name == volume.Name)
            {
                return;
            }

            throw MountErrors.Duplicate(destination);
        }

        Volumes.Set(destination, volume);
    }

    private void AddHostPath(string source, string destination, IReadOnlyList<string> options, MountHost host)
    {
        if (options.Contains("O"))
        {
            CheckOverlayOptions(options);
            var overlay = new OverlayVolumeMount { Source = host.Absolute(source), Destination = destination, Options = options };
            if (Overlays.TryGet(destination, out var existing))
            {
                if (existing.Source == overlay.Source && existing.Options.SequenceEqual(overlay.Options, StringComparer.Ordinal))
                {
                    return;
                }

                throw MountErrors.Duplicate(destination);
            }

            Overlays.Set(destination, overlay);
            return;
        }

        var bind = new SpecMount("bind", source, destination, options);
        if (Binds.TryGet(destination, out var same))
        {
            if (same.SameAs(bind))
            {
                return;
            }

            throw MountErrors.Duplicate(destination);
        }

        Binds.Set(destination, bind);
    }

    /// <summary>O goes alone, or with U, or with both upperdir= and workdir= (podman's substring tests on the joined options).</summary>
    private static void CheckOverlayOptions(IReadOnlyList<string> options)
    {
        var joined = string.Concat(options);
        var chown = joined.Contains('U', StringComparison.Ordinal);
        var upper = joined.Contains("upperdir", StringComparison.Ordinal);
        var work = joined.Contains("workdir", StringComparison.Ordinal);
        if (upper != work)
        {
            throw MountErrors.Invalid("must set both `upperdir` and `workdir`");
        }

        if ((options.Count > 2 && !(options.Count == 3 && upper && work)) || (options.Count == 2 && !chown))
        {
            throw MountErrors.Invalid("can't use 'O' with other options");
        }
    }

    /// <summary>The first prefix of a relative path that does not exist (what EvalSymlinks' lstat names), or null.</summary>
    private static string? FirstMissing(string relative, MountHost host)
    {
        var prefix = "";
        foreach (var name in relative.Split('/'))
        {
            prefix = prefix.Length == 0 ? name : prefix + "/" + name;
            if (name != ".." && host.Kind(host.Absolute(prefix)) == HostPathKind.Missing)
            {
                return prefix;
            }
        }

        return null;
    }
}
