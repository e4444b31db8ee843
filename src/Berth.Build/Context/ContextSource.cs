using Berth.Platform;

namespace Berth.Build.Context;

/// <summary>
/// One item a COPY/ADD source matched in the build context, checked and resolved: what the copier reads.
/// </summary>
/// <param name="Source">The source as written in the instruction (after variable expansion), e.g. <c>src/*.c</c>.</param>
/// <param name="RelativePath">The item's path in the context ('/'-separated, "" for the context itself); its last
/// component (<see cref="Name"/>) names a copied file, also when it is a symlink that was followed.</param>
/// <param name="ResolvedPath">Where the content is read from, relative to the context: <paramref name="RelativePath"/>
/// with every symlink resolved inside the context (never outside it).</param>
/// <param name="HostPath">The absolute host path of <paramref name="ResolvedPath"/>, at the time of the check. Read
/// through <see cref="SourceResolver.Walk"/> (handles, no symlink followed) rather than by this path where the context
/// may change underneath.</param>
/// <param name="Kind">What <paramref name="ResolvedPath"/> is (a followed symlink's target kind).</param>
/// <param name="FromWildcard">The source held a wildcard (<c>*</c>, <c>?</c>, <c>[</c>).</param>
/// <param name="IsSymbolicLink">The item itself was a symlink, followed to <paramref name="ResolvedPath"/>.</param>
public sealed record ContextSource(
    string Source,
    string RelativePath,
    string ResolvedPath,
    string HostPath,
    UnixFileKind Kind,
    bool FromWildcard,
    bool IsSymbolicLink)
{
    /// <summary>A directory: its contents are copied (without the directory's own name), as Docker and podman do.</summary>
    public bool IsDirectory => Kind == UnixFileKind.Directory;

    /// <summary>The last component of <see cref="RelativePath"/> ("" for the context itself).</summary>
    public string Name => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];
}

/// <summary>
/// One entry met by <see cref="SourceResolver.Walk"/>: a file, directory, symlink (not followed) or special file that
/// is not ignored.
/// </summary>
/// <param name="RelativePath">Its path in the context.</param>
/// <param name="SourcePath">Its path below the source: "" for the top of a directory source is never yielded; a
/// non-directory source yields one entry whose SourcePath is the source's <see cref="ContextSource.Name"/>.</param>
/// <param name="Status">lstat of the entry (for a followed top-level symlink: of its target).</param>
/// <param name="LinkTarget">The symlink's target text, for symlinks.</param>
public sealed record ContextEntry(string RelativePath, string SourcePath, UnixFileStatus Status, string? LinkTarget)
{
    internal Func<Stream>? Opener { get; init; }

    public UnixFileKind Kind => Status.Kind;

    /// <summary>
    /// Opens a regular file's content for reading: while the walk stands on this entry through its parent directory's
    /// handle (O_NOFOLLOW: a file swapped for a symlink meanwhile is refused), later from the context root with
    /// RESOLVE_IN_ROOT (never outside the context). Valid while the <see cref="SourceResolver"/> is not disposed.
    /// </summary>
    public Stream OpenContent() =>
        Opener?.Invoke() ?? throw new InvalidOperationException($"{RelativePath} is not a regular file");
}
