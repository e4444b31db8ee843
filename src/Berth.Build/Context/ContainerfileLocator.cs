namespace Berth.Build.Context;

/// <summary>Which Containerfiles a build reads, found as podman 4.3.1 finds them.</summary>
public static class ContainerfileLocator
{
    /// <summary>What <c>-f -</c> stands for (podman reads standard input through this path).</summary>
    public const string StandardInputPath = "/dev/stdin";

    /// <summary>
    /// The Containerfile paths for <paramref name="given"/> <c>-f</c> values: <c>-</c> is <see cref="StandardInputPath"/>;
    /// a path that does not exist as given (relative to <paramref name="workingDirectory"/>) is tried inside the
    /// context; <c>http(s)://</c> values are returned as they are. With no <c>-f</c>: <c>Containerfile</c> in the
    /// context when it exists, else <c>Dockerfile</c>. Throws NotFound "stat PATH: no such file or directory" and
    /// InvalidArgument "containerfile: PATH cannot be path to a directory" as podman does.
    /// </summary>
    public static IReadOnlyList<string> Locate(IReadOnlyList<string> given, string contextDirectory, string workingDirectory)
    {
        var files = new List<string>();
        if (given.Count == 0)
        {
            var containerfile = Path.Join(contextDirectory, "Containerfile");
            files.Add(File.Exists(containerfile) ? containerfile : Path.Join(contextDirectory, "Dockerfile"));
        }
        else
        {
            files.AddRange(given.Select(f => f == "-" ? StandardInputPath : f));
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (!IsUrl(files[i]))
            {
                files[i] = Check(files[i], contextDirectory, workingDirectory);
            }
        }

        return files;
    }

    internal static bool IsUrl(string file) =>
        file.StartsWith("http://", StringComparison.Ordinal) || file.StartsWith("https://", StringComparison.Ordinal);

    private static string Check(string file, string contextDirectory, string workingDirectory)
    {
        var path = file;
        var exists = Exists(Path.Combine(workingDirectory, path));
        if (!exists && !path.StartsWith(contextDirectory, StringComparison.Ordinal))
        {
            // buildah tries again inside the context, and reports that path when it is missing there too.
            path = GoFilePath.Join(contextDirectory, path);
            exists = Exists(path);
        }

        if (!exists)
        {
            throw new BerthException(ErrorKind.NotFound, $"stat {path}: no such file or directory");
        }

        var absolute = Path.Combine(workingDirectory, path);
        if (Directory.Exists(absolute))
        {
            throw BerthException.InvalidArgument($"containerfile: {GoFilePath.Quote(path)} cannot be path to a directory");
        }

        return GoFilePath.Clean(absolute);
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
