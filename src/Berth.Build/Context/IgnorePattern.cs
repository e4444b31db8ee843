using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>
/// One pattern of a <c>.containerignore</c>/<c>.dockerignore</c> file, compiled the way podman 4.3.1 does it
/// (containers/storage's fileutils): the cleaned pattern becomes a regular expression where <c>*</c> is
/// <c>[^/]*</c>, <c>?</c> is <c>[^/]</c>, <c>**</c> any number of directories, <c>\c</c> the character c, and a match
/// of a directory also matches everything below it.
/// </summary>
/// <remarks>
/// Podman oddities kept on purpose (recorded in tests/Berth.Build.Tests/Context/Golden/ignore): only <c>.</c> and
/// <c>$</c> are escaped, so other regular-expression characters keep their meaning (<c>a+b</c> matches <c>ab</c> and
/// <c>aab</c>, not <c>a+b</c>); a leading <c>/</c> is removed only from exceptions, so <c>/foo</c> never matches.
/// </remarks>
public sealed class IgnorePattern
{
    private readonly Regex _regex;

    private IgnorePattern(string text, bool isException, Regex regex)
    {
        Text = text;
        IsException = isException;
        _regex = regex;
    }

    /// <summary>The cleaned pattern, without the <c>!</c> of an exception.</summary>
    public string Text { get; }

    /// <summary>A <c>!pattern</c> line: what it matches is included again.</summary>
    public bool IsException { get; }

    /// <summary>Whether the pattern matches <paramref name="relativePath"/> ('/'-separated, relative to the context)
    /// or one of its parent directories.</summary>
    public bool Matches(string relativePath) => _regex.IsMatch(relativePath);

    public override string ToString() => IsException ? "!" + Text : Text;

    /// <summary>
    /// Compiles one line as containers/storage's NewPatternMatcher does: whitespace trimmed, filepath.Clean'ed, a
    /// leading <c>!</c> makes an exception (cleaned again, leading '/' dropped). Null for a blank line. A malformed
    /// pattern throws <see cref="FormatException"/> with Go's "syntax error in pattern" or the illegal-exclusion text.
    /// </summary>
    internal static IgnorePattern? Compile(string line)
    {
        var text = line.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        text = GoFilePath.Clean(text);
        var exception = false;
        if (text[0] == '!')
        {
            if (text.Length == 1)
            {
                throw new FormatException("illegal exclusion pattern: \"!\"");
            }

            exception = true;
            text = GoFilePath.Clean(text[1..]);
            if (text.StartsWith('/'))
            {
                text = text[1..];
            }
        }

        // As podman: filepath.Match's own syntax check first (it throws on a malformed pattern).
        GoFilePath.Match(text, ".");
        return new IgnorePattern(text, exception, ToRegex(text));
    }

    private static Regex ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
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

                    builder.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    builder.Append("[^/]*");
                    break;
                case '?':
                    builder.Append("[^/]");
                    break;
                case '.' or '$':
                    builder.Append('\\').Append(c);
                    break;
                case '\\':
                    // filepath.Match has refused a trailing backslash already.
                    i++;
                    AppendEscaped(builder, pattern[i]);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        // Go's '$' is the end of the text; .NET's '$' would also match before a final newline.
        builder.Append("(/.*)?\\z");
        try
        {
            return new Regex(builder.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Go's regexp refused it too (RE2 has no backreferences or lookaround): podman reports ErrBadPattern.
            throw new FormatException("syntax error in pattern", e);
        }
    }

    // Go's regexp reads "\c" as the literal c when c is punctuation and as a class or an error when it is a letter or
    // digit; .NET also treats '_' as a word character, so punctuation is written as a plain escaped literal.
    private static void AppendEscaped(StringBuilder builder, char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            builder.Append('\\').Append(c);
        }
        else
        {
            builder.Append(Regex.Escape(c.ToString()));
        }
    }
}
