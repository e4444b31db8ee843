namespace Berth.Platform.Processes;

/// <summary>
/// Names the Debian package that owns a file, as podman info prints it (<c>conmon_2.1.6+ds1-1_amd64</c>):
/// one <c>dpkg -S</c> for all paths, versions from the dpkg status file.
/// </summary>
public static class DpkgPackages
{
    public static async Task<IReadOnlyDictionary<string, string>> OwnersAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (paths.Count == 0 || ExecutableFinder.Find("dpkg") is not { } dpkg)
        {
            return result;
        }

        var resolved = paths.ToDictionary(p => p, Resolve, StringComparer.Ordinal);
        ProcessResult run;
        try
        {
            run = await ProcessRunner.RunAsync(dpkg, ["-S", .. resolved.Values.Distinct()], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BerthException or System.ComponentModel.Win32Exception)
        {
            return result;
        }

        var owners = ParseSearchOutput(run.StandardOutput);
        var versions = ParseStatus(File.Exists("/var/lib/dpkg/status") ? await File.ReadAllTextAsync("/var/lib/dpkg/status", cancellationToken).ConfigureAwait(false) : "");
        foreach (var (path, real) in resolved)
        {
            if (owners.TryGetValue(real, out var package) && versions.TryGetValue(package, out var v))
            {
                result[path] = $"{package}_{v.Version}_{v.Architecture}";
            }
        }

        return result;
    }

    /// <summary>Lines of <c>dpkg -S</c>: <c>package[:arch][, other]: /path</c>.</summary>
    public static IReadOnlyDictionary<string, string> ParseSearchOutput(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var sep = line.IndexOf(": ", StringComparison.Ordinal);
            if (sep <= 0)
            {
                continue;
            }

            var package = line[..sep].Split(',')[0].Trim();
            var colon = package.IndexOf(':', StringComparison.Ordinal);
            result[line[(sep + 2)..].Trim()] = colon > 0 ? package[..colon] : package;
        }

        return result;
    }

    /// <summary>Package → (Version, Architecture) from /var/lib/dpkg/status stanzas.</summary>
    public static IReadOnlyDictionary<string, (string Version, string Architecture)> ParseStatus(string text)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        string? name = null, version = null, arch = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (raw.IsEmpty)
            {
                Flush();
                continue;
            }

            if (raw.StartsWith("Package: ", StringComparison.Ordinal))
            {
                name = raw[9..].ToString();
            }
            else if (raw.StartsWith("Version: ", StringComparison.Ordinal))
            {
                version = raw[9..].ToString();
            }
            else if (raw.StartsWith("Architecture: ", StringComparison.Ordinal))
            {
                arch = raw[14..].ToString();
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (name is not null && version is not null)
            {
                result.TryAdd(name, (version, arch ?? ""));
            }

            name = version = arch = null;
        }
    }

    private static string Resolve(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
