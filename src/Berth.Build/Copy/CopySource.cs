namespace Berth.Build.Copy;

/// <summary>
/// One source of a COPY or ADD, already resolved by the caller (variables expanded, wildcards matched, ignore files
/// applied to the top level). <see cref="Pattern"/> groups the items that one written source produced: buildah decides
/// whether the destination must be a directory from the number of written sources, not of matched items.
/// </summary>
public abstract record CopySource
{
    /// <summary>The source as written in the instruction (e.g. <c>src/*.txt</c>); null = this item is its own source.</summary>
    public string? Pattern { get; init; }
}

/// <summary>
/// A file, directory or symlink below <paramref name="Root"/>: the build context, or the mounted root file system of a
/// stage or image for <c>COPY --from</c>. <paramref name="Path"/> is relative to the root ('/'-separated; "" or "."
/// is the root itself) and is resolved with openat2 RESOLVE_IN_ROOT: a symlink named as a source is followed, but only
/// inside the root (buildah chroots into the context the same way), and nothing below a copied directory is followed.
/// </summary>
public sealed record LocalCopySource(string Root, string Path) : CopySource;

/// <summary>An <c>http://</c> or <c>https://</c> source of ADD: downloaded, never extracted.</summary>
public sealed record UrlCopySource(Uri Url) : CopySource;

/// <summary>
/// A heredoc source (<c>COPY &lt;&lt;EOF /file</c>): <paramref name="Content"/> becomes a file named
/// <paramref name="Name"/> (the delimiter) when the destination is a directory, else the destination itself.
/// </summary>
public sealed record HeredocCopySource(string Name, string Content) : CopySource;
