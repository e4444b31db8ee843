using System.Globalization;

namespace Berth.Templates;

/// <summary>Go's <c>text/template/parse</c> lexer, pulled one item at a time by the parser.</summary>
internal sealed partial class Lexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";
    private const string LeftComment = "/*";
    private const string RightComment = "*/";
    private const int TrimMarkerLen = 2;

    private enum State
    {
        Text,
        LeftDelim,
        Comment,
        RightDelim,
        InsideAction,
        Space,
        Identifier,
        Field,
        Variable,
        Char,
        Number,
        Quote,
        RawQuote,
        Done,
    }

    private readonly string _input;
    private readonly bool _breakOk;
    private readonly bool _continueOk;
    private State _state = State.Text;
    private int _pos;
    private int _start;
    private bool _atEof;
    private int _parenDepth;
    private int _line = 1;
    private int _startLine = 1;
    private readonly Queue<Item> _pending = new(2);

    public Lexer(string input, bool breakOk, bool continueOk)
    {
        _input = input;
        _breakOk = breakOk;
        _continueOk = continueOk;
    }

    public Item NextItem()
    {
        while (_pending.Count == 0)
        {
            if (_state == State.Done)
            {
                return new Item(ItemType.Eof, _pos, string.Empty, _line);
            }
            _state = Step(_state);
        }
        return _pending.Dequeue();
    }

    private State Step(State state) => state switch
    {
        State.Text => LexText(),
        State.LeftDelim => LexLeftDelim(),
        State.Comment => LexComment(),
        State.RightDelim => LexRightDelim(),
        State.InsideAction => LexInsideAction(),
        State.Space => LexSpace(),
        State.Identifier => LexIdentifier(),
        State.Field => LexFieldOrVariable(ItemType.Field),
        State.Variable => LexVariable(),
        State.Char => LexChar(),
        State.Number => LexNumber(),
        State.Quote => LexQuote(),
        State.RawQuote => LexRawQuote(),
        _ => State.Done,
    };

    private const int Eof = -1;

    private int Next()
    {
        if (_pos >= _input.Length)
        {
            _atEof = true;
            return Eof;
        }
        int r;
        int w = 1;
        char c = _input[_pos];
        if (char.IsHighSurrogate(c) && _pos + 1 < _input.Length && char.IsLowSurrogate(_input[_pos + 1]))
        {
            r = char.ConvertToUtf32(c, _input[_pos + 1]);
            w = 2;
        }
        else
        {
            r = c;
        }
        _pos += w;
        if (r == '\n')
        {
            _line++;
        }
        return r;
    }

    private int Peek()
    {
        int r = Next();
        Backup();
        return r;
    }

    private void Backup()
    {
        if (!_atEof && _pos > 0)
        {
            char c = _input[_pos - 1];
            if (char.IsLowSurrogate(c) && _pos > 1 && char.IsHighSurrogate(_input[_pos - 2]))
            {
                _pos -= 2;
            }
            else
            {
                _pos--;
                if (c == '\n')
                {
                    _line--;
                }
            }
        }
    }

    private void Emit(ItemType type)
    {
        _pending.Enqueue(new Item(type, _start, _input[_start.._pos], _startLine));
        _start = _pos;
        _startLine = _line;
    }

    private void Ignore()
    {
        _line += CountNewlines(_start, _pos);
        _start = _pos;
        _startLine = _line;
    }

    private int CountNewlines(int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++)
        {
            if (_input[i] == '\n')
            {
                n++;
            }
        }
        return n;
    }

    private bool Accept(string valid)
    {
        int r = Next();
        if (r != Eof && valid.Contains((char)r, StringComparison.Ordinal))
        {
            return true;
        }
        Backup();
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (true)
        {
            int r = Next();
            if (r == Eof || r > 0xFFFF || !valid.Contains((char)r, StringComparison.Ordinal))
            {
                break;
            }
        }
        Backup();
    }

    private State Errorf(string message)
    {
        _pending.Enqueue(new Item(ItemType.Error, _start, message, _startLine));
        return State.Done;
    }

    private bool StartsWithAt(int pos, string s) =>
        pos <= _input.Length && string.CompareOrdinal(_input, pos, s, 0, s.Length) == 0 && pos + s.Length <= _input.Length;

    private State LexText()
    {
        int x = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
        if (x >= 0)
        {
            _pos = x;
            int trimLength = 0;
            if (HasLeftTrimMarker(x + LeftDelim.Length))
            {
                trimLength = RightTrimLength(_start, _pos);
            }
            _pos -= trimLength;
            if (_pos > _start)
            {
                _line += CountNewlines(_start, _pos);
                Emit(ItemType.Text);
            }
            _pos += trimLength;
            Ignore();
            return State.LeftDelim;
        }
        _pos = _input.Length;
        if (_pos > _start)
        {
            _line += CountNewlines(_start, _pos);
            Emit(ItemType.Text);
            // Go emits EOF right after; the parser asks again.
            return State.Text;
        }
        Emit(ItemType.Eof);
        return State.Done;
    }

    private static bool IsSpace(int r) => r == ' ' || r == '\t' || r == '\r' || r == '\n';

    private int RightTrimLength(int from, int to)
    {
        int i = to;
        while (i > from && IsSpace(_input[i - 1]))
        {
            i--;
        }
        return to - i;
    }

    private int LeftTrimLength(int from)
    {
        int i = from;
        while (i < _input.Length && IsSpace(_input[i]))
        {
            i++;
        }
        return i - from;
    }

    private bool HasLeftTrimMarker(int pos) =>
        pos + 1 < _input.Length && _input[pos] == '-' && IsSpace(_input[pos + 1]);

    private bool HasRightTrimMarker(int pos) =>
        pos + 1 < _input.Length && IsSpace(_input[pos]) && _input[pos + 1] == '-';

    private (bool Delim, bool TrimSpaces) AtRightDelim()
    {
        if (HasRightTrimMarker(_pos) && StartsWithAt(_pos + TrimMarkerLen, RightDelim))
        {
            return (true, true);
        }
        if (StartsWithAt(_pos, RightDelim))
        {
            return (true, false);
        }
        return (false, false);
    }

    private State LexLeftDelim()
    {
        _pos += LeftDelim.Length;
        bool trimSpace = HasLeftTrimMarker(_pos);
        int afterMarker = trimSpace ? TrimMarkerLen : 0;
        if (StartsWithAt(_pos + afterMarker, LeftComment))
        {
            _pos += afterMarker;
            Ignore();
            return State.Comment;
        }
        Emit(ItemType.LeftDelim);
        _pos += afterMarker;
        Ignore();
        _parenDepth = 0;
        return State.InsideAction;
    }

    private State LexComment()
    {
        _pos += LeftComment.Length;
        int i = _input.IndexOf(RightComment, _pos, StringComparison.Ordinal);
        if (i < 0)
        {
            return Errorf("unclosed comment");
        }
        _pos = i + RightComment.Length;
        var (delim, trimSpace) = AtRightDelim();
        if (!delim)
        {
            return Errorf("comment ends before closing delimiter");
        }
        if (trimSpace)
        {
            _pos += TrimMarkerLen;
        }
        _pos += RightDelim.Length;
        if (trimSpace)
        {
            _pos += LeftTrimLength(_pos);
        }
        Ignore();
        return State.Text;
    }

    private State LexRightDelim()
    {
        bool trimSpace = HasRightTrimMarker(_pos);
        if (trimSpace)
        {
            _pos += TrimMarkerLen;
            Ignore();
        }
        _pos += RightDelim.Length;
        Emit(ItemType.RightDelim);
        if (trimSpace)
        {
            _pos += LeftTrimLength(_pos);
            Ignore();
        }
        return State.Text;
    }

    private State LexInsideAction()
    {
        var (delim, _) = AtRightDelim();
        if (delim)
        {
            if (_parenDepth == 0)
            {
                return LexRightDelim();
            }
            return Errorf("unclosed left paren");
        }
        int r = Next();
        switch (r)
        {
            case Eof:
                return Errorf("unclosed action");
            case ' ' or '\t' or '\r' or '\n':
                Backup();
                return State.Space;
            case '=':
                Emit(ItemType.Assign);
                return State.InsideAction;
            case ':':
                if (Next() != '=')
                {
                    return Errorf("expected :=");
                }
                Emit(ItemType.Declare);
                return State.InsideAction;
            case '|':
                Emit(ItemType.Pipe);
                return State.InsideAction;
            case '"':
                return State.Quote;
            case '`':
                return State.RawQuote;
            case '$':
                return State.Variable;
            case '\'':
                return State.Char;
            case '.':
                if (_pos < _input.Length)
                {
                    char c = _input[_pos];
                    if (c < '0' || c > '9')
                    {
                        return State.Field;
                    }
                }
                Backup();
                return State.Number;
            case '+' or '-' or (>= '0' and <= '9'):
                Backup();
                return State.Number;
            case '(':
                Emit(ItemType.LeftParen);
                _parenDepth++;
                return State.InsideAction;
            case ')':
                Emit(ItemType.RightParen);
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    return Errorf("unexpected right paren U+0029 ')'");
                }
                return State.InsideAction;
        }
        if (IsAlphaNumeric(r))
        {
            Backup();
            return State.Identifier;
        }
        if (r <= 0x7F && r >= 0x20 && r != 0x7F)
        {
            Emit(ItemType.Char);
            return State.InsideAction;
        }
        return Errorf("unrecognized character in action: " + FormatRuneU(r));
    }

    private State LexSpace()
    {
        int numSpaces = 0;
        while (IsSpace(Peek()))
        {
            Next();
            numSpaces++;
        }
        if (HasRightTrimMarker(_pos - 1) && StartsWithAt(_pos - 1 + TrimMarkerLen, RightDelim))
        {
            Backup();
            if (numSpaces == 1)
            {
                return State.RightDelim;
            }
        }
        Emit(ItemType.Space);
        return State.InsideAction;
    }

    private State LexIdentifier()
    {
        while (true)
        {
            int r = Next();
            if (IsAlphaNumeric(r))
            {
                continue;
            }
            Backup();
            string word = _input[_start.._pos];
            if (!AtTerminator())
            {
                return Errorf("bad character " + FormatRuneU(r));
            }
            var keyword = KeywordOf(word);
            if (keyword is { } kw)
            {
                if ((kw == ItemType.Break && !_breakOk) || (kw == ItemType.Continue && !_continueOk))
                {
                    Emit(ItemType.Identifier);
                }
                else
                {
                    Emit(kw);
                }
            }
            else if (word[0] == '.')
            {
                Emit(ItemType.Field);
            }
            else if (word is "true" or "false")
            {
                Emit(ItemType.Bool);
            }
            else
            {
                Emit(ItemType.Identifier);
            }
            return State.InsideAction;
        }
    }

    private static ItemType? KeywordOf(string word) => word switch
    {
        "." => ItemType.Dot,
        "block" => ItemType.Block,
        "break" => ItemType.Break,
        "continue" => ItemType.Continue,
        "define" => ItemType.Define,
        "else" => ItemType.Else,
        "end" => ItemType.End,
        "if" => ItemType.If,
        "range" => ItemType.Range,
        "nil" => ItemType.Nil,
        "template" => ItemType.Template,
        "with" => ItemType.With,
        _ => null,
    };

    private State LexVariable()
    {
        if (AtTerminator())
        {
            Emit(ItemType.Variable);
            return State.InsideAction;
        }
        return LexFieldOrVariable(ItemType.Variable);
    }

    private State LexFieldOrVariable(ItemType type)
    {
        if (AtTerminator())
        {
            Emit(type == ItemType.Variable ? ItemType.Variable : ItemType.Dot);
            return State.InsideAction;
        }
        int r;
        while (true)
        {
            r = Next();
            if (!IsAlphaNumeric(r))
            {
                Backup();
                break;
            }
        }
        if (!AtTerminator())
        {
            return Errorf("bad character " + FormatRuneU(r));
        }
        Emit(type);
        return State.InsideAction;
    }

    private bool AtTerminator()
    {
        int r = Peek();
        if (IsSpace(r))
        {
            return true;
        }
        switch (r)
        {
            case Eof or '.' or ',' or '|' or ':' or ')' or '(':
                return true;
        }
        return StartsWithAt(_pos, RightDelim);
    }

    private static bool IsAlphaNumeric(int r)
    {
        if (r == '_')
        {
            return true;
        }
        if (r < 0)
        {
            return false;
        }
        if (r < 0x80)
        {
            return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(r);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>Go's <c>%#U</c>: <c>U+007B '{'</c>.</summary>
    internal static string FormatRuneU(int r)
    {
        if (r < 0)
        {
            r = 0xFFFD;
        }
        string hex = "U+" + r.ToString("X4", CultureInfo.InvariantCulture);
        if (GoStrconv.IsPrint(r))
        {
            return hex + " '" + char.ConvertFromUtf32(r) + "'";
        }
        return hex;
    }
}
