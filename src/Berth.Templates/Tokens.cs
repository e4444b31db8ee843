namespace Berth.Templates;

internal enum ItemType
{
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,

    // Keywords follow; Keyword itself only marks the boundary.
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

/// <summary>A token: its type, position (a char index into the template text), text and line.</summary>
internal readonly record struct Item(ItemType Type, int Pos, string Val, int Line)
{
    /// <summary>The token as Go's parser names it in "unexpected …" errors.</summary>
    public override string ToString()
    {
        if (Type == ItemType.Eof)
        {
            return "EOF";
        }
        if (Type == ItemType.Error)
        {
            return Val;
        }
        if (Type > ItemType.Keyword)
        {
            return "<" + Val + ">";
        }
        if (Val.Length > 10)
        {
            // Go: fmt.Sprintf("%.10q...", val): quote the first 10 runes.
            int cut = 0;
            int runes = 0;
            while (cut < Val.Length && runes < 10)
            {
                cut += char.IsHighSurrogate(Val[cut]) && cut + 1 < Val.Length ? 2 : 1;
                runes++;
            }
            return GoStrconv.Quote(Val[..cut]) + "...";
        }
        return GoStrconv.Quote(Val);
    }
}
