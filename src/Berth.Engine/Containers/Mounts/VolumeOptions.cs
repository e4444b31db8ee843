namespace Berth.Engine.Containers.Mounts;

/// <summary>
/// The option words of <c>-v src:dst:OPTIONS</c> checked as podman 4.3 checks them (containers/common's
/// ValidateVolumeOpts): each family at most once, unknown words refused, "cached"/"delegated" (macOS words) dropped.
/// </summary>
public static class VolumeOptions
{
    /// <summary>The options to keep, in the given order; throws with podman's message on a repeat or an unknown word.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<string> options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<string>(options.Count);
        string All() => GoQuote.Of(string.Join(", ", options));
        void Once(string family, string what)
        {
            counts[family] = counts.GetValueOrDefault(family) + 1;
            if (counts[family] > 1)
            {
                throw Invalid($"invalid options {All()}, can only specify 1 {what}");
            }
        }

        foreach (var opt in options)
        {
            // upperdir=/workdir= (overlay) and idmap[=…] are passed on as they are (upperdir/workdir once each).
            if (opt.Contains("upperdir", StringComparison.Ordinal))
            {
                Once("upperdir", "upperdir per overlay");
                kept.Add(opt);
                continue;
            }

            if (opt.Contains("workdir", StringComparison.Ordinal))
            {
                Once("workdir", "workdir per overlay");
                kept.Add(opt);
                continue;
            }

            if (opt.StartsWith("idmap", StringComparison.Ordinal))
            {
                kept.Add(opt);
                continue;
            }

            switch (opt)
            {
                case "noexec" or "exec": Once("exec", "'noexec' or 'exec' option"); break;
                case "nodev" or "dev": Once("dev", "'nodev' or 'dev' option"); break;
                case "nosuid" or "suid": Once("suid", "'nosuid' or 'suid' option"); break;
                case "rw" or "ro": Once("rw", "'rw' or 'ro' option"); break;
                case "z" or "Z" or "O": Once("label", "'z', 'Z', or 'O' option"); break;
                case "U": Once("U", "'U' option"); break;
                case "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave" or "unbindable" or "runbindable":
                    Once("propagation", "'[r]shared', '[r]private', '[r]slave' or '[r]unbindable' option");
                    break;
                case "bind" or "rbind": Once("bind", "'[r]bind' option"); break;
                case "cached" or "delegated": continue;
                case "copy" or "nocopy": Once("copy", "'copy' or 'nocopy' option"); break;
                default: throw Invalid($"invalid option type {GoQuote.Of(opt)}");
            }

            kept.Add(opt);
        }

        return kept;
    }

    internal static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
