using System.Text;
using Berth.Platform.FileSystem;

namespace Berth.Build.Context;

/// <summary>Finds and reads a build's ignore file as podman 4.3.1 (buildah 1.28) does.</summary>
public static class IgnoreFileLocator
{
    /// <summary>
    /// The ignore patterns of a build. In podman's order: <paramref name="ignoreFile"/> (<c>--ignorefile</c>) when
    /// given; else, for each Containerfile (a relative one taken inside the context), <c>FILE.dockerignore</c> or else
    /// <c>FILE.containerignore</c> next to it (podman prefers the .dockerignore there); else the context's
    /// <c>.containerignore</c>, else its <c>.dockerignore</c> (read inside the context: a symlink cannot lead out).
    /// <see cref="IgnorePatterns.None"/> when there is none.
    /// </summary>
    public static IgnorePatterns Load(string contextDirectory, string? ignoreFile, IReadOnlyList<string> containerfiles, string? workingDirectory = null)
    {
        if (!string.IsNullOrEmpty(ignoreFile))
        {
            var path = Path.Combine(workingDirectory ?? Environment.CurrentDirectory, ignoreFile);
            if (!File.Exists(path))
            {
                throw new BerthException(ErrorKind.NotFound, $"open {ignoreFile}: no such file or directory");
            }

            return IgnorePatterns.Parse(File.ReadAllText(path), ignoreFile);
        }

        foreach (var containerfile in containerfiles)
        {
            if (ContainerfileLocator.IsUrl(containerfile))
            {
                continue;
            }

            var full = containerfile.StartsWith('/') ? containerfile : GoFilePath.Join(contextDirectory, containerfile);
            string? found = null;
            if (File.Exists(full + ".containerignore"))
            {
                found = full + ".containerignore";
            }

            if (File.Exists(full + ".dockerignore"))
            {
                found = full + ".dockerignore";
            }

            if (found is not null)
            {
                return IgnorePatterns.Parse(File.ReadAllText(found), found);
            }
        }

        using var root = ContextRoot.Open(contextDirectory);
        foreach (var name in (string[])[".containerignore", ".dockerignore"])
        {
            if (ReadInContext(root, name) is { } text)
            {
                return IgnorePatterns.Parse(text, GoFilePath.Join(contextDirectory, name));
            }
        }

        return IgnorePatterns.None;
    }

    private static string? ReadInContext(ContextRoot root, string name)
    {
        var errno = AtCalls.OpenRegularFileInRoot(root.Handle, name, out var handle);
        if (errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP or Errno.EINVAL)
        {
            return null;
        }

        ContextRoot.Check(errno, name);
        using var stream = new FileStream(handle!, FileAccess.Read, bufferSize: 0);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
