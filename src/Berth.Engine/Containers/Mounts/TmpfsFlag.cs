namespace Berth.Engine.Containers.Mounts;

/// <summary><c>--tmpfs DEST[:OPTIONS]</c> and <c>--mount type=tmpfs,…</c> (podman 4.3's getTmpfsMounts, getTmpfsMount).</summary>
internal static class TmpfsFlag
{
    /// <summary>The --tmpfs values keyed by the destination as written; only the part before a second colon is read.</summary>
    public static OrderedMap<SpecMount> Parse(IReadOnlyList<string> values)
    {
        var result = new OrderedMap<SpecMount>();
        foreach (var value in values)
        {
            var parts = value.Split(':');
            var destination = parts[0];
            MountErrors.CheckDestination(destination);
            IReadOnlyList<string> options = parts.Length > 1 ? parts[1].Split(',') : [];
            if (result.TryGet(destination, out var existing))
            {
                if (existing.Options.SequenceEqual(options, StringComparer.Ordinal))
                {
                    continue;
                }

                throw MountErrors.Duplicate(destination);
            }

            result.Set(destination, new SpecMount("tmpfs", "tmpfs", GoPath.Clean(destination), options));
        }

        return result;
    }

    public static SpecMount ParseMount(List<string> tokens)
    {
        bool rorw = false, suid = false, dev = false, exec = false, copyUp = false, owner = false;
        string? destination = null;
        var options = new List<string>();
        foreach (var token in tokens)
        {
            var (key, value) = MountFlag.Split(token);
            switch (key)
            {
                case "tmpcopyup" or "notmpcopyup":
                    BindMount.Flag(ref copyUp, "'tmpcopyup' and 'notmpcopyup' options", key, options);
                    break;
                case "ro" or "rw":
                    BindMount.Flag(ref rorw, "'ro' and 'rw' options", key, options);
                    break;
                case "nosuid" or "suid":
                    BindMount.Flag(ref suid, "'nosuid' and 'suid' options", key, options);
                    break;
                case "nodev" or "dev":
                    BindMount.Flag(ref dev, "'nodev' and 'dev' options", key, options);
                    break;
                case "noexec" or "exec":
                    BindMount.Flag(ref exec, "'noexec' and 'exec' options", key, options);
                    break;
                case "tmpfs-mode":
                    options.Add("mode=" + (value ?? throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}")));
                    break;
                case "tmpfs-size":
                    options.Add("size=" + (value ?? throw MountErrors.Invalid($"{key}: {MountErrors.OptionArg}")));
                    break;
                case "src" or "source":
                    throw MountErrors.Invalid("source is not supported with tmpfs mounts");
                case "target" or "dst" or "destination":
                    destination = MountFlag.Target(key, value);
                    break;
                case "U" or "chown":
                    MountFlag.Owner(ref owner, value, options);
                    break;
                case "consistency":
                    break;
                default:
                    throw MountFlag.Unknown(key);
            }
        }

        return destination is null
            ? throw MountErrors.Invalid("must set volume destination")
            : new SpecMount("tmpfs", "tmpfs", destination, options);
    }
}
