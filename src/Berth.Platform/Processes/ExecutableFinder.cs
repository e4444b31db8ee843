namespace Berth.Platform.Processes;

/// <summary>Finds helper programs: first among configured candidate paths, then on PATH.</summary>
public static class ExecutableFinder
{
    public static string? Find(string name, IEnumerable<string>? candidates = null, IEnumerable<string>? extraDirectories = null)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? name : null;
        }

        foreach (var c in candidates ?? [])
        {
            if (IsExecutable(c))
            {
                return c;
            }
        }

        var dirs = (extraDirectories ?? []).Concat((Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries));
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, name);
            if (IsExecutable(path))
            {
                return path;
            }
        }

        return null;
    }

    public static bool IsExecutable(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && (info.UnixFileMode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
