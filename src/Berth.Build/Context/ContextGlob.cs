namespace Berth.Build.Context;

/// <summary>
/// filepath.Glob run inside the context as if it were '/' (podman's copier globs in a chroot): components with
/// wildcards are matched against directory listings (symlinked directories followed inside the context), names in
/// ordinal order; a pattern without wildcards is returned when it exists (lstat). A malformed pattern matches nothing.
/// </summary>
internal static class ContextGlob
{
    /// <summary>The matches of <paramref name="pattern"/>, an absolute cleaned in-context path ("/src/*.c"), as
    /// context-relative paths without the leading '/' ("src/a.c"; "" for the context itself).</summary>
    public static List<string> Match(ContextRoot root, string pattern)
    {
        var matches = new List<string>();
        try
        {
            GoFilePath.Match(pattern, "");
            Glob(root, pattern, matches, depth: 0);
        }
        catch (FormatException)
        {
            matches.Clear();
        }

        return matches.ConvertAll(m => m.TrimStart('/'));
    }

    private static void Glob(ContextRoot root, string pattern, List<string> matches, int depth)
    {
        if (!GoFilePath.HasMeta(pattern))
        {
            if (root.Lstat(pattern.TrimStart('/')) is not null)
            {
                matches.Add(pattern);
            }

            return;
        }

        var slash = pattern.LastIndexOf('/');
        var directory = slash <= 0 ? "/" : pattern[..slash];
        var file = pattern[(slash + 1)..];
        if (!GoFilePath.HasMeta(directory))
        {
            MatchIn(root, directory, file, matches);
            return;
        }

        if (directory == pattern || depth > 10_000)
        {
            throw new FormatException("syntax error in pattern");
        }

        var directories = new List<string>();
        Glob(root, directory, directories, depth + 1);
        foreach (var d in directories)
        {
            MatchIn(root, d, file, matches);
        }
    }

    private static void MatchIn(ContextRoot root, string directory, string pattern, List<string> matches)
    {
        if (root.ListDirectory(directory.TrimStart('/')) is not { } names)
        {
            return;
        }

        foreach (var name in names)
        {
            if (GoFilePath.Match(pattern, name))
            {
                matches.Add(directory == "/" ? "/" + name : directory + "/" + name);
            }
        }
    }
}
