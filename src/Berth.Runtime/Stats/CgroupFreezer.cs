using Berth.Platform.Host;

namespace Berth.Runtime.Stats;

/// <summary>Freezer states, named as runc reports them.</summary>
public enum FreezerState
{
    /// <summary>No freezer file to read (no such cgroup, or no freezer controller).</summary>
    Undefined,
    Thawed,
    Freezing,
    Frozen,
}

/// <summary>Reads whether a container's cgroup is frozen (paused): v1 freezer.state, v2 cgroup.freeze + cgroup.events.</summary>
public static class CgroupFreezer
{
    /// <summary>The freezer state of the cgroup at the spec's <paramref name="cgroupsPath"/>.</summary>
    public static FreezerState ReadState(string cgroupsPath) => ReadState(cgroupsPath, "/sys/fs/cgroup", HostFacts.CgroupVersion);

    internal static FreezerState ReadState(string cgroupsPath, string cgroupRoot, CgroupVersion version)
    {
        var path = CgroupPaths.Resolve(cgroupsPath).TrimStart('/');
        if (version == CgroupVersion.V1)
        {
            return ParseV1(Read(Path.Combine(cgroupRoot, "freezer", path, "freezer.state")));
        }

        var dir = Path.Combine(cgroupRoot, path);
        return ParseV2(Read(Path.Combine(dir, "cgroup.freeze")), Read(Path.Combine(dir, "cgroup.events")));
    }

    /// <summary>v1 freezer.state: THAWED, FREEZING or FROZEN.</summary>
    public static FreezerState ParseV1(string? text) => text?.Trim() switch
    {
        "THAWED" => FreezerState.Thawed,
        "FREEZING" => FreezerState.Freezing,
        "FROZEN" => FreezerState.Frozen,
        _ => FreezerState.Undefined,
    };

    /// <summary>v2: cgroup.freeze 0 is thawed; 1 is frozen once cgroup.events says "frozen 1", freezing until then.</summary>
    public static FreezerState ParseV2(string? freeze, string? events)
    {
        switch (freeze?.Trim())
        {
            case "0":
                return FreezerState.Thawed;
            case "1":
                var frozen = CgroupFiles.ParseFlatKeyed(events ?? "").GetValueOrDefault("frozen");
                return frozen == 1 ? FreezerState.Frozen : FreezerState.Freezing;
            default:
                return FreezerState.Undefined;
        }
    }

    private static string? Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
