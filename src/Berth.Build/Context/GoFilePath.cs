using System.Globalization;
using System.Text;

namespace Berth.Build.Context;

/// <summary>
/// Go's <c>path/filepath</c> on Linux, as buildah uses it for COPY sources and ignore files: <see cref="Clean"/>,
/// <see cref="Match"/> (wildcards <c>*</c>, <c>?</c>, <c>[...]</c>, <c>\</c> escapes, a malformed pattern is an error),
/// <see cref="HasMeta"/>, and <see cref="Quote"/> (Go's <c>%q</c>, for podman's messages).
/// </summary>
internal static class GoFilePath
{
    /// <summary>filepath.Clean: one '/' between components, no '.' components, '..' folded (kept at the start of a
    /// relative path, dropped above '/'), no trailing '/'; "" becomes ".".</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        var leadingDotDots = 0;
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > leadingDotDots)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                    leadingDotDots++;
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>filepath.Join of two parts: joined with '/' and cleaned; an empty part is left out.</summary>
    public static string Join(string first, string second) =>
        first.Length == 0 ? Clean(second) : second.Length == 0 ? Clean(first) : Clean(first + "/" + second);

    /// <summary>Whether filepath.Glob treats <paramref name="path"/> as a pattern (<c>*?[\</c> on Linux).</summary>
    public static bool HasMeta(string path) => path.AsSpan().IndexOfAny("*?[\\") >= 0;

    /// <summary>Go's <c>%q</c> of a string: double quotes, with <c>\"</c>, <c>\\</c> and escapes for control characters.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    public static string Quote(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(Quote)) + "]";

    /// <summary>
    /// filepath.Match: whether all of <paramref name="name"/> matches <paramref name="pattern"/>. <c>*</c> is any run of
    /// non-'/' characters, <c>?</c> one non-'/' character, <c>[...]</c> a class (<c>^</c> negates, <c>a-z</c> ranges,
    /// <c>\</c> escapes), <c>\c</c> the character c. A malformed pattern throws <see cref="FormatException"/>
    /// ("syntax error in pattern", Go's ErrBadPattern), as Go does even when the name does not match.
    /// </summary>
    public static bool Match(string pattern, string name)
    {
        var p = pattern.AsSpan();
        var n = name.AsSpan();
        while (p.Length > 0)
        {
            var star = ScanChunk(ref p, out var chunk);
            if (star && chunk.IsEmpty)
            {
                // A trailing * matches the rest unless it holds a '/'.
                return n.IndexOf('/') < 0;
            }

            var used = MatchChunk(chunk, n);
            if (used >= 0 && (used == n.Length || p.Length > 0))
            {
                n = n[used..];
                continue;
            }

            var matched = false;
            if (star)
            {
                // Try skipping i+1 characters; a * never skips a '/'.
                for (var i = 0; i < n.Length && n[i] != '/'; i++)
                {
                    var skipped = n[(i + 1)..];
                    used = MatchChunk(chunk, skipped);
                    if (used >= 0)
                    {
                        if (p.IsEmpty && used < skipped.Length)
                        {
                            continue;
                        }

                        n = skipped[used..];
                        matched = true;
                        break;
                    }
                }
            }

            if (matched)
            {
                continue;
            }

            // No match: the rest of the pattern must still be well formed.
            while (p.Length > 0)
            {
                ScanChunk(ref p, out chunk);
                MatchChunk(chunk, ReadOnlySpan<char>.Empty);
            }

            return false;
        }

        return n.IsEmpty;
    }

    private static bool ScanChunk(ref ReadOnlySpan<char> pattern, out ReadOnlySpan<char> chunk)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        chunk = pattern[..i];
        pattern = pattern[i..];
        return star;
    }

    // Go's matchChunk: how many characters of s the chunk matched, or -1; after a mismatch it keeps scanning the chunk
    // only to report a malformed pattern.
    private static int MatchChunk(ReadOnlySpan<char> chunk, ReadOnlySpan<char> s)
    {
        var length = s.Length;
        var failed = false;
        while (chunk.Length > 0)
        {
            if (!failed && s.IsEmpty)
            {
                failed = true;
            }

            switch (chunk[0])
            {
                case '[':
                    var r = 0;
                    if (!failed)
                    {
                        r = NextRune(ref s);
                    }

                    chunk = chunk[1..];
                    var negated = false;
                    if (chunk.Length > 0 && chunk[0] == '^')
                    {
                        negated = true;
                        chunk = chunk[1..];
                    }

                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        var lo = ClassChar(ref chunk);
                        var hi = lo;
                        if (chunk[0] == '-')
                        {
                            chunk = chunk[1..];
                            hi = ClassChar(ref chunk);
                        }

                        if (lo <= r && r <= hi)
                        {
                            match = true;
                        }

                        ranges++;
                    }

                    if (match == negated)
                    {
                        failed = true;
                    }

                    break;
                case '?':
                    if (!failed)
                    {
                        if (s[0] == '/')
                        {
                            failed = true;
                        }

                        NextRune(ref s);
                    }

                    chunk = chunk[1..];
                    break;
                default:
                    if (chunk[0] == '\\')
                    {
                        chunk = chunk[1..];
                        if (chunk.IsEmpty)
                        {
                            throw BadPattern();
                        }
                    }

                    if (!failed)
                    {
                        if (chunk[0] != s[0])
                        {
                            failed = true;
                        }

                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
            }
        }

        return failed ? -1 : length - s.Length;
    }

    // Go's getEsc: one (possibly escaped) character of a class; the class must go on after it.
    private static int ClassChar(ref ReadOnlySpan<char> chunk)
    {
        if (chunk.IsEmpty || chunk[0] == '-' || chunk[0] == ']')
        {
            throw BadPattern();
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.IsEmpty)
            {
                throw BadPattern();
            }
        }

        var r = NextRune(ref chunk);
        if (chunk.IsEmpty)
        {
            throw BadPattern();
        }

        return r;
    }

    private static int NextRune(ref ReadOnlySpan<char> s)
    {
        if (Rune.DecodeFromUtf16(s, out var rune, out var used) != System.Buffers.OperationStatus.Done)
        {
            used = 1;
            rune = Rune.ReplacementChar;
        }

        s = s[used..];
        return rune.Value;
    }

    private static FormatException BadPattern() => new("syntax error in pattern");
}
