using System.Globalization;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Runtime.Spec.Seccomp;

/// <summary>containers/common's setupSeccomp: a profile filtered for one architecture, capability set and kernel.</summary>
public static class SeccompResolver
{
    private static readonly Dictionary<string, string> GoArchToSeccomp = new(StringComparer.Ordinal)
    {
        ["386"] = "SCMP_ARCH_X86", ["amd64"] = "SCMP_ARCH_X86_64", ["amd64p32"] = "SCMP_ARCH_X32", ["arm"] = "SCMP_ARCH_ARM",
        ["arm64"] = "SCMP_ARCH_AARCH64", ["mips"] = "SCMP_ARCH_MIPS", ["mips64"] = "SCMP_ARCH_MIPS64",
        ["mips64le"] = "SCMP_ARCH_MIPSEL64", ["mipsle"] = "SCMP_ARCH_MIPSEL", ["ppc"] = "SCMP_ARCH_PPC",
        ["ppc64"] = "SCMP_ARCH_PPC64", ["ppc64le"] = "SCMP_ARCH_PPC64LE", ["riscv64"] = "SCMP_ARCH_RISCV64",
        ["s390"] = "SCMP_ARCH_S390", ["s390x"] = "SCMP_ARCH_S390X",
    };

    /// <summary>Parses a profile file's text; errors name the file.</summary>
    public static SeccompProfile Parse(string json, string path) => Parse(System.Text.Encoding.UTF8.GetBytes(json), path);

    /// <summary>Parses a profile file's bytes (UTF-8, a byte order mark allowed); errors name the file.</summary>
    public static SeccompProfile Parse(ReadOnlySpan<byte> json, string path)
    {
        try
        {
            return SeccompProfileReader.Read(json.StartsWith("\uFEFF"u8) ? json[3..] : json)
                ?? throw BerthException.InvalidArgument($"loading seccomp profile ({path}) failed: empty profile");
        }
        catch (JsonException e)
        {
            throw BerthException.InvalidArgument($"loading seccomp profile ({path}) failed: {e.Message}");
        }
    }

    /// <summary>
    /// The rules that apply: excludes (arch, any capability in the bounding set, kernel at least minKernel) drop a
    /// rule, includes (arch, all capabilities, kernel) are required. A null kernel counts as new enough.
    /// The architectures are the native one of the archMap with its sub-architectures, as podman takes them, except
    /// those the kernel serves no system calls for (<paramref name="absentArchitectures"/>: x32 where the kernel has no
    /// x32 ABI, x86 where it runs no 32-bit code): there every such call already fails before it reaches the filter, and
    /// each copy of the rules left out makes runc's filter build ~8 ms shorter per container. The one difference: such
    /// a call, if the kernel ever let one through, would kill the caller instead of meeting the rules.
    /// An explicit <c>architectures</c> list is taken as written.
    /// </summary>
    public static LinuxSeccomp Resolve(SeccompProfile profile, string goArch, IReadOnlyList<string> bounding, Version? kernel, IReadOnlyCollection<string>? absentArchitectures = null)
    {
        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
        {
            throw BerthException.InvalidArgument("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'");
        }
        var architectures = new List<string>(profile.Architectures ?? []);
        if (GoArchToSeccomp.TryGetValue(goArch, out var native) && profile.ArchMap?.FirstOrDefault(a => a.Architecture == native) is { } map)
        {
            architectures.Add(map.Architecture);
            architectures.AddRange((map.SubArchitectures ?? []).Where(a => absentArchitectures?.Contains(a) != true));
        }
        // A filter for x86-64 alone: names that do not exist there can only cost runc time (see NativeSyscalls).
        var absentNames = architectures is ["SCMP_ARCH_X86_64"] ? NativeSyscalls.AbsentOnX86_64 : null;
        var syscalls = new List<LinuxSyscall>();
        foreach (var rule in profile.Syscalls ?? [])
        {
            if (!Applies(rule, goArch, bounding, kernel))
            {
                continue;
            }
            if (rule.Name is { Length: > 0 } && rule.Names is { Count: > 0 })
            {
                throw BerthException.InvalidArgument("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
            }
            IReadOnlyList<string>? names = rule.Name is { Length: > 0 } name ? [name] : rule.Names is { Count: > 0 } n ? n : null;
            if (names is not null && absentNames is not null && names.Any(absentNames.Contains))
            {
                names = names.Where(x => !absentNames.Contains(x)).ToList() is { Count: > 0 } kept ? kept : null;
            }

            if (names is not null)
            {
                syscalls.Add(new LinuxSyscall
                {
                    Names = names,
                    Action = rule.Action,
                    ErrnoRet = rule.ErrnoRet,
                    Args = rule.Args is { Count: > 0 } args ? args : null,
                });
            }
        }
        return new LinuxSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = architectures.Count == 0 ? null : architectures,
            Flags = profile.Flags is { Count: > 0 } flags ? flags : null,
            ListenerPath = profile.ListenerPath is { Length: > 0 } listener ? listener : null,
            Syscalls = syscalls,
        };
    }

    private static bool Applies(SeccompRule rule, string goArch, IReadOnlyList<string> bounding, Version? kernel)
    {
        if (rule.Excludes is { } ex)
        {
            if (ex.Arches?.Contains(goArch) == true || ex.Caps?.Any(bounding.Contains) == true
                || (ex.MinKernel is { } min && AtLeast(kernel, min)))
            {
                return false;
            }
        }
        if (rule.Includes is { } inc)
        {
            if ((inc.Arches is { Count: > 0 } arches && !arches.Contains(goArch))
                || (inc.Caps is { Count: > 0 } caps && !caps.All(bounding.Contains))
                || (inc.MinKernel is { } min && !AtLeast(kernel, min)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AtLeast(Version? kernel, string min)
    {
        if (kernel is null)
        {
            return true;
        }
        var parts = min.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw BerthException.InvalidArgument($"invalid kernel version in seccomp profile: \"{min}\"");
        }
        return kernel.Major > major || (kernel.Major == major && kernel.Minor >= minor);
    }
}
