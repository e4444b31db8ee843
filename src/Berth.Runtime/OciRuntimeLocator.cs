using Berth.Platform.Host;
using Berth.Platform.Processes;

namespace Berth.Runtime;

/// <summary>An OCI runtime or conmon binary the engine will drive.</summary>
public sealed record HelperBinary(string Name, string Path);

/// <summary>
/// Chooses the OCI runtime as podman does: <c>--runtime</c> (a name from the runtimes table or a path), else
/// the configured runtime, else crun where cgroups are v2 and runc where they are v1 (crun refuses hybrid v1).
/// </summary>
public static class OciRuntimeLocator
{
    public static HelperBinary Resolve(
        string? requested,
        string? configured,
        IReadOnlyDictionary<string, IReadOnlyList<string>> runtimes,
        CgroupVersion cgroupVersion)
    {
        if (!string.IsNullOrEmpty(requested))
        {
            return Find(requested, runtimes, $"--runtime {requested}");
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return Find(configured, runtimes, $"containers.conf runtime \"{configured}\"");
        }

        var preferred = cgroupVersion == CgroupVersion.V2 ? new[] { "crun", "runc" } : ["runc", "crun"];
        foreach (var name in preferred)
        {
            if (Locate(name, runtimes) is { } path)
            {
                return new HelperBinary(name, path);
            }
        }

        throw BerthException.Unavailable(
            $"no OCI runtime found: neither {preferred[0]} nor {preferred[1]} is installed (install the runc package, or name a runtime with --runtime)");
    }

    /// <summary>conmon from the configured candidates, else PATH.</summary>
    public static HelperBinary ResolveConmon(string? requested, IReadOnlyList<string> candidates)
    {
        var path = !string.IsNullOrEmpty(requested)
            ? (ExecutableFinder.IsExecutable(requested) ? requested : null)
            : ExecutableFinder.Find("conmon", candidates);
        return path is null
            ? throw BerthException.Unavailable(
                $"could not find a working conmon binary (checked {(string.IsNullOrEmpty(requested) ? string.Join(", ", candidates) : requested)} and $PATH): install the conmon package or set conmon_path in containers.conf")
            : new HelperBinary("conmon", path);
    }

    private static HelperBinary Find(string nameOrPath, IReadOnlyDictionary<string, IReadOnlyList<string>> runtimes, string origin)
    {
        if (nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return ExecutableFinder.IsExecutable(nameOrPath)
                ? new HelperBinary(Path.GetFileName(nameOrPath), nameOrPath)
                : throw BerthException.Unavailable($"OCI runtime {nameOrPath} (from {origin}) does not exist or is not executable");
        }

        return Locate(nameOrPath, runtimes) is { } path
            ? new HelperBinary(nameOrPath, path)
            : throw BerthException.Unavailable(
                $"OCI runtime \"{nameOrPath}\" (from {origin}) not found: install it, or list its path under [engine.runtimes] in containers.conf");
    }

    private static string? Locate(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> runtimes) =>
        ExecutableFinder.Find(name, runtimes.TryGetValue(name, out var candidates) ? candidates : []);
}
