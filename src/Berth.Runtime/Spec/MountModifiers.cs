using System.Globalization;
using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>The mounts podman 4.3 puts in every container, and the bind mounts of its per-container files.</summary>
public static class MountModifiers
{
    private static readonly string[] ReadOnlyBind = ["bind", "rprivate", "ro", "nosuid", "noexec", "nodev"];
    private static readonly string[] Bind = ["bind", "rprivate"];

    /// <summary>
    /// /proc, /dev (tmpfs 64 MiB), /dev/pts, /dev/mqueue, /sys (read-only unless privileged), /sys/fs/cgroup
    /// (likewise), and for <c>--read-only</c> with read-only tmpfs: tmpfs on /run, /tmp and /var/tmp.
    /// </summary>
    public static RuntimeSpec WithDefaultMounts(RuntimeSpec spec, ContainerSpecInput input)
    {
        var mounts = new List<RuntimeMount>
        {
            new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "noexec", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            input.Privileged
                ? new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["rprivate", "nosuid", "noexec", "nodev", "rw"] }
                : new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
            new()
            {
                Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup",
                Options = ["rprivate", "nosuid", "noexec", "nodev", "relatime", input.Privileged ? "rw" : "ro"],
            },
        };
        if (input.Files.Shm is null)
        {
            var size = string.Create(CultureInfo.InvariantCulture, $"size={input.ShmSize / 1024}k");
            mounts.Add(new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", size] });
        }
        if (input.ReadOnly && input.ReadOnlyTmpfs)
        {
            foreach (var dir in (string[])["/run", "/tmp", "/var/tmp"])
            {
                mounts.Add(new() { Destination = dir, Type = "tmpfs", Source = "tmpfs", Options = ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"] });
            }
        }
        return spec with { Mounts = [.. spec.Mounts ?? [], .. mounts] };
    }

    /// <summary>
    /// Binds of /etc/hostname, /etc/resolv.conf, /etc/hosts, /dev/shm, /run/.containerenv, /etc/passwd and /etc/group
    /// from the container's own files; read-only containers get them read-only (and, as podman 4.3 does, no
    /// .containerenv bind, since /run is a tmpfs there).
    /// </summary>
    public static RuntimeSpec WithContainerFiles(RuntimeSpec spec, ContainerSpecInput input)
    {
        var files = input.Files;
        var etcOptions = input.ReadOnly ? ReadOnlyBind : Bind;
        var mounts = new List<RuntimeMount>();
        void Add(string destination, string? source, string[] options)
        {
            if (source is not null)
            {
                mounts.Add(new() { Destination = destination, Type = "bind", Source = source, Options = options });
            }
        }
        Add("/etc/hostname", files.Hostname, etcOptions);
        Add("/etc/resolv.conf", files.ResolvConf, etcOptions);
        Add("/etc/hosts", files.Hosts, etcOptions);
        Add("/dev/shm", files.Shm, ["bind", "rprivate", "nosuid", "noexec", "nodev"]);
        if (!(input.ReadOnly && input.ReadOnlyTmpfs))
        {
            Add("/run/.containerenv", files.ContainerEnv, Bind);
        }
        Add("/etc/passwd", files.Passwd, etcOptions);
        Add("/etc/group", files.Group, etcOptions);
        Add("/etc/localtime", input.LocaltimeFile, ReadOnlyBind);
        if (input.Init)
        {
            Add(ProcessModifiers.InitMountPoint, input.InitPath ?? throw BerthException.InvalidArgument("--init: no init binary found (install catatonit or set init_path in containers.conf)"), ["bind", "ro"]);
        }

        return spec with { Mounts = [.. spec.Mounts ?? [], .. mounts] };
    }

    /// <summary>
    /// The user's mounts after podman's own: a default mount at a destination the user mounts is dropped, and the user's
    /// are ordered by the depth of their destination (a parent before what is mounted inside it), keeping their order
    /// otherwise.
    /// </summary>
    public static RuntimeSpec WithUserMounts(RuntimeSpec spec, ContainerSpecInput input)
    {
        if (input.UserMounts.Count == 0)
        {
            return spec;
        }

        var taken = input.UserMounts.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        var kept = (spec.Mounts ?? []).Where(m => !taken.Contains(m.Destination));
        var user = input.UserMounts.OrderBy(m => Depth(m.Destination));
        return spec with { Mounts = [.. kept, .. user] };
    }

    private static int Depth(string destination) => destination.TrimEnd('/').Count(c => c == '/');
}
