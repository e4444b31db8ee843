namespace Berth.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters. Registries send
/// <c>Basic realm="…"</c> or <c>Bearer realm="…",service="…",scope="…"</c>.
/// </summary>
/// <param name="Scheme">The scheme, lower-cased (<c>basic</c>, <c>bearer</c>).</param>
/// <param name="Parameters">Parameters by lower-cased name, values unquoted.</param>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme == "bearer";

    public bool IsBasic => Scheme == "basic";

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>
    /// Parses header values; several challenges may share one value, separated by commas. Malformed input ends
    /// parsing at the point of error; what was parsed before is kept.
    /// </summary>
    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headerValues)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        var result = new List<AuthChallenge>();
        foreach (var value in headerValues)
        {
            new Parser(value).ParseAll(result);
        }

        return result;
    }

    /// <summary>The challenge Berth answers: Bearer before Basic, as containers/image prefers; null when there is neither.</summary>
    public static AuthChallenge? Preferred(IReadOnlyList<AuthChallenge> challenges)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    private ref struct Parser
    {
        private readonly string _text;
        private int _pos;

        public Parser(string text)
        {
            _text = text;
            _pos = 0;
        }

        public void ParseAll(List<AuthChallenge> into)
        {
            while (true)
            {
                SkipWhile(static c => c is ' ' or '\t' or ',');
                var scheme = Token();
                if (scheme.Length == 0)
                {
                    return;
                }

                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                ParseParameters(parameters);
                into.Add(new AuthChallenge(scheme.ToLowerInvariant(), parameters));
            }
        }

        private void ParseParameters(Dictionary<string, string> parameters)
        {
            while (true)
            {
                SkipWhile(static c => c is ' ' or '\t');
                var save = _pos;
                var name = Token();
                SkipWhile(static c => c is ' ' or '\t');
                if (name.Length == 0 || !Take('='))
                {
                    // Not "name=": the start of the next challenge (or the end).
                    _pos = save;
                    return;
                }

                SkipWhile(static c => c is ' ' or '\t');
                var value = Peek() == '"' ? Quoted() : Token();
                if (value is null)
                {
                    _pos = _text.Length;
                    return;
                }

                parameters[name.ToLowerInvariant()] = value;
                SkipWhile(static c => c is ' ' or '\t');
                if (!Take(','))
                {
                    return;
                }
            }
        }

        private string? Quoted()
        {
            _pos++; // opening quote
            var sb = new System.Text.StringBuilder();
            while (_pos < _text.Length)
            {
                var c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c == '\\' && _pos < _text.Length)
                {
                    c = _text[_pos++];
                }

                sb.Append(c);
            }

            return null; // unterminated
        }

        private string Token()
        {
            var start = _pos;
            while (_pos < _text.Length && IsTokenChar(_text[_pos]))
            {
                _pos++;
            }

            return _text[start.._pos];
        }

        private readonly char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private bool Take(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            _pos++;
            return true;
        }

        private void SkipWhile(Func<char, bool> predicate)
        {
            while (_pos < _text.Length && predicate(_text[_pos]))
            {
                _pos++;
            }
        }

        // RFC 7230 tchar, plus '/' so that unquoted token68-like values (base64, URLs) survive.
        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/' or ':';
    }
}
