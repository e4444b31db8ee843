using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Context;

/// <summary>
/// Turns the local sources of a COPY/ADD (already variable-expanded) into checked <see cref="ContextSource"/>s, and
/// walks them for the copier and the cache digest, with podman 4.3.1's rules and messages.
/// </summary>
/// <remarks>
/// Paths are taken inside the context as if it were '/': <c>../x</c>, <c>/x</c> and a symlink to <c>/x</c> all mean
/// the context's <c>x</c>, as podman's chrooted copier reads them; nothing outside the context is ever opened (openat2
/// RESOLVE_IN_ROOT, then directory handles with O_NOFOLLOW). Sources are filepath.Match patterns; a wildcard that
/// matches nothing is dropped unless every source is such a wildcard. Ignored items are invisible: a named ignored
/// source is an error, a wildcard skips them, a walk leaves them out.
/// </remarks>
public sealed class SourceResolver : IDisposable
{
    private readonly ContextRoot _root;

    /// <param name="contextDirectory">The build context directory (absolute).</param>
    /// <param name="ignore">Its ignore patterns (<see cref="IgnorePatterns.None"/> when there is no ignore file).</param>
    public SourceResolver(string contextDirectory, IgnorePatterns ignore)
    {
        ContextDirectory = contextDirectory.Length > 1 ? contextDirectory.TrimEnd('/') : contextDirectory;
        Ignore = ignore;
        _root = ContextRoot.Open(ContextDirectory);
    }

    public string ContextDirectory { get; }

    /// <summary>The exclusion rules; <see cref="IgnorePatterns.IsExcluded"/> is the predicate for context paths.</summary>
    public IgnorePatterns Ignore { get; }

    /// <summary>
    /// Resolves <paramref name="sources"/> (in order; several allowed). Throws NotFound with podman's message when a
    /// source does not exist, when every source is a wildcard matching nothing, or when everything a source matched is
    /// ignored; InvalidArgument for a symlink that cannot be resolved inside the context.
    /// </summary>
    public IReadOnlyList<ContextSource> Resolve(IReadOnlyList<string> sources)
    {
        var matched = new List<(string Source, bool Wildcard, List<string> Items)>();
        var globs = new List<string>();
        foreach (var source in sources)
        {
            var glob = GoFilePath.Clean("/" + source);
            globs.Add(glob);
            var wildcard = source.AsSpan().IndexOfAny("*?[") >= 0;
            var items = ContextGlob.Match(_root, glob);
            if (items.Count == 0)
            {
                if (wildcard)
                {
                    continue;
                }

                var escaping = IsEscaping(source) ? "possible escaping context directory error: " : "";
                throw NotFound($"checking on sources under {GoFilePath.Quote(ContextDirectory)}: {escaping}copier: stat: {GoFilePath.Quote(glob)}: no such file or directory");
            }

            matched.Add((source, wildcard, items));
        }

        if (matched.Count == 0 && sources.Count > 0)
        {
            // podman's odd wording (a failed filepath.Rel of an empty glob name), kept as recorded.
            throw NotFound($"checking on sources under {GoFilePath.Quote(ContextDirectory)}: Rel: can't make  relative to {ContextDirectory}; copier: stat: {GoFilePath.Quote(globs)}: no such file or directory");
        }

        var result = new List<ContextSource>();
        foreach (var (source, wildcard, items) in matched)
        {
            var before = result.Count;
            foreach (var item in items)
            {
                if (Check(source, wildcard, item) is { } checkedSource)
                {
                    result.Add(checkedSource);
                }
            }

            if (result.Count == before)
            {
                var file = Ignore.SourceFile is null ? "" : " using " + Ignore.SourceFile;
                throw NotFound($"no items matching glob {GoFilePath.Quote(GoFilePath.Join(ContextDirectory, source))} copied ({items.Count} filtered out{file}): no such file or directory");
            }
        }

        return result;
    }

    /// <summary>
    /// What copying <paramref name="source"/> reads: for a directory every entry below it that is not ignored (depth
    /// first, names in ordinal order, symlinks not followed, sockets skipped; an ignored directory is skipped whole
    /// unless <see cref="IgnorePatterns.MustWalkExcludedDirectory"/>), for anything else the one entry. Entries come
    /// with lstat data and, for files, <see cref="ContextEntry.OpenContent"/>.
    /// </summary>
    public IEnumerable<ContextEntry> Walk(ContextSource source)
    {
        if (!source.IsDirectory)
        {
            return WalkOne(source);
        }

        return WalkDirectory(source);
    }

    public void Dispose() => _root.Dispose();

