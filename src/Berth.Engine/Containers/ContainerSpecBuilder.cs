using Berth.Oci;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Engine.Containers;

/// <summary>
/// Turns a container's stored configuration, its image and this host into the spec generator's input (the runtime
/// spec itself is built by <see cref="SpecGenerator"/>), as libpod does each time it initialises a container.
/// </summary>
internal static class ContainerSpecBuilder
{
    public static ContainerSpecInput Build(
        BerthEngine engine,
        Container container,
        ImageConfiguration? image,
        string rootfs,
        ContainerFiles files,
        UserResolver? users)
    {
        var c = container.Config;
        var conf = engine.ContainersConf.Containers;
        var facts = HostRuntimeFacts.Current;
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in conf.DefaultSysctls)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            // containers.conf's defaults skip net.* keys when the container shares the host's network (podman).
            if (eq > 0 && !(c.NetworkMode == "host" && entry.StartsWith("net.", StringComparison.Ordinal)))
            {
                sysctls[entry[..eq].Trim()] = entry[(eq + 1)..].Trim();
            }
        }

        foreach (var (key, value) in c.Sysctls)
        {
            if (c.NetworkMode == "host" && key.StartsWith("net.", StringComparison.Ordinal))
            {
                throw BerthException.InvalidArgument($"sysctl {key} can't be set since Network Namespace set to host: invalid argument");
            }

            sysctls[key] = value;
        }

        var annotations = new Dictionary<string, string>(c.Annotations, StringComparer.Ordinal);
        var r = c.Resources;
        return new ContainerSpecInput
        {
            ContainerId = c.Id,
            RootfsPath = rootfs,
            Image = image,
            Command = c.Command,
            Entrypoint = c.Entrypoint,
            Env = c.Env,
            ConfEnv = conf.Env,
            WorkingDir = c.WorkingDir,
            User = c.User,
            UserResolver = users,
            Hostname = c.Hostname,
            Terminal = c.Terminal,
            Privileged = c.Privileged,
            ReadOnly = c.ReadOnly,
            ReadOnlyTmpfs = c.ReadOnlyTmpfs,
            DefaultCapabilities = engine.Settings.DefaultCapabilities,
            CapAdd = c.CapAdd,
            CapDrop = c.CapDrop,
            HostBoundingSet = facts.BoundingSet,
            NoNewPrivileges = c.NoNewPrivileges,
            Ulimits = c.Ulimits,
            DefaultUlimits = conf.DefaultUlimits,
            HostHardLimits = facts.HardLimits,
            Sysctls = sysctls,
            ShmSize = c.ShmSize,
            Annotations = annotations,
            PidsLimit = r.PidsLimit ?? conf.PidsLimit,
            Memory = r.Memory is null && r.MemorySwap is null && r.MemoryReservation is null
                ? null
                : new LinuxMemory { Limit = r.Memory, Swap = r.MemorySwap, Reservation = r.MemoryReservation },
            Cpu = r.CpuQuota is null && r.CpuShares is null && r.CpusetCpus is null && r.CpusetMems is null
                ? null
                : new LinuxCpu { Quota = r.CpuQuota, Period = r.CpuPeriod, Shares = r.CpuShares, Cpus = r.CpusetCpus, Mems = r.CpusetMems },
            OomScoreAdj = c.OomScoreAdj,
            Umask = c.Umask,
            CgroupManager = engine.Settings.CgroupManager,
            CgroupParent = c.CgroupParent,
            PrivateCgroupNamespace = conf.CgroupNs == "private",
            HostNetwork = c.NetworkMode == "host",
            Files = files,
            SeccompProfile = c.Privileged || c.SeccompProfile == "unconfined" ? null : LoadSeccomp(c.SeccompProfile ?? engine.Settings.SeccompProfile),
            Architecture = image?.Architecture is { Length: > 0 } arch ? arch : "amd64",
            KernelVersion = facts.Kernel,
            AbsentArchitectures = facts.AbsentArchitectures(engine.Settings.RunRoot),
            Created = c.Created,
            AutoRemove = c.AutoRemove,
            PublishAll = c.PublishAll,
            Init = c.Init,
            InitPath = c.Init ? InitBinary(c.InitPath ?? conf.InitPath) : null,
            Mask = c.Mask,
            Unmask = c.Unmask,
            LocaltimeFile = Localtime(c.Timezone ?? (conf.Tz.Length > 0 ? conf.Tz : null)),
        };
    }

    /// <summary>
    /// A build step's container (RUN): containers.conf's capabilities, rlimits (clamped to this host), sysctls, seccomp
    /// profile and cgroup manager, like buildah, with the image config for user, environment and working directory.
    /// </summary>
    public static ContainerSpecInput ForBuild(BerthEngine engine, string id, string rootfs, ImageConfiguration image, UserResolver users)
    {
        var conf = engine.ContainersConf.Containers;
        var facts = HostRuntimeFacts.Current;
        return new ContainerSpecInput
        {
            ContainerId = id,
            RootfsPath = rootfs,
            Image = image,
            ConfEnv = conf.Env,
            UserResolver = users,
            DefaultCapabilities = engine.Settings.DefaultCapabilities,
            HostBoundingSet = facts.BoundingSet,
            DefaultUlimits = conf.DefaultUlimits,
            HostHardLimits = facts.HardLimits,
            PidsLimit = conf.PidsLimit,
            CgroupManager = engine.Settings.CgroupManager,
            SeccompProfile = LoadSeccomp(engine.Settings.SeccompProfile),
            Architecture = image.Architecture is { Length: > 0 } arch ? arch : "amd64",
            KernelVersion = facts.Kernel,
            AbsentArchitectures = facts.AbsentArchitectures(engine.Settings.RunRoot),
            Created = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>The init binary: the configured one, else catatonit where Debian and podman put it.</summary>
    private static string InitBinary(string? configured)
    {
        foreach (var path in (ReadOnlySpan<string?>)[configured, "/usr/libexec/podman/catatonit", "/usr/bin/catatonit"])
        {
            if (!string.IsNullOrEmpty(path) && File.Exists(path))
            {
                return path;
            }
        }

        throw BerthException.InvalidArgument($"container-init binary not found on the host: {(string.IsNullOrEmpty(configured) ? "/usr/libexec/podman/catatonit" : configured)}: no such file or directory (install catatonit or set init_path in containers.conf)");
    }

    /// <summary><c>--tz</c>: "local" is the host's zone, else a zoneinfo name; podman's error for an unknown one.</summary>
    private static string? Localtime(string? tz)
    {
        if (string.IsNullOrEmpty(tz))
        {
            return null;
        }

        var file = tz == "local" ? "/etc/localtime" : Path.Combine("/usr/share/zoneinfo", tz);
        return !tz.Contains("..", StringComparison.Ordinal) && File.Exists(file)
            ? file
            : throw BerthException.InvalidArgument($"finding timezone: unknown time zone {tz}");
    }

    private static readonly Dictionary<string, SeccompProfile?> Profiles = new(StringComparer.Ordinal);

    /// <summary>The profile at <paramref name="path"/>; a missing default file means unconfined (podman's rule).</summary>
    private static SeccompProfile? LoadSeccomp(string path)
    {
        lock (Profiles)
        {
            if (!Profiles.TryGetValue(path, out var profile))
            {
                profile = File.Exists(path) ? SeccompResolver.Parse(File.ReadAllBytes(path), path) : null;
                Profiles[path] = profile;
            }

            return profile;
        }
    }
}
