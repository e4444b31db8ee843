using Berth.Platform;

namespace Berth.Engine.Containers.Mounts;

/// <summary>What a path on the host is, following symlinks.</summary>
public enum HostPathKind
{
    Missing,
    Directory,
    Device,
    Other,
}

/// <summary>
/// The host facts mount parsing needs (the seam tests fake): the working directory for relative sources, the mount
/// flags of a bind source's file system (podman's statfs), symlink resolution and what a <c>--device</c> path is.
/// </summary>
public sealed class MountHost
{
    public required string WorkingDirectory { get; init; }

    /// <summary>nosuid/nodev/noexec of the file system holding an absolute path; null when the path does not exist.</summary>
    public required Func<string, SourceFlags?> FileSystemFlags { get; init; }

    /// <summary>The kind of an absolute or relative path (relative to <see cref="WorkingDirectory"/>), symlinks followed.</summary>
    public required Func<string, HostPathKind> Kind { get; init; }

    /// <summary>A symlink's final target (absolute); the path itself when it is not a symlink or cannot be resolved.</summary>
    public Func<string, string> ResolveLink { get; init; } = p => p;

    /// <summary>The device nodes below a directory, in lexical walk order (podman walks a <c>--device</c> directory).</summary>
    public Func<string, IReadOnlyList<string>> DevicesUnder { get; init; } = _ => [];

    /// <summary>A host where every path exists except those <paramref name="exists"/> denies; file systems have no flags.</summary>
    public static MountHost FromExists(Func<string, bool> exists, string workingDirectory = "/") => new()
    {
        WorkingDirectory = workingDirectory,
        FileSystemFlags = p => exists(p) ? new SourceFlags(false, false, false) : null,
        Kind = p => exists(p) ? (p.StartsWith("/dev/", StringComparison.Ordinal) ? HostPathKind.Device : HostPathKind.Directory) : HostPathKind.Missing,
    };

    /// <summary>This machine: stat/lstat, and the per-mount flags of /proc/self/mountinfo (what statfs reports).</summary>
    public static MountHost System() => new()
    {
        WorkingDirectory = Environment.CurrentDirectory,
        FileSystemFlags = SystemFlags,
        Kind = SystemKind,
        ResolveLink = SystemResolveLink,
        DevicesUnder = dir => [.. Walk(dir).Where(p => SystemKind(p) == HostPathKind.Device)],
    };

    /// <summary>Go's filepath.Abs: <paramref name="path"/> against the working directory, cleaned.</summary>
    public string Absolute(string path) => GoPath.Clean(path.StartsWith('/') ? path : WorkingDirectory + "/" + path);

    /// <summary>A missing path (or one that cannot be read) stays as it is, so the caller reports it by name.</summary>
    private static string SystemResolveLink(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return path;
        }
    }

    private static HostPathKind SystemKind(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full) && UnixFileSystem.TryStat(full) is null)
        {
            return HostPathKind.Missing;
        }

        var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        if (Directory.Exists(target))
        {
            return HostPathKind.Directory;
        }

        return UnixFileSystem.TryStat(target)?.Kind is UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice
            ? HostPathKind.Device
            : HostPathKind.Other;
    }

    private static IEnumerable<string> Walk(string dir)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            yield return entry;
            if (Directory.Exists(entry) && new FileInfo(entry).LinkTarget is null)
            {
                foreach (var inner in Walk(entry))
                {
                    yield return inner;
                }
            }
        }
    }

    private static SourceFlags? SystemFlags(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        var best = "";
        var options = "";
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mount-point mount-options …
            var fields = line.Split(' ', 7);
            if (fields.Length < 6)
            {
                continue;
            }

            var point = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            var under = point == "/" || real == point || real.StartsWith(point + "/", StringComparison.Ordinal);
            if (under && point.Length >= best.Length)
            {
                best = point;
                options = fields[5];
            }
        }

        var words = options.Split(',');
        return new SourceFlags(words.Contains("nosuid"), words.Contains("nodev"), words.Contains("noexec"));
    }
}
