using System.Runtime.InteropServices;
using Berth.Platform.Interop;

namespace Berth.Platform;

/// <summary>
/// mount(2)/umount2(2) for a <see cref="Platform.Mount"/> record. Option words that are mount flags (ro, bind, rbind,
/// nosuid, nodev, noexec, noatime, private, slave, shared, rprivate, …) become flags; the rest is the file system's data
/// string (e.g. overlay's lowerdir=…). A read-only bind is made in two steps, as the kernel requires.
/// </summary>
public static class KernelMounts
{
    /// <summary>Mounts <paramref name="mount"/> on <paramref name="target"/> (default: the record's own target).</summary>
    public static void Apply(Mount mount, string? target = null)
    {
        target ??= mount.Target;
        ulong flags = 0;
        ulong propagation = 0;
        var data = new List<string>();
        foreach (var option in mount.Options)
        {
            switch (option)
            {
                case "ro": flags |= Libc.MS_RDONLY; break;
                case "rw": break;
                case "nosuid": flags |= Libc.MS_NOSUID; break;
                case "nodev": flags |= Libc.MS_NODEV; break;
                case "noexec": flags |= Libc.MS_NOEXEC; break;
                case "noatime": flags |= Libc.MS_NOATIME; break;
                case "bind": flags |= Libc.MS_BIND; break;
                case "rbind": flags |= Libc.MS_BIND | Libc.MS_REC; break;
                case "private": propagation = Libc.MS_PRIVATE; break;
                case "rprivate": propagation = Libc.MS_PRIVATE | Libc.MS_REC; break;
                case "slave": propagation = Libc.MS_SLAVE; break;
                case "rslave": propagation = Libc.MS_SLAVE | Libc.MS_REC; break;
                case "shared": propagation = Libc.MS_SHARED; break;
                case "rshared": propagation = Libc.MS_SHARED | Libc.MS_REC; break;
                default: data.Add(option); break;
            }
        }

        var dataText = data.Count == 0 ? null : string.Join(',', data);
        var isBind = (flags & Libc.MS_BIND) != 0;
        var first = isBind ? flags & ~Libc.MS_RDONLY : flags;
        if (Libc.Mount(mount.Source, target, isBind ? null : mount.Type, first, dataText) != 0)
        {
            throw UnixFileSystem.Error("mount", $"{mount.Type} {mount.Source} on {target} ({dataText})");
        }

        if (isBind && (flags & Libc.MS_RDONLY) != 0 &&
            Libc.Mount(null, target, null, Libc.MS_REMOUNT | Libc.MS_BIND | (flags & ~Libc.MS_REC), null) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Umount2(target, Libc.MNT_DETACH);
            throw UnixFileSystem.Error("remount read-only", target, errno);
        }

        if (propagation != 0 && Libc.Mount(null, target, null, propagation, null) != 0)
        {
            throw UnixFileSystem.Error("mount propagation", target);
        }
    }

    /// <summary>umount2(2); <paramref name="detach"/> is MNT_DETACH (lazy).</summary>
    public static void Unmount(string target, bool detach = false)
    {
        if (Libc.Umount2(target, detach ? Libc.MNT_DETACH : 0) != 0)
        {
            throw UnixFileSystem.Error("umount", target);
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a mount point in this process's mount namespace (false when it does not exist):
    /// statx's mount-root attribute, one system call that, unlike reading /proc/self/mountinfo, does not wait for the
    /// namespace lock (held while an exited container's mounts are torn down); mountinfo on kernels before 5.8.
    /// </summary>
    public static bool IsMountPoint(string path) =>
        UnixFileSystem.IsMountRoot(path)
        ?? (Directory.Exists(path) && MountPointsUnder(path).Contains(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))));

    /// <summary>Mount points at or below <paramref name="path"/> in this process's mount namespace, deepest first.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var found = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mount-point …
            var fields = line.Split(' ', 6);
            if (fields.Length < 5)
            {
                continue;
            }

            var point = Unescape(fields[4]);
            if (point == full || point.StartsWith(full + "/", StringComparison.Ordinal))
            {
                found.Add(point);
            }
        }

        found.Sort((a, b) => b.Length.CompareTo(a.Length));
        return found;
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && char.IsAsciiDigit(field[i + 1]))
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }
}
