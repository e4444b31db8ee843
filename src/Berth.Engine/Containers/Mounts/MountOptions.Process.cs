namespace Berth.Engine.Containers.Mounts;

/// <summary>The mount flags of the file system a bind source lives on (statfs): podman copies them as defaults.</summary>
public readonly record struct SourceFlags(bool NoSuid, bool NoDev, bool NoExec)
{
    /// <summary>What podman assumes without a source path (named volumes, tmpfs): nosuid and nodev, exec allowed.</summary>
    public static SourceFlags Default => new(NoSuid: true, NoDev: true, NoExec: false);
}

public static partial class MountOptions
{
    private const string Duplicate = "duplicate mount option passed";
    private const string Bad = "invalid mount option";

    /// <summary>
    /// podman 4.3's util.ProcessOptions: checks a bind's or tmpfs's options (each family once, tmpfs-only and bind-only
    /// words) and completes them: rw unless ro, rprivate unless a propagation was given, nosuid/nodev/noexec from
    /// <paramref name="defaults"/> unless given, tmpcopyup for tmpfs (notmpcopyup is dropped), rbind for binds unless
    /// bind. "consistency" is dropped. podman's extras (U, z, Z, O, copy, idmap, volume-opt) stay for the caller.
    /// </summary>
    public static IReadOnlyList<string> Process(IReadOnlyList<string> options, bool isTmpfs, SourceFlags defaults)
    {
        bool write = false, size = false, prop = false, mode = false, exec = false, suid = false, dev = false,
            copyUp = false, bind = false, z = false, u = false, overlay = false, idmap = false, copy = false;
        var result = new List<string>(options.Count + 5);
        void Once(ref bool seen, string message)
        {
            if (seen)
            {
                throw Invalid(message + ": " + Duplicate);
            }

            seen = true;
        }

        void Only(bool allowed, string message)
        {
            if (!allowed)
            {
                throw Invalid(message + ": " + Bad);
            }
        }

        foreach (var opt in options)
        {
            var eq = opt.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? opt : opt[..eq];
            if (overlay && (opt.Contains("upperdir", StringComparison.Ordinal) || opt.Contains("workdir", StringComparison.Ordinal)))
            {
                result.Add(opt);
                continue;
            }

            if (key.StartsWith("idmap", StringComparison.Ordinal))
            {
                Once(ref idmap, "the 'idmap' option can only be set once");
                result.Add(opt);
                continue;
            }

            switch (key)
            {
                case "copy" or "nocopy": Once(ref copy, "only one of 'nocopy' and 'copy' can be used"); break;
                case "O": overlay = true; break;
                case "volume-opt": result.Add(opt); break; // podman adds it twice: here and below
                case "exec" or "noexec": Once(ref exec, "only one of 'noexec' and 'exec' can be used"); break;
                case "suid" or "nosuid": Once(ref suid, "only one of 'nosuid' and 'suid' can be used"); break;
                case "nodev" or "dev": Once(ref dev, "only one of 'nodev' and 'dev' can be used"); break;
                case "rw" or "ro": Once(ref write, "only one of 'rw' and 'ro' can be used"); break;
                case "private" or "rprivate" or "slave" or "rslave" or "shared" or "rshared" or "unbindable" or "runbindable":
                    Once(ref prop, "only one root propagation mode can be used");
                    break;
                case "size":
                    Only(isTmpfs, "the 'size' option is only allowed with tmpfs mounts");
                    Once(ref size, "only one tmpfs size can be specified");
                    break;
                case "mode":
                    Only(isTmpfs, "the 'mode' option is only allowed with tmpfs mounts");
                    Once(ref mode, "only one tmpfs mode can be specified");
                    break;
                case "tmpcopyup":
                    Only(isTmpfs, "the 'tmpcopyup' option is only allowed with tmpfs mounts");
                    Once(ref copyUp, "the 'tmpcopyup' or 'notmpcopyup' option can only be set once");
                    break;
                case "consistency":
                    continue;
                case "notmpcopyup":
                    Only(isTmpfs, "the 'notmpcopyup' option is only allowed with tmpfs mounts");
                    Once(ref copyUp, "the 'tmpcopyup' or 'notmpcopyup' option can only be set once");
                    continue;
                case "bind" or "rbind":
                    Only(!isTmpfs, "the 'bind' and 'rbind' options are not allowed with tmpfs mounts");
                    Once(ref bind, "only one of 'rbind' and 'bind' can be used");
                    break;
                case "z" or "Z":
                    Only(!isTmpfs, "the 'z' and 'Z' options are not allowed with tmpfs mounts");
                    Once(ref z, "only one of 'z' and 'Z' can be used");
                    break;
                case "U": Once(ref u, "the 'U' option can only be set once"); break;
                default: throw Invalid($"unknown mount option {GoQuote.Of(opt)}: {Bad}");
            }

            result.Add(opt);
        }

        if (!write)
        {
            result.Add("rw");
        }

        if (!prop)
        {
            result.Add("rprivate");
        }

        if (!exec && defaults.NoExec)
        {
            result.Add("noexec");
        }

        if (!suid && defaults.NoSuid)
        {
            result.Add("nosuid");
        }

        if (!dev && defaults.NoDev)
        {
            result.Add("nodev");
        }

        if (isTmpfs && !copyUp)
        {
            result.Add("tmpcopyup");
        }

        if (!isTmpfs && !bind)
        {
            result.Add("rbind");
        }

        return result;
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
