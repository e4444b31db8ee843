namespace Berth.Build.Context;

/// <summary>
/// The build context of one build: the directory COPY/ADD read from (a local directory, or a temporary one holding a
/// downloaded, cloned or unpacked context), the Containerfiles to read and the ignore patterns. Disposing removes the
/// temporary directory.
/// </summary>
public sealed class BuildContext : IDisposable
{
    private BuildContext(string directory, string? temporaryDirectory, IReadOnlyList<string> containerfiles, IgnorePatterns ignore)
    {
        Directory = directory;
        TemporaryDirectory = temporaryDirectory;
        Containerfiles = containerfiles;
        Ignore = ignore;
    }

    /// <summary>The context directory (absolute, cleaned).</summary>
    public string Directory { get; }

    /// <summary>The temporary directory made for a fetched or unpacked context (removed on dispose), or null.</summary>
    public string? TemporaryDirectory { get; }

    /// <summary>The Containerfiles to read, in order: absolute paths (<see cref="ContainerfileLocator.StandardInputPath"/>
    /// for <c>-f -</c>) or <c>http(s)</c> URLs given with <c>-f</c>.</summary>
    public IReadOnlyList<string> Containerfiles { get; }

    public IgnorePatterns Ignore { get; }

    /// <summary>A resolver for COPY/ADD sources in this context (dispose it after the build).</summary>
    public SourceResolver CreateSourceResolver() => new(Directory, Ignore);

    /// <summary>
    /// Opens the context <paramref name="request"/> names, with podman 4.3.1's rules and messages: no location and no
    /// local Containerfile → "no context directory and no Containerfile specified"; a location that is neither a
    /// directory nor an archive → "context must be a directory: PATH"; then the Containerfiles
    /// (<see cref="ContainerfileLocator"/>) and the ignore file (<see cref="IgnoreFileLocator"/>).
    /// </summary>
    public static async Task<BuildContext> OpenAsync(BuildContextRequest request, CancellationToken cancellationToken)
    {
        string? temporary = null;
        try
        {
            string directory;
            var location = request.Location;
            if (location is null)
            {
                var local = request.Containerfiles.FirstOrDefault(f => !ContainerfileLocator.IsUrl(f) && !ContextFetcher.IsRemote(f))
                    ?? throw BerthException.InvalidArgument("no context directory and no Containerfile specified");
                var file = local == "-" ? ContainerfileLocator.StandardInputPath : Path.Combine(request.WorkingDirectory, local);
                // podman's quirk: "-f -" without a context makes /dev (the directory of /dev/stdin) the context.
                directory = Path.GetDirectoryName(GoFilePath.Clean(file))!;
            }
            else if (location == "-" || ContextFetcher.IsRemote(location))
            {
                temporary = CreateTemporary(request);
                var target = System.IO.Directory.CreateDirectory(Path.Join(temporary, "context")).FullName;
                string subdirectory;
                if (location == "-")
                {
                    var input = request.StandardInput ?? throw BerthException.InvalidArgument("no standard input to read the build context from");
                    await ContextFetcher.UnpackAsync(input, target, "stdin", cancellationToken).ConfigureAwait(false);
                    subdirectory = "";
                }
                else
                {
                    subdirectory = await ContextFetcher.FetchAsync(location, target, request, cancellationToken).ConfigureAwait(false);
                }

                directory = GoFilePath.Join(target, subdirectory);
            }
            else
            {
                directory = GoFilePath.Clean(Path.Combine(request.WorkingDirectory, location));
                if (!System.IO.Directory.Exists(directory))
                {
                    if (!File.Exists(directory) || !await ContextFetcher.IsTarArchiveAsync(directory, cancellationToken).ConfigureAwait(false))
                    {
                        throw BerthException.InvalidArgument($"context must be a directory: {GoFilePath.Quote(directory)}");
                    }

                    temporary = CreateTemporary(request);
                    var target = System.IO.Directory.CreateDirectory(Path.Join(temporary, "context")).FullName;
                    await ContextFetcher.ExtractAsync(directory, target, cancellationToken).ConfigureAwait(false);
                    directory = target;
                }
            }

            var containerfiles = ContainerfileLocator.Locate(request.Containerfiles, directory, request.WorkingDirectory);
            var forIgnore = request.Containerfiles.Count == 0
                ? containerfiles
                : request.Containerfiles.Select(f => f == "-" ? ContainerfileLocator.StandardInputPath : f).ToList();
            var ignore = IgnoreFileLocator.Load(directory, request.IgnoreFile, forIgnore, request.WorkingDirectory);
            return new BuildContext(directory, temporary, containerfiles, ignore);
        }
        catch
        {
            RemoveTemporary(temporary);
            throw;
        }
    }

    /// <summary>Whether <paramref name="location"/> is fetched (an http(s) archive or a git repository) rather than read.</summary>
    public static bool IsRemote(string location) => ContextFetcher.IsRemote(location);

    /// <summary>
    /// A <c>--build-context name=URL</c>: the URL fetched into a temporary directory as a remote build context is (an
    /// archive unpacked, a repository cloned), without Containerfiles or an ignore file.
    /// </summary>
    public static async Task<BuildContext> FetchNamedAsync(string url, BuildContextRequest request, CancellationToken cancellationToken)
    {
        var temporary = CreateTemporary(request);
        try
        {
            var target = System.IO.Directory.CreateDirectory(Path.Join(temporary, "context")).FullName;
            var subdirectory = await ContextFetcher.FetchAsync(url, target, request, cancellationToken).ConfigureAwait(false);
            return new BuildContext(GoFilePath.Join(target, subdirectory), temporary, [], IgnorePatterns.None);
        }
        catch
        {
            RemoveTemporary(temporary);
            throw;
        }
    }

    public void Dispose() => RemoveTemporary(TemporaryDirectory);

    private static string CreateTemporary(BuildContextRequest request)
    {
        var parent = request.TemporaryDirectory ?? Path.GetTempPath();
        while (true)
        {
            var path = Path.Join(parent, "berth-build-" + Path.GetRandomFileName());
            if (!System.IO.Directory.Exists(path))
            {
                System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return path;
            }
        }
    }

    private static void RemoveTemporary(string? temporary)
    {
        if (temporary is null || !System.IO.Directory.Exists(temporary))
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(temporary, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // An unpacked archive may hold directories without write permission: open them up and retry.
            foreach (var directory in System.IO.Directory.EnumerateDirectories(temporary, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            System.IO.Directory.Delete(temporary, recursive: true);
        }
    }
}
