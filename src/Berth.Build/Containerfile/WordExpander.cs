using System.Text;

namespace Berth.Build.Containerfile;

/// <summary>
/// Expands the words of ENV, LABEL, ARG, COPY, ADD, EXPOSE, VOLUME, USER, WORKDIR, STOPSIGNAL and FROM the way
/// Docker/BuildKit do (not a shell: no globbing, no command substitution): <c>$V</c>, <c>${V}</c>, <c>${V:-x}</c>,
/// <c>${V-x}</c>, <c>${V:+x}</c>, <c>${V+x}</c>, <c>${V:?msg}</c>, <c>${V?msg}</c> (errors), <c>${V#p}</c>, <c>${V##p}</c>,
/// <c>${V%p}</c>, <c>${V%%p}</c>, <c>${V/p/r}</c>, <c>${V//p/r}</c>; single quotes are literal, double quotes allow
/// escaping <c>"</c>, <c>$</c> and the escape character; outside quotes the escape character (the file's
/// <c># escape=</c> directive, <c>\</c> by default) makes the next character literal. An unset variable expands to
/// nothing. <c>lookup</c> returns a variable's value or null when it is unset.
/// </summary>
public static class WordExpander
{
    /// <summary>One word with its quotes removed and its variables expanded; whitespace is kept as it is.</summary>
    public static string ExpandWord(string word, Func<string, string?> lookup, char escape = '\\') =>
        ExpandWord(word, lookup, null, escape);

    /// <summary>As <see cref="ExpandWord(string, Func{string, string?}, char)"/>; <paramref name="used"/> (when given)
    /// receives the name of every variable the word refers to, set or not (once each): the build args in use.</summary>
    public static string ExpandWord(string word, Func<string, string?> lookup, ICollection<string>? used, char escape = '\\') =>
        Run(word, lookup, used, escape).Word;

    /// <summary>The text expanded and split on whitespace that is not quoted or escaped (also whitespace that came
    /// out of a variable): EXPOSE, VOLUME and COPY/ADD in shell form. Empty words are dropped.</summary>
    public static IReadOnlyList<string> ExpandWords(string text, Func<string, string?> lookup, char escape = '\\') =>
        ExpandWords(text, lookup, null, escape);

    /// <summary>As <see cref="ExpandWords(string, Func{string, string?}, char)"/>, collecting the referenced names.</summary>
    public static IReadOnlyList<string> ExpandWords(string text, Func<string, string?> lookup, ICollection<string>? used, char escape = '\\') =>
        Run(text, lookup, used, escape).Words;

    /// <summary>A lookup over <c>NAME=value</c> entries (the last one wins), e.g. an image's Env.</summary>
    public static Func<string, string?> LookupIn(IEnumerable<string> environment)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in environment)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                map[entry[..eq]] = entry[(eq + 1)..];
            }
            else if (eq < 0 && entry.Length > 0)
            {
                map[entry] = "";
            }
        }

        return name => map.GetValueOrDefault(name);
    }

    private static (string Word, List<string> Words) Run(string text, Func<string, string?> lookup, ICollection<string>? used, char escape)
    {
        try
        {
            return new ShellLexer(text, escape, lookup, used).Process();
        }
        catch (LexerException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"failed to process {GoQuote(text)}: {e.Message}");
        }
    }

    /// <summary>Go's <c>%q</c> of a string (for messages that quote user text the way Docker/podman do).</summary>
    internal static string GoQuote(string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\t': b.Append("\\t"); break;
                case '\r': b.Append("\\r"); break;
                default:
                    if (char.IsControl(c))
                    {
                        b.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.Append('"').ToString();
    }
}
