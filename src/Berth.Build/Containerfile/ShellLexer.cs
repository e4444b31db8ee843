using System.Text;

namespace Berth.Build.Containerfile;

/// <summary>
/// The shell-word lexer of Dockerfiles (BuildKit's <c>shell.Lex</c> behaviour): <c>$V</c>, <c>${V}</c>, the modifiers
/// <c>:-</c> <c>-</c> <c>:+</c> <c>+</c> <c>:?</c> <c>?</c> <c>#</c> <c>##</c> <c>%</c> <c>%%</c> <c>/</c> <c>//</c>, single
/// quotes (literal), double quotes (only <c>"</c>, <c>$</c> and the escape character can be escaped inside), the escape
/// character outside quotes (escapes anything; dropped at the end). One instance lexes one text.
/// </summary>
/// <remarks>
/// Errors are <see cref="LexerException"/>s with BuildKit's wording; <see cref="WordExpander"/> wraps them into
/// <see cref="BerthException"/>s naming the word. The raw modes keep quotes and escapes in the result (used to find
/// heredoc words on an instruction line); <see cref="SkipUnset"/> leaves references to unset variables as written.
/// </remarks>
internal sealed class ShellLexer
{
    private const int Eof = -1;

    private readonly string _text;
    private readonly char _escape;
    private readonly Func<string, string?> _lookup;
    private readonly ICollection<string>? _used;
    private int _pos;
    private bool _rawEscapes;

    public ShellLexer(string text, char escape, Func<string, string?> lookup, ICollection<string>? used = null)
    {
        _text = text;
        _escape = escape;
        _lookup = lookup;
        _used = used;
    }

    /// <summary>Keep quote characters in the result.</summary>
    public bool RawQuotes { get; init; }

    /// <summary>Keep escape characters in the result.</summary>
    public bool RawEscapes { get; init; }

    /// <summary>Leave <c>$NAME</c>/<c>${NAME…}</c> of unset variables as written.</summary>
    public bool SkipUnset { get; init; }

    /// <summary>Lexes the whole text: the expanded text as one word and the same split on unquoted whitespace.</summary>
    public (string Word, List<string> Words) Process()
    {
        _pos = 0;
        _rawEscapes = RawEscapes;
        return ProcessUntil(Eof, RawEscapes);
    }

    private int Peek() => _pos < _text.Length ? _text[_pos] : Eof;

    private int Next() => _pos < _text.Length ? _text[_pos++] : Eof;

