using System.Text.RegularExpressions;

namespace Berth.Build.Containerfile;

/// <summary>
/// Heredoc words (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c>, <c>2&lt;&lt;EOF</c>) on RUN, COPY and ADD lines,
/// as BuildKit finds them: the line is split into shell words (quotes kept), and every word of the form
/// <c>[n]&lt;&lt;[-]name</c> opens a heredoc whose body follows the instruction, in order.
/// </summary>
internal static partial class HeredocSyntax
{
    [GeneratedRegex("^([0-9]*)<<(-?)([^<]*)$")]
    private static partial Regex HeredocWord();

    [GeneratedRegex("^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();

    /// <summary>The heredoc a word opens (Content still empty), or null when the word is not a heredoc.</summary>
    public static Heredoc? ParseWord(string word)
    {
        var match = HeredocWord().Match(word);
        if (!match.Success || match.Groups[3].Length == 0)
        {
            return null;
        }

        var rest = match.Groups[3].Value;
        List<string> words, raw;
        try
        {
            words = new ShellLexer(rest, '\\', static _ => null) { SkipUnset = true }.Process().Words;
            raw = new ShellLexer(rest, '\\', static _ => null) { SkipUnset = true, RawQuotes = true }.Process().Words;
        }
        catch (LexerException)
        {
            return null;
        }

        if (words.Count != 1 || raw.Count != 1)
        {
            return null;
        }

        // A quote anywhere in the delimiter (<<"EOF", <<'EOF', <<E"O"F) turns expansion of the body off.
        var expand = QuoteCount(words[0]) == QuoteCount(raw[0]);
        return new Heredoc(words[0], "", expand, match.Groups[2].Value == "-");
    }

    /// <summary>The heredocs the instruction line opens, in order.</summary>
    public static List<Heredoc> FromLine(string line)
    {
        List<string> words;
        try
        {
            words = new ShellLexer(line, '\\', static _ => null) { RawQuotes = true, RawEscapes = true }.Process().Words;
        }
        catch (LexerException)
        {
            return [];
        }

        var heredocs = new List<Heredoc>();
        foreach (var word in words)
        {
            if (ParseWord(word) is { } heredoc)
            {
                heredocs.Add(heredoc);
            }
        }

        return heredocs;
    }

    /// <summary><c>&lt;&lt;-</c>: leading tabs removed from every line of the body.</summary>
    public static string Chomp(string content) => LeadingTabs().Replace(content, "");

    private static int QuoteCount(string s) => s.Count(c => c is '\'' or '"');
}
