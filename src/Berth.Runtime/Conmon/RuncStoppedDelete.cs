using System.Text.Json;
using Berth.Platform.Host;

namespace Berth.Runtime.Conmon;

/// <summary>
/// What <c>runc delete</c> does for a container whose init process is gone (runc 1.1's <c>destroy</c>): remove its
/// cgroup directories and its state directory. Done here for the plain case to spare a Go process on every
/// <c>run --rm</c>; anything else (cgroups under systemd, rootless, poststop hooks, Intel RDT, no PID namespace of
/// its own so processes may be left, an init still alive, a cgroup that will not go) is left to runc itself.
/// </summary>
internal static class RuncStoppedDelete
{
    private const int Retries = 5;

    /// <summary>True when the container is gone from the runtime's state; false = ask runc.</summary>
    public static bool TryDelete(string runtimeRoot, string id)
    {
        var directory = Path.Combine(runtimeRoot, id);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.Combine(directory, "state.json"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        List<string>? paths;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            paths = PlainStoppedCgroups(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not runc's shape (a value of another JSON kind): runc decides.
            return false;
        }

        if (paths is null)
        {
            return false;
        }

        if (!RemoveCgroups(paths))
        {
            return false;
        }

        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // removed meanwhile: gone either way
        }

        return true;
    }

    /// <summary>The cgroup directories to remove when the state is the plain, stopped case; otherwise null.</summary>
    internal static List<string>? PlainStoppedCgroups(JsonElement state)
    {
        if (state.ValueKind != JsonValueKind.Object
            || Bool(state, "rootless")
            || (state.TryGetProperty("intel_rdt_path", out var rdt) && rdt.ValueKind == JsonValueKind.String && rdt.GetString() is { Length: > 0 })
            || !state.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
            || !state.TryGetProperty("init_process_pid", out var pidElement) || !pidElement.TryGetInt32(out var pid)
            || !state.TryGetProperty("init_process_start", out var startElement) || !startElement.TryGetUInt64(out var start))
        {
            return null;
        }

        if ((config.TryGetProperty("cgroups", out var cgroups) && Bool(cgroups, "systemd"))
            || HasPoststopHooks(config) || !OwnPidNamespace(config) || !InitGone(pid, start))
        {
            return null;
        }

        var paths = new List<string>();
        if (state.TryGetProperty("cgroup_paths", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.GetString() is { Length: > 0 } path && path.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal))
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static bool HasPoststopHooks(JsonElement config) =>
        config.TryGetProperty("Hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Object
        && hooks.TryGetProperty("poststop", out var poststop) && poststop.ValueKind == JsonValueKind.Array && poststop.GetArrayLength() > 0;

    /// <summary>A new PID namespace (not joined by path): when its init died the kernel killed everything in it.</summary>
    private static bool OwnPidNamespace(JsonElement config)
    {
        if (!config.TryGetProperty("namespaces", out var namespaces) || namespaces.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var ns in namespaces.EnumerateArray())
        {
            if (ns.TryGetProperty("type", out var type) && type.GetString() == "NEWPID")
            {
                return !ns.TryGetProperty("path", out var path) || path.GetString() is null or "";
            }
        }

        return false;
    }

    /// <summary>runc's test: no such process, another process under that PID (start time), a zombie or dead one.</summary>
    private static bool InitGone(int pid, ulong startTime) =>
        ProcessFiles.TryReadStat(pid) is not { } stat || stat.State is "Z" or "X" or "x" || (ulong)stat.StartTicks != startTime;

    /// <summary>rmdir of each cgroup (children first), retried while the kernel still counts a dying task, as runc does.</summary>
    private static bool RemoveCgroups(List<string> paths)
    {
        var delay = 10;
        for (var attempt = 0; attempt < Retries && paths.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                Thread.Sleep(delay);
                delay *= 2;
            }

            paths.RemoveAll(RemoveTree);
        }

        return paths.Count == 0;
    }

    private static bool RemoveTree(string path)
    {
        if (!Directory.Exists(path))
        {
            // A hierarchy runc lists but never made the directory in (looked at first: an exception costs far more).
            return true;
        }

        try
        {
            foreach (var child in Directory.GetDirectories(path))
            {
                RemoveTree(child);
            }

            Directory.Delete(path, recursive: false);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return !Directory.Exists(path);
        }
    }
}
