namespace Berth.Templates;

/// <summary>Scanning of character, number and string literals.</summary>
internal sealed partial class Lexer
{
    private State LexChar() => LexDelimited('\'', "unterminated character constant", ItemType.CharConstant);

    private State LexNumber()
    {
        if (!ScanNumber())
        {
            return Errorf("bad number syntax: " + GoStrconv.Quote(_input[_start.._pos]));
        }
        int sign = Peek();
        if (sign == '+' || sign == '-')
        {
            if (!ScanNumber() || _input[_pos - 1] != 'i')
            {
                return Errorf("bad number syntax: " + GoStrconv.Quote(_input[_start.._pos]));
            }
            Emit(ItemType.Complex);
        }
        else
        {
            Emit(ItemType.Number);
        }
        return State.InsideAction;
    }

    private bool ScanNumber()
    {
        Accept("+-");
        string digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }
        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }
        if (digits.Length == 10 + 1 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        if (digits.Length == 16 + 6 + 1 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        Accept("i");
        if (IsAlphaNumeric(Peek()))
        {
            Next();
            return false;
        }
        return true;
    }

    private State LexQuote() => LexDelimited('"', "unterminated quoted string", ItemType.String);

    /// <summary>A char or interpreted string literal: backslash escapes the next rune; a newline or EOF ends it in error.</summary>
    private State LexDelimited(char close, string unterminated, ItemType type)
    {
        while (true)
        {
            int r = Next();
            if (r == '\\')
            {
                int n = Next();
                if (n != Eof && n != '\n')
                {
                    continue;
                }
                return Errorf(unterminated);
            }
            if (r == Eof || r == '\n')
            {
                return Errorf(unterminated);
            }
            if (r == close)
            {
                break;
            }
        }
        Emit(type);
        return State.InsideAction;
    }

    private State LexRawQuote()
    {
        while (true)
        {
            int r = Next();
            if (r == Eof)
            {
                return Errorf("unterminated raw quoted string");
            }
            if (r == '`')
            {
                break;
            }
        }
        Emit(ItemType.RawString);
        return State.InsideAction;
    }
}
