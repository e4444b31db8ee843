using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Copy;

/// <summary>
/// <c>COPY --exclude</c> patterns with Docker's .dockerignore rules (moby/patternmatcher): each pattern is cleaned,
/// <c>*</c> and <c>?</c> stay inside one path component, <c>**</c> spans any number of them, <c>[...]</c> and
/// <c>\</c> escapes work as in Go's filepath.Match, <c>!</c> makes an exception, the last matching pattern wins, and a
/// pattern that matches a directory also matches everything below it.
/// </summary>
internal sealed class ExcludePatterns
{
    private readonly List<(Regex Pattern, bool Exception)> _patterns = [];

    public ExcludePatterns(IReadOnlyList<string> patterns)
    {
        foreach (var raw in patterns)
        {
            var text = raw.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var exception = text.StartsWith('!');
            if (exception)
            {
                text = text[1..].Trim();
                if (text.Length == 0)
                {
                    throw BerthException.InvalidArgument($"illegal exclusion pattern: \"{raw}\"");
                }
            }

            var cleaned = Berth.Archive.EntryPath.Clean("", text.TrimStart('/'));
            if (cleaned is null || cleaned.Length == 0)
            {
                continue;
            }

            _patterns.Add((new Regex(Translate(cleaned), RegexOptions.CultureInvariant | RegexOptions.Singleline), exception));
            HasExceptions |= exception;
        }
    }

    public bool IsEmpty => _patterns.Count == 0;

    /// <summary>Some pattern is an exception: an excluded directory may still hold entries that are copied.</summary>
    public bool HasExceptions { get; }

    /// <summary>Whether <paramref name="path"/> (relative, '/'-separated) is excluded.</summary>
    public bool Matches(string path)
    {
        var matched = false;
        foreach (var (pattern, exception) in _patterns)
        {
            // An exception can only undo a match, a pattern only make one.
            if (exception != matched)
            {
                continue;
            }

            if (MatchesSelfOrParent(pattern, path))
            {
                matched = !exception;
            }
        }

        return matched;
    }

    private static bool MatchesSelfOrParent(Regex pattern, string path)
    {
        if (pattern.IsMatch(path))
        {
            return true;
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.IsMatch(path.AsSpan(0, slash)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The pattern as an anchored regular expression, as patternmatcher builds it.</summary>
    private static string Translate(string pattern)
    {
        var b = new StringBuilder("^");
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    b.Append(i + 1 >= pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    b.Append("[^/]*");
                    break;
                case '?':
                    b.Append("[^/]");
                    break;
                case '\\':
                    if (i + 1 < pattern.Length)
                    {
                        b.Append(Regex.Escape(pattern[++i].ToString()));
                    }
                    else
                    {
                        b.Append(@"\\");
                    }

                    break;
                case '[' when !inClass:
                    inClass = true;
                    b.Append(c);
                    break;
                case ']' when inClass:
                    inClass = false;
                    b.Append(c);
                    break;
                case '^' or '-' when inClass:
                    b.Append(c);
                    break;
                default:
                    b.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return b.Append('$').ToString();
    }
}