    private ContextSource? Check(string source, bool wildcard, string item)
    {
        var status = _root.StatInRoot(item, followLast: false) ?? throw NotFound($"checking on sources under {GoFilePath.Quote(ContextDirectory)}: copier: stat: {GoFilePath.Quote("/" + item)}: no such file or directory");
        var real = status.RealPath;
        var kind = status.Status.Kind;
        var link = kind == UnixFileKind.SymbolicLink;
        if (link)
        {
            var target = _root.StatInRoot(item, followLast: true);
            if (target is null)
            {
                var text = _root.ReadLink(item);
                throw new BerthException(ErrorKind.NotFound, $"reading {GoFilePath.Quote(HostPath(item))}: symbolic link {GoFilePath.Quote(item)} points to {GoFilePath.Quote(text)}, which does not exist inside the build context (links are resolved as if the context were \"/\"): no such file or directory");
            }

            (real, kind) = (target.Value.RealPath, target.Value.Status.Kind);
        }

        if (Ignore.IsExcluded(item) && (kind != UnixFileKind.Directory || !Ignore.IncludeExcludedDirectoryAnyway(item)))
        {
            return null;
        }

        if (link && kind != UnixFileKind.Directory && Ignore.IsExcluded(real))
        {
            throw NotFound($"reading {GoFilePath.Quote(HostPath(item))}: symbolic link {GoFilePath.Quote(item)} points to {GoFilePath.Quote(real)}, which is excluded by {Ignore.SourceFile}: no such file or directory");
        }

        return new ContextSource(source, item, real, HostPath(real), kind, wildcard, link);
    }

    private IEnumerable<ContextEntry> WalkOne(ContextSource source)
    {
        var parent = source.ResolvedPath.Contains('/') ? source.ResolvedPath[..source.ResolvedPath.LastIndexOf('/')] : "";
        var name = source.ResolvedPath[(source.ResolvedPath.LastIndexOf('/') + 1)..];
        using var directory = _root.OpenReadableDirectory(parent) ?? throw NotFound($"{GoFilePath.Quote(source.RelativePath)}: no such file or directory");
        yield return Entry(directory, name, source.ResolvedPath, source.Name);
    }

    private IEnumerable<ContextEntry> WalkDirectory(ContextSource source)
    {
        var directory = _root.OpenReadableDirectory(source.ResolvedPath) ?? throw NotFound($"{GoFilePath.Quote(source.RelativePath)}: no such file or directory");
        foreach (var entry in WalkBelow(directory, source.ResolvedPath, ""))
        {
            yield return entry;
        }
    }

    private IEnumerable<ContextEntry> WalkBelow(SafeFileHandle directory, string contextPath, string sourcePath)
    {
        using (directory)
        {
            var names = new List<string>();
            ContextRoot.Check(AtCalls.ReadDirectory(directory, names), contextPath);
            names.Sort(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var relative = contextPath.Length == 0 ? name : contextPath + "/" + name;
                var below = sourcePath.Length == 0 ? name : sourcePath + "/" + name;
                var errno = AtCalls.Stat(directory, name, out var status);
                if (errno == Errno.ENOENT)
                {
                    continue; // gone meanwhile, as podman's "file disappeared while reading"
                }

                ContextRoot.Check(errno, relative);
                if (status.Kind == UnixFileKind.Socket)
                {
                    continue;
                }

                var excluded = Ignore.IsExcluded(relative);
                if (!excluded)
                {
                    yield return Entry(directory, name, relative, below);
                }

                if (status.Kind == UnixFileKind.Directory && (!excluded || Ignore.MustWalkExcludedDirectory(relative)))
                {
                    ContextRoot.Check(AtCalls.OpenSubdirectory(directory, name, out var child), relative);
                    foreach (var entry in WalkBelow(child!, relative, below))
                    {
                        yield return entry;
                    }
                }
            }
        }
    }

    private ContextEntry Entry(SafeFileHandle directory, string name, string relative, string sourcePath)
    {
        ContextRoot.Check(AtCalls.Stat(directory, name, out var status), relative);
        string? target = null;
        if (status.Kind == UnixFileKind.SymbolicLink)
        {
            ContextRoot.Check(AtCalls.ReadLink(directory, name, out var text), relative);
            target = text;
        }

        Func<Stream>? opener = status.Kind == UnixFileKind.Regular
            ? () => directory.IsClosed ? OpenInRoot(relative) : OpenFile(directory, name, relative)
            : null;
        return new ContextEntry(relative, sourcePath, status, target) { Opener = opener };
    }

    private static FileStream OpenFile(SafeFileHandle directory, string name, string relative)
    {
        ContextRoot.Check(AtCalls.OpenFile(directory, name, out var file), relative);
        return new FileStream(file!, FileAccess.Read, bufferSize: 0);
    }

    // After the walk moved on: opened again from the context root (RESOLVE_IN_ROOT, regular files only).
    private FileStream OpenInRoot(string relative)
    {
        ContextRoot.Check(AtCalls.OpenRegularFileInRoot(_root.Handle, relative, out var file), relative);
        return new FileStream(file!, FileAccess.Read, bufferSize: 0);
    }

    private string HostPath(string relative) => relative.Length == 0 ? ContextDirectory : GoFilePath.Join(ContextDirectory, relative);

    // podman prefixes "possible escaping context directory error" when the source joined to the context leaves it.
    private static bool IsEscaping(string source)
    {
        if (source.StartsWith('/'))
        {
            return false;
        }

        return GoFilePath.Clean(source).StartsWith("../", StringComparison.Ordinal);
    }

    private static BerthException NotFound(string message) => new(ErrorKind.NotFound, message);
}
