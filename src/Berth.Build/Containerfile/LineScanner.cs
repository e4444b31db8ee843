using System.Text;

namespace Berth.Build.Containerfile;

/// <summary>One instruction as written: its first line (1-based), the text with continuations joined (Docker's
/// "original"), and the heredoc bodies that followed it.</summary>
internal sealed record LogicalLine(int Line, string Text, IReadOnlyList<Heredoc> Heredocs);

/// <summary>
/// Turns the text of a Containerfile into instructions the way Docker's parser reads lines: parser directives at the
/// top; comment lines (<c>#</c> after optional whitespace) and blank lines skipped, also inside a continuation; the
/// escape character at the end of a line (trailing spaces and tabs allowed) joins the next line (whose leading
/// whitespace is kept); after a RUN/COPY/ADD line (or ONBUILD of one) in shell form that opens heredocs, their bodies
/// are read verbatim up to their delimiter lines. CRLF line ends read as LF; a leading byte-order mark is dropped.
/// </summary>
internal sealed class LineScanner
{
    private readonly List<string> _lines;
    private readonly ParserDirectives _directives;
    private readonly int _firstLine;
    private int _next;

    private LineScanner(string text, ParserDirectives directives, int firstLine)
    {
        _lines = SplitLines(text);
        _directives = directives;
        _firstLine = firstLine;
    }

    /// <summary>The 1-based number of the last line read.</summary>
    private int CurrentLine => _firstLine + _next - 1;

    /// <summary>The instructions of the text. Errors are <see cref="LocatedSyntaxException"/>s.</summary>
    public static List<LogicalLine> Scan(string text, ParserDirectives directives, int firstLine = 1) =>
        new LineScanner(text, directives, firstLine).ScanAll();

    /// <summary>The number of physical lines of the text.</summary>
    public static int CountLines(string text) => SplitLines(text).Count;

    private List<LogicalLine> ScanAll()
    {
        var result = new List<LogicalLine>();
        var buffer = new StringBuilder();
        while (_next < _lines.Count)
        {
            var raw = _lines[_next++];
            var first = TrimNewline(raw).TrimStart();
            Directive(first);
            var startLine = CurrentLine;
            var (content, ends) = TrimContinuation(IsComment(first) ? "" : first);
            if (ends && content.Length == 0)
            {
                continue;
            }

            buffer.Clear().Append(content);
            while (!ends && _next < _lines.Count)
            {
                var line = TrimNewline(_lines[_next++]);
                Directive(line);
                if (IsComment(line) || line.AsSpan().TrimStart().IsEmpty)
                {
                    continue; // comments and empty lines inside a continuation are skipped
                }

                (content, ends) = TrimContinuation(line);
                buffer.Append(content);
            }

            var text = buffer.ToString();
            var heredocs = text.Contains("<<", StringComparison.Ordinal) && CanContainHeredoc(text)
                ? ReadHeredocs(text, startLine)
                : [];
            result.Add(new LogicalLine(startLine, text, heredocs));
        }

        return result;
    }

    private void Directive(string line)
    {
        try
        {
            _directives.Consider(line);
        }
        catch (InstructionSyntaxException e)
        {
            throw new LocatedSyntaxException(CurrentLine, e.Message);
        }
    }

    private List<Heredoc> ReadHeredocs(string text, int startLine)
    {
        var heredocs = HeredocSyntax.FromLine(text);
        for (var i = 0; i < heredocs.Count; i++)
        {
            var heredoc = heredocs[i];
            var body = new StringBuilder();
            var terminated = false;
            while (_next < _lines.Count)
            {
                var raw = _lines[_next++];
                var candidate = TrimNewline(raw);
                if (heredoc.Chomp)
                {
                    candidate = candidate.TrimStart('\t');
                }

                if (candidate == heredoc.Name)
                {
                    terminated = true;
                    break;
                }

                body.Append(raw);
            }

            if (!terminated)
            {
                throw new LocatedSyntaxException(startLine, $"unterminated heredoc {heredoc.Name}");
            }

            var content = body.ToString();
            heredocs[i] = heredoc with { Content = heredoc.Chomp ? HeredocSyntax.Chomp(content) : content };
        }

        return heredocs;
    }

    /// <summary>RUN, COPY and ADD (also as the trigger of ONBUILD) in shell form may open heredocs.</summary>
    private static bool CanContainHeredoc(string text)
    {
        var (keyword, _, arguments) = InstructionSyntax.SplitCommand(text);
        if (keyword.Equals("ONBUILD", StringComparison.OrdinalIgnoreCase))
        {
            (keyword, _, arguments) = InstructionSyntax.SplitCommand(arguments);
        }

        return keyword.ToUpperInvariant() is "RUN" or "COPY" or "ADD"
            && InstructionSyntax.ParseJsonArray(arguments, out _) == JsonArrayResult.NotJson;
    }

    /// <summary>Removes the escape character (and spaces/tabs after it) at the end; ends is false when it was there.</summary>
    private (string Content, bool Ends) TrimContinuation(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return end > 0 && line[end - 1] == _directives.Escape ? (line[..(end - 1)], false) : (line, true);
    }

    private static bool IsComment(string line) => line.AsSpan().TrimStart().StartsWith("#");

    private static string TrimNewline(string line) => line.TrimEnd('\r', '\n');

    /// <summary>The physical lines, each with its "\n" (CRLF read as LF), the last one possibly without.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (start < text.Length)
        {
            var nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            var line = text[start..(nl + 1)];
            lines.Add(line.EndsWith("\r\n", StringComparison.Ordinal) ? line[..^2] + "\n" : line);
            start = nl + 1;
        }

        return lines;
    }
}

/// <summary>A syntax error at a known line; the parser adds the file name.</summary>
internal sealed class LocatedSyntaxException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
