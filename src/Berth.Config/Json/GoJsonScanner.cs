namespace Berth.Config;

/// <summary>
/// Go's <c>encoding/json</c> scanner (<c>checkValid</c>): validates JSON text byte by byte with Go's error messages
/// (<c>invalid character 'x' looking for beginning of value</c>, <c>unexpected end of JSON input</c>, …), which podman
/// prints for a malformed policy.json.
/// </summary>
internal sealed class GoJsonScanner
{
    /// <summary>Go's maxNestingDepth.</summary>
    public const int MaxDepth = 10000;

    private readonly List<Container> _stack = [];
    private State _state = State.BeginValue;
    private bool _endTop;

    private enum Container : byte
    {
        ObjectKey,
        ObjectValue,
        ArrayValue,
    }

    private enum State : byte
    {
        BeginValueOrEmpty, BeginValue, BeginStringOrEmpty, BeginString, EndValue, EndTop,
        InString, InStringEsc, InStringEscU, InStringEscU1, InStringEscU12, InStringEscU123,
        Neg, One, Zero, Dot, Dot0, E, ESign, E0, T, Tr, Tru, F, Fa, Fal, Fals, N, Nu, Nul,
    }

    /// <summary>Null when <paramref name="data"/> is one valid JSON value, else Go's syntax error message.</summary>
    public static string? Validate(ReadOnlySpan<byte> data)
    {
        var scanner = new GoJsonScanner();
        foreach (var c in data)
        {
            if (scanner.Step(c) is { } error)
            {
                return error;
            }
        }

        // Go's scanner.eof: one more space finishes a number at the top level or reports a cut-off literal.
        if (scanner._endTop)
        {
            return null;
        }

        return scanner.Step((byte)' ') ?? (scanner._endTop ? null : "unexpected end of JSON input");
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte c) => IsDigit(c) || c is >= (byte)'a' and <= (byte)'f' || c is >= (byte)'A' and <= (byte)'F';