    private (string Word, List<string> Words) ProcessUntil(int stop, bool rawEscapes)
    {
        var result = new StringBuilder();
        var words = new WordCollector();
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            while (Peek() != Eof)
            {
                var ch = Peek();
                if (stop != Eof && ch == stop)
                {
                    Next();
                    return (result.ToString(), words.Finish());
                }

                switch (ch)
                {
                    case '$':
                        var value = ProcessDollar();
                        result.Append(value);
                        words.AddExpanded(value);
                        continue;
                    case '\'':
                        var single = ProcessSingleQuote();
                        result.Append(single);
                        words.AddQuoted(single);
                        continue;
                    case '"':
                        var dbl = ProcessDoubleQuote();
                        result.Append(dbl);
                        words.AddQuoted(dbl);
                        continue;
                }

                Next();
                if (ch == _escape)
                {
                    if (_rawEscapes)
                    {
                        words.AddLiteral((char)ch);
                        result.Append((char)ch);
                    }

                    ch = Next();
                    if (ch == Eof)
                    {
                        break; // an escape character at the very end is dropped
                    }

                    words.AddLiteral((char)ch);
                }
                else
                {
                    words.Add((char)ch);
                }

                result.Append((char)ch);
            }

            if (stop != Eof)
            {
                throw new LexerException($"unexpected end of statement while looking for matching {(char)stop}");
            }

            return (result.ToString(), words.Finish());
        }
        finally
        {
            _rawEscapes = saved;
        }
    }

    private string ProcessSingleQuote()
    {
        // Everything up to the next ' is literal; a ' cannot be escaped inside.
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            ch = Next();
            if (ch == Eof)
            {
                throw new LexerException("unexpected end of statement while looking for matching single-quote");
            }

            if (ch == '\'')
            {
                if (RawQuotes)
                {
                    result.Append('\'');
                }

                return result.ToString();
            }

            result.Append((char)ch);
        }
    }

    private string ProcessDoubleQuote()
    {
        // Literal except $ (expanded) and the escape character before ", $ or itself.
        var result = new StringBuilder();
        var ch = Next();
        if (RawQuotes)
        {
            result.Append((char)ch);
        }

        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new LexerException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    Next();
                    if (RawQuotes)
                    {
                        result.Append('"');
                    }

                    return result.ToString();
                case '$':
                    result.Append(ProcessDollar());
                    continue;
            }

            ch = Next();
            if (ch == _escape)
            {
                if (_rawEscapes)
                {
                    result.Append((char)ch);
                }

                var after = Peek();
                if (after == Eof)
                {
                    continue; // the EOF case above reports the missing quote
                }

                if (after == '"' || after == '$' || after == _escape)
                {
                    ch = Next();
                }
            }

            result.Append((char)ch);
        }
    }

    private string ProcessDollar()
    {
        Next(); // the $
        if (Peek() != '{')
        {
            var plain = ProcessName();
            if (plain.Length == 0)
            {
                return "$";
            }

            var (found, set) = Lookup(plain);
            return !set && SkipUnset ? "$" + plain : found;
        }

        Next(); // the {
        switch (Peek())
        {
            case Eof:
                throw new LexerException("syntax error: missing '}'");
            case '{' or '}' or ':':
                throw new LexerException("syntax error: bad substitution");
        }

        var name = ProcessName();
        var op = Next();
        if (op == '}')
        {
            var (found, set) = Lookup(name);
            return !set && SkipUnset ? "${" + name + "}" : found;
        }

        if (op == '/')
        {
            return ProcessReplace(name);
        }

        var modifier = op == Eof ? "" : ((char)op).ToString();
        var nullIsUnset = false;
        if (op == ':')
        {
            nullIsUnset = true;
            op = Next();
            modifier += op == Eof ? "" : ((char)op).ToString();
        }

        if (op is not ('+' or '-' or '?' or '#' or '%'))
        {
            if (op == Eof)
            {
                throw new LexerException("syntax error: missing '}'");
            }

            throw new LexerException($"unsupported modifier ({modifier}) in substitution");
        }

        var trims = op is '#' or '%';
        if (nullIsUnset && trims)
        {
            throw new LexerException($"unsupported modifier ({modifier}) in substitution");
        }

        var word = ProcessClosing('}', trims, "syntax error: missing '}'");
        var (value, isSet) = Lookup(name);
        if (SkipUnset && !isSet)
        {
            return "${" + name + modifier + word + "}";
        }

        var missing = !isSet || (nullIsUnset && value.Length == 0);
        switch (op)
        {
            case '-':
                return missing ? word : value;
            case '+':
                return missing ? "" : word;
            case '?':
                if (!isSet)
                {
                    throw new LexerException($"{name}: {(word.Length == 0 ? "is not allowed to be unset" : word)}");
                }

                if (nullIsUnset && value.Length == 0)
                {
                    throw new LexerException($"{name}: {(word.Length == 0 ? "is not allowed to be empty" : word)}");
                }

                return value;
            default:
                var longest = word.Length > 0 && word[0] == op;
                var pattern = longest ? word[1..] : word;
                return op == '#' ? ShellPattern.TrimPrefix(value, pattern, longest) : ShellPattern.TrimSuffix(value, pattern, longest);
        }
    }

    private string ProcessReplace(string name)
    {
        var all = Peek() == '/';
        if (all)
        {
            Next();
        }

        var pattern = ProcessClosing('/', true, "syntax error: missing '/' in ${}");
        var replacement = ProcessClosing('}', true, "syntax error: missing '}'");
        var (value, set) = Lookup(name);
        if (SkipUnset && !set)
        {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }

        return ShellPattern.Replace(value, pattern, replacement, all);
    }

    private string ProcessClosing(char closing, bool rawEscapes, string missing)
    {
        try
        {
            return ProcessUntil(closing, rawEscapes).Word;
        }
        catch (LexerException) when (Peek() == Eof)
        {
            throw new LexerException(missing);
        }
    }

    /// <summary>A name: letters, digits and _; or one special parameter (<c>@ * # ? - $ ! 0</c>); or only digits.</summary>
    private string ProcessName()
    {
        var name = new StringBuilder();
        while (Peek() != Eof)
        {
            var ch = (char)Peek();
            if (name.Length == 0 && char.IsDigit(ch))
            {
                while (Peek() != Eof && char.IsDigit((char)Peek()))
                {
                    name.Append((char)Next());
                }

                return name.ToString();
            }

            if (name.Length == 0 && ch is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
            {
                Next();
                return ch.ToString();
            }

            if (!char.IsLetter(ch) && !char.IsDigit(ch) && ch != '_')
            {
                break;
            }

            name.Append((char)Next());
        }

        return name.ToString();
    }

    private (string Value, bool Set) Lookup(string name)
    {
        if (_used is not null && !_used.Contains(name))
        {
            _used.Add(name);
        }

        var value = _lookup(name);
        return (value ?? "", value is not null);
    }

    /// <summary>Collects the words of the text: unquoted whitespace (also inside expanded values) separates words;
    /// quoted and escaped characters never do. Empty words are dropped, like the shell does without quotes.</summary>
    private sealed class WordCollector
    {
        private readonly List<string> _words = [];
        private readonly StringBuilder _word = new();
        private bool _inWord;

        public void Add(char ch)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (_inWord && _word.Length > 0)
                {
                    _words.Add(_word.ToString());
                    _word.Clear();
                    _inWord = false;
                }

                return;
            }

            AddLiteral(ch);
        }

        public void AddLiteral(char ch)
        {
            _word.Append(ch);
            _inWord = true;
        }

        public void AddExpanded(string value)
        {
            foreach (var ch in value)
            {
                Add(ch);
            }
        }

        public void AddQuoted(string value)
        {
            _word.Append(value);
            _inWord = true;
        }

        public List<string> Finish()
        {
            if (_word.Length > 0)
            {
                _words.Add(_word.ToString());
                _word.Clear();
                _inWord = false;
            }

            return _words;
        }
    }
}

/// <summary>A lexing error with BuildKit's wording, without the word (the caller adds it).</summary>
internal sealed class LexerException(string message) : Exception(message);
