namespace Berth.Build.Context;

/// <summary>
/// The patterns of a build's ignore file (<c>.containerignore</c>, <c>.dockerignore</c>, <c>--ignorefile</c>) and the
/// questions COPY/ADD ask them, answered as podman 4.3.1 (buildah 1.28) answers them. Paths are relative to the context
/// directory, '/'-separated, without a leading '/'.
/// </summary>
/// <remarks>
/// The last pattern that matches a path decides: excluded by a plain pattern, included by a <c>!</c> exception; a
/// pattern that matches a directory matches everything below it. Whether an excluded directory must still be walked
/// (because an exception could bring back something inside it) is decided by <see cref="MustWalkExcludedDirectory"/>,
/// podman's string-prefix test: an exception whose directory part holds a wildcard does not reach into directories
/// that are themselves excluded (<c>*</c> then <c>!docs/**/*.md</c> keeps <c>docs/a.md</c> but not
/// <c>docs/guide/b.md</c>), exactly as podman behaves.
/// </remarks>
public sealed class IgnorePatterns
{
    private readonly IgnorePattern[] _patterns;

    private IgnorePatterns(IgnorePattern[] patterns, string? sourceFile)
    {
        _patterns = patterns;
        SourceFile = sourceFile;
        HasExceptions = patterns.Any(p => p.IsException);
    }

    /// <summary>No patterns: nothing is excluded.</summary>
    public static IgnorePatterns None { get; } = new([], null);

    /// <summary>The ignore file the patterns came from (podman names it in "filtered out using …" errors), or null.</summary>
    public string? SourceFile { get; }

    public IReadOnlyList<IgnorePattern> Patterns => _patterns;

    public bool IsEmpty => _patterns.Length == 0;

    /// <summary>Whether some pattern is a <c>!</c> exception.</summary>
    public bool HasExceptions { get; }

    /// <summary>
    /// Reads ignore-file text as podman does: lines split at '\n', a line that is empty or starts with '#' in its
    /// first column is skipped, the rest are compiled by <see cref="IgnorePattern"/> (trimmed, cleaned, <c>!</c>).
    /// A malformed pattern throws InvalidArgument naming <paramref name="sourceFile"/>.
    /// </summary>
    public static IgnorePatterns Parse(string text, string? sourceFile = null)
    {
        var patterns = new List<IgnorePattern>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            try
            {
                if (IgnorePattern.Compile(line) is { } pattern)
                {
                    patterns.Add(pattern);
                }
            }
            catch (FormatException e)
            {
                var where = sourceFile is null ? "" : $"{sourceFile}: ";
                throw BerthException.InvalidArgument($"{where}{GoFilePath.Quote(line.Trim())}: {e.Message}");
            }
        }

        return patterns.Count == 0 && sourceFile is null ? None : new IgnorePatterns([.. patterns], sourceFile);
    }

    /// <summary>Whether <paramref name="relativePath"/> is left out of the context ("" and "." never are).</summary>
    public bool IsExcluded(string relativePath)
    {
        if (relativePath.Length == 0 || relativePath == ".")
        {
            return false;
        }

        var excluded = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(relativePath))
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }

    /// <summary>
    /// For an excluded directory met while walking a copied directory: whether it must still be walked because an
    /// exception could include something inside it (podman: some exception, '/'-trimmed, plus '/' starts with the
    /// directory's path). False means the whole directory can be skipped without reading it.
    /// </summary>
    public bool MustWalkExcludedDirectory(string relativeDirectory)
    {
        if (!HasExceptions)
        {
            return false;
        }

        var trimmed = relativeDirectory.Trim('/');
        foreach (var pattern in _patterns)
        {
            if (pattern.IsException && (pattern.Text.Trim('/') + "/").StartsWith(trimmed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For an excluded directory named (or matched by a wildcard) as a COPY/ADD source: whether it is copied anyway
    /// because an exception lies below it (podman's includeDirectoryAnyway: an exception starting with "dir/").
    /// </summary>
    public bool IncludeExcludedDirectoryAnyway(string relativeDirectory)
    {
        if (!HasExceptions)
        {
            return false;
        }

        var prefix = relativeDirectory.TrimStart('/') + "/";
        return _patterns.Any(p => p.IsException && p.Text.TrimStart('/').StartsWith(prefix, StringComparison.Ordinal));
    }
}
