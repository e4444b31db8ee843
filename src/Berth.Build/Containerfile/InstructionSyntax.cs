using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Berth.Build.Containerfile;

/// <summary>The outcome of reading an argument text as a JSON array (exec form).</summary>
internal enum JsonArrayResult
{
    /// <summary>Not a JSON array (or not valid JSON): the text is shell form.</summary>
    NotJson,

    /// <summary>A valid JSON array of strings.</summary>
    Strings,

    /// <summary>Valid JSON, but an element is not a string: an error, not shell form.</summary>
    NotStrings,
}

/// <summary>
/// The pieces of one instruction line as Docker's parser splits them: keyword, <c>--flags</c>, arguments; the JSON
/// (exec) form; the quote-aware words of ENV/LABEL/ARG; whitespace-separated words.
/// </summary>
internal static class InstructionSyntax
{
    /// <summary>Errors of this text are reported as is (Docker's wording).</summary>
    public const string NotStringArray = "when using JSON array syntax, arrays must be comprised of strings only";

    /// <summary>What Docker's parser splits a line on (<c>[\t\v\f\r ]</c>).</summary>
    public static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\v\f\r");

    private static readonly char[] BlankChars = [' ', '\t', '\v', '\f', '\r'];

    /// <summary>Splits <c>KEYWORD [--flag …] arguments</c>. Flags are the leading words starting with <c>--</c> (quotes
    /// allowed inside them, a lone <c>--</c> ends them); arguments are trimmed.</summary>
    public static (string Keyword, List<string> Flags, string Arguments) SplitCommand(string line)
    {
        var trimmed = line.Trim();
        var split = trimmed.AsSpan().IndexOfAny(Blanks);
        if (split < 0)
        {
            return (trimmed, [], "");
        }

        var rest = trimmed[split..].TrimStart(BlankChars);
        var (arguments, flags) = ExtractFlags(rest);
        return (trimmed[..split], flags, arguments.Trim());
    }

    /// <summary>The leading <c>--name[=value]</c> words of the text, and the text after them.</summary>
    private static (string Remainder, List<string> Flags) ExtractFlags(string line)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        var pos = 0;
        while (true)
        {
            while (pos < line.Length && char.IsWhiteSpace(line[pos]))
            {
                pos++;
            }

            if (pos == line.Length)
            {
                return ("", flags);
            }

            if (line[pos] != '-' || pos + 1 == line.Length || line[pos + 1] != '-')
            {
                return (line[pos..], flags);
            }

            // One flag word: quotes group characters (and are removed), a backslash takes the next character.
            word.Clear();
            var quoted = false;
            var quote = '\0';
            for (; pos < line.Length; pos++)
            {
                var ch = line[pos];
                if (quote == '\0' && char.IsWhiteSpace(ch))
                {
                    break;
                }

                if (quote == '\0' && ch is '\'' or '"')
                {
                    quote = ch;
                    quoted = true;
                    continue;
                }

                if (quote != '\0' && ch == quote)
                {
                    quote = '\0';
                    continue;
                }

                if (ch == '\\')
                {
                    if (pos + 1 == line.Length)
                    {
                        continue;
                    }

                    ch = line[++pos];
                }

                word.Append(ch);
            }

            var text = word.ToString();
            if (text == "--")
            {
                return (pos < line.Length ? line[pos..] : "", flags);
            }

            if (quoted || text.Length > 0)
            {
                flags.Add(text);
            }
        }
    }

    /// <summary>Reads the text as a JSON array of strings (Docker: <c>json.Unmarshal</c> into a slice, so anything
    /// after the array makes it shell form).</summary>
    public static JsonArrayResult ParseJsonArray(string text, out List<string> words)
    {
        words = [];
        var rest = text.TrimStart();
        if (!rest.StartsWith('['))
        {
            return JsonArrayResult.NotJson;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(rest), new JsonReaderOptions { MaxDepth = 10_000 });
        var notStrings = false;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1)
                {
                    continue; // the array itself, or inside an element that is already not a string
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    words.Add(reader.GetString() ?? "");
                }
                else if (reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
                {
                    notStrings = true;
                }
            }
        }
        catch (JsonException)
        {
            words = [];
            return JsonArrayResult.NotJson;
        }

        if (notStrings)
        {
            words = [];
            return JsonArrayResult.NotStrings;
        }

        return JsonArrayResult.Strings;
    }

    /// <summary>Words separated by whitespace, nothing else (FROM, EXPOSE, the shell form of COPY/ADD/VOLUME).</summary>
    public static List<string> WhitespaceWords(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Quote-aware words (ENV, LABEL, ARG): whitespace outside quotes separates; quotes and escapes stay in
    /// the words (the executor's <see cref="WordExpander"/> removes them).</summary>
    public static List<string> QuotedWords(string text, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var blankOk = false;
        var quote = '\0';
        for (var pos = 0; pos < text.Length; pos++)
        {
            var ch = text[pos];
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(ch))
                {
                    if (inWord && (blankOk || word.Length > 0))
                    {
                        words.Add(word.ToString());
                    }

                    word.Clear();
                    inWord = blankOk = false;
                    continue;
                }

                inWord = true;
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                }
                else if (ch == escape)
                {
                    if (pos + 1 == text.Length)
                    {
                        continue; // an escape at the very end is dropped
                    }

                    word.Append(ch);
                    ch = text[++pos];
                }

                word.Append(ch);
                continue;
            }

            if (ch == quote)
            {
                quote = '\0';
            }
            else if (ch == escape && quote != '\'')
            {
                if (pos + 1 == text.Length)
                {
                    quote = '\0';
                    continue;
                }

                word.Append(ch);
                ch = text[++pos];
            }

            word.Append(ch);
        }

        if (inWord && (blankOk || word.Length > 0))
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>
    /// ENV and LABEL: <c>k=v k2="a b"</c>, or the legacy <c>k value with spaces</c> (chosen when the first word has no
    /// <c>=</c>). Null for no words; throws <see cref="InstructionSyntaxException"/> with Docker's wording.
    /// </summary>
    public static List<KeyValueWord> NameValues(string text, string keyword, char escape)
    {
        var words = QuotedWords(text, escape);
        if (words.Count == 0)
        {
            return [];
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var split = text.AsSpan().IndexOfAny(Blanks);
            if (split < 0)
            {
                throw new InstructionSyntaxException($"{keyword} must have two arguments");
            }

            return [new KeyValueWord(text[..split], text[split..].TrimStart(BlankChars))];
        }

        var pairs = new List<KeyValueWord>(words.Count);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new InstructionSyntaxException($"Syntax error - can't find = in {WordExpander.GoQuote(word)}. Must be of the form: name=value");
            }

            pairs.Add(new KeyValueWord(word[..eq], word[(eq + 1)..]));
        }

        return pairs;
    }
}

/// <summary>A syntax error of one instruction; the parser adds the file, the line and the keyword.</summary>
internal sealed class InstructionSyntaxException(string message) : Exception(message);