    private string? Step(byte c)
    {
        while (true)
        {
            switch (_state)
            {
                case State.BeginValueOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    _state = c == ']' ? State.EndValue : State.BeginValue;
                    continue;
                case State.BeginValue:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    switch (c)
                    {
                        case (byte)'{':
                            _state = State.BeginStringOrEmpty;
                            return Push(c, Container.ObjectKey);
                        case (byte)'[':
                            _state = State.BeginValueOrEmpty;
                            return Push(c, Container.ArrayValue);
                        case (byte)'"':
                            _state = State.InString;
                            return null;
                        case (byte)'-':
                            _state = State.Neg;
                            return null;
                        case (byte)'0':
                            _state = State.Zero;
                            return null;
                        case (byte)'t':
                            _state = State.T;
                            return null;
                        case (byte)'f':
                            _state = State.F;
                            return null;
                        case (byte)'n':
                            _state = State.N;
                            return null;
                        case >= (byte)'1' and <= (byte)'9':
                            _state = State.One;
                            return null;
                        default:
                            return Error(c, "looking for beginning of value");
                    }

                case State.BeginStringOrEmpty:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    if (c == '}')
                    {
                        _stack[^1] = Container.ObjectValue;
                        _state = State.EndValue;
                        continue;
                    }

                    _state = State.BeginString;
                    continue;
                case State.BeginString:
                    if (IsSpace(c))
                    {
                        return null;
                    }

                    if (c != '"')
                    {
                        return Error(c, "looking for beginning of object key string");
                    }

                    _state = State.InString;
                    return null;
                case State.EndValue:
                    if (_stack.Count == 0)
                    {
                        _state = State.EndTop;
                        _endTop = true;
                        continue;
                    }

                    if (IsSpace(c))
                    {
                        return null;
                    }

                    return EndValue(c);
                case State.EndTop:
                    return IsSpace(c) ? null : Error(c, "after top-level value");
                case State.InString:
                    if (c == '"')
                    {
                        _state = State.EndValue;
                    }
                    else if (c == '\\')
                    {
                        _state = State.InStringEsc;
                    }
                    else if (c < 0x20)
                    {
                        return Error(c, "in string literal");
                    }

                    return null;
                case State.InStringEsc:
                    if (c is (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'\\' or (byte)'/' or (byte)'"')
                    {
                        _state = State.InString;
                        return null;
                    }

                    if (c == 'u')
                    {
                        _state = State.InStringEscU;
                        return null;
                    }

                    return Error(c, "in string escape code");
                case State.InStringEscU or State.InStringEscU1 or State.InStringEscU12 or State.InStringEscU123:
                    if (!IsHex(c))
                    {
                        return Error(c, "in \\u hexadecimal character escape");
                    }

                    _state = _state == State.InStringEscU123 ? State.InString : _state + 1;
                    return null;
                case State.Neg:
                    if (c == '0')
                    {
                        _state = State.Zero;
                        return null;
                    }

                    if (c is >= (byte)'1' and <= (byte)'9')
                    {
                        _state = State.One;
                        return null;
                    }

                    return Error(c, "in numeric literal");
                case State.One:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    _state = State.Zero;
                    continue;
                case State.Zero:
                    if (c == '.')
                    {
                        _state = State.Dot;
                        return null;
                    }

                    _state = c is (byte)'e' or (byte)'E' ? State.E : State.EndValue;
                    if (_state == State.E)
                    {
                        return null;
                    }

                    continue;
                case State.Dot:
                    if (!IsDigit(c))
                    {
                        return Error(c, "after decimal point in numeric literal");
                    }

                    _state = State.Dot0;
                    return null;
                case State.Dot0:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    if (c is (byte)'e' or (byte)'E')
                    {
                        _state = State.E;
                        return null;
                    }

                    _state = State.EndValue;
                    continue;
                case State.E:
                    _state = State.ESign;
                    if (c is (byte)'+' or (byte)'-')
                    {
                        return null;
                    }

                    continue;
                case State.ESign:
                    if (!IsDigit(c))
                    {
                        return Error(c, "in exponent of numeric literal");
                    }

                    _state = State.E0;
                    return null;
                case State.E0:
                    if (IsDigit(c))
                    {
                        return null;
                    }

                    _state = State.EndValue;
                    continue;
                default:
                    return Literal(c);
            }
        }
    }

    /// <summary>The letters of <c>true</c>, <c>false</c> and <c>null</c> after the first.</summary>
    private string? Literal(byte c)
    {
        var (expected, next, literal) = _state switch
        {
            State.T => ('r', State.Tr, "true"),
            State.Tr => ('u', State.Tru, "true"),
            State.Tru => ('e', State.EndValue, "true"),
            State.F => ('a', State.Fa, "false"),
            State.Fa => ('l', State.Fal, "false"),
            State.Fal => ('s', State.Fals, "false"),
            State.Fals => ('e', State.EndValue, "false"),
            State.N => ('u', State.Nu, "null"),
            State.Nu => ('l', State.Nul, "null"),
            _ => ('l', State.EndValue, "null"),
        };
        if (c != expected)
        {
            return Error(c, $"in literal {literal} (expecting '{expected}')");
        }

        _state = next;
        return null;
    }

    private string? EndValue(byte c)
    {
        switch (_stack[^1])
        {
            case Container.ObjectKey:
                if (c != ':')
                {
                    return Error(c, "after object key");
                }

                _stack[^1] = Container.ObjectValue;
                _state = State.BeginValue;
                return null;
            case Container.ObjectValue:
                if (c == ',')
                {
                    _stack[^1] = Container.ObjectKey;
                    _state = State.BeginString;
                    return null;
                }

                return c == '}' ? Pop() : Error(c, "after object key:value pair");
            default:
                if (c == ',')
                {
                    _state = State.BeginValue;
                    return null;
                }

                return c == ']' ? Pop() : Error(c, "after array element");
        }
    }

    private string? Push(byte c, Container container)
    {
        _stack.Add(container);
        return _stack.Count <= MaxDepth ? null : Error(c, "exceeded max depth");
    }

    private string? Pop()
    {
        _stack.RemoveAt(_stack.Count - 1);
        if (_stack.Count == 0)
        {
            _state = State.EndTop;
            _endTop = true;
        }
        else
        {
            _state = State.EndValue;
        }

        return null;
    }

    /// <summary>Go's <c>"invalid character " + quoteChar(c) + " " + context</c>.</summary>
    private static string Error(byte c, string context) => $"invalid character {QuoteChar(c)} {context}";

    /// <summary>Go's <c>quoteChar</c>: the byte as a rune in <c>strconv.Quote</c>'s form between single quotes.</summary>
    private static string QuoteChar(byte c) => c switch
    {
        (byte)'\'' => "'\\''",
        (byte)'"' => "'\"'",
        (byte)'\\' => "'\\\\'",
        7 => "'\\a'",
        8 => "'\\b'",
        12 => "'\\f'",
        10 => "'\\n'",
        13 => "'\\r'",
        9 => "'\\t'",
        11 => "'\\v'",
        < 0x20 or 0x7F => $"'\\x{c:x2}'",
        (>= 0x80 and <= 0xA0) or 0xAD => $"'\\u{c:x4}'",
        _ => $"'{(char)c}'",
    };
}
