using System.Text;

namespace Berth.Build.Containerfile;

/// <summary>
/// Shell patterns of <c>${V#p}</c>, <c>${V%p}</c> and <c>${V/p/r}</c>: <c>*</c> any run of characters, <c>?</c> one
/// character, <c>[abc]</c>/<c>[a-z]</c>/<c>[!x]</c>/<c>[^x]</c> a class, the backslash makes the next character literal.
/// </summary>
internal static class ShellPattern
{
    /// <summary><c>${V#p}</c> removes the shortest prefix matching p, <c>${V##p}</c> the longest.</summary>
    public static string TrimPrefix(string value, string pattern, bool longest)
    {
        for (var k = 0; k <= value.Length; k++)
        {
            var length = longest ? value.Length - k : k;
            if (Matches(pattern, value.AsSpan(0, length)))
            {
                return value[length..];
            }
        }

        return value;
    }

    /// <summary><c>${V%p}</c> removes the shortest suffix matching p, <c>${V%%p}</c> the longest.</summary>
    public static string TrimSuffix(string value, string pattern, bool longest)
    {
        for (var k = 0; k <= value.Length; k++)
        {
            var start = longest ? k : value.Length - k;
            if (Matches(pattern, value.AsSpan(start)))
            {
                return value[..start];
            }
        }

        return value;
    }

    /// <summary><c>${V/p/r}</c> replaces the first (leftmost, longest) match of p, <c>${V//p/r}</c> every match.</summary>
    public static string Replace(string value, string pattern, string replacement, bool all)
    {
        var result = new StringBuilder();
        var i = 0;
        var replaced = false;
        while (i <= value.Length)
        {
            var length = all || !replaced ? LongestMatchAt(value, i, pattern) : -1;
            if (length < 0)
            {
                if (i < value.Length)
                {
                    result.Append(value[i]);
                }

                i++;
                continue;
            }

            result.Append(replacement);
            replaced = true;
            if (length == 0)
            {
                // An empty match: keep the character after it and move on, as Go's regexp replacement does.
                if (i < value.Length)
                {
                    result.Append(value[i]);
                }

                i++;
            }
            else
            {
                i += length;
            }
        }

        return result.ToString();
    }

    private static int LongestMatchAt(string value, int start, string pattern)
    {
        for (var end = value.Length; end >= start; end--)
        {
            if (Matches(pattern, value.AsSpan(start, end - start)))
            {
                return end - start;
            }
        }

        return -1;
    }

    /// <summary>True when the whole text matches the pattern.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative glob matching with one backtrack point for the last '*'.
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = ++p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && MatchOne(pattern, p, text[t], out var next))
            {
                p = next;
                t++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Whether the pattern element at p matches c; next is the index after the element.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, int p, char c, out int next)
    {
        var ch = pattern[p];
        switch (ch)
        {
            case '?':
                next = p + 1;
                return true;
            case '\\' when p + 1 < pattern.Length:
                next = p + 2;
                return pattern[p + 1] == c;
            case '[':
                var end = ClassEnd(pattern, p);
                if (end > 0)
                {
                    next = end + 1;
                    return MatchClass(pattern[(p + 1)..end], c);
                }

                break;
        }

        next = p + 1;
        return ch == c;
    }

    /// <summary>The index of the ']' closing the class at p, or -1 when the '[' is a literal.</summary>
    private static int ClassEnd(ReadOnlySpan<char> pattern, int p)
    {
        var i = p + 1;
        if (i < pattern.Length && pattern[i] is '!' or '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++; // a ']' first in the class is a member
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool MatchClass(ReadOnlySpan<char> members, char c)
    {
        var negate = members.Length > 0 && members[0] is '!' or '^';
        var i = negate ? 1 : 0;
        var found = false;
        var first = true;
        while (i < members.Length)
        {
            var low = members[i];
            if (low == '\\' && i + 1 < members.Length)
            {
                low = members[++i];
            }
            else if (low == ']' && !first)
            {
                break;
            }

            i++;
            first = false;
            var high = low;
            if (i + 1 < members.Length && members[i] == '-')
            {
                high = members[i + 1];
                if (high == '\\' && i + 2 < members.Length)
                {
                    high = members[i + 2];
                    i++;
                }

                i += 2;
            }

            found |= c >= low && c <= high;
        }

        return found != negate;
    }
}
