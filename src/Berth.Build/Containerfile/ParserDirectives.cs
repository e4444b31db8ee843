using System.Text.RegularExpressions;

namespace Berth.Build.Containerfile;

/// <summary>
/// Parser directives (<c># syntax=…</c>, <c># escape=`</c>, <c># check=…</c>): comment lines of the form
/// <c># name=value</c> at the very top of the file. The first line that is not one of them (an instruction, a blank
/// line, another comment, an unknown directive) ends them for good; names are case-insensitive; each may appear once.
/// </summary>
internal sealed partial class ParserDirectives
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private bool _done;

    public ParserDirectives(bool enabled, char escape = '\\')
    {
        _done = !enabled;
        Escape = escape;
    }

    [GeneratedRegex(@"^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$")]
    private static partial Regex Directive();

    /// <summary>The escape character: <c>\</c> unless <c># escape=`</c> says otherwise.</summary>
    public char Escape { get; private set; } = '\\';

    /// <summary>The <c># syntax=</c> value (a frontend image for BuildKit; recorded, not acted on).</summary>
    public string? Syntax { get; private set; }

    /// <summary>The <c># check=</c> value (BuildKit's build checks; recorded, not acted on).</summary>
    public string? Check { get; private set; }

    /// <summary>Looks at one physical line (newline removed, leading whitespace removed on instruction lines);
    /// throws <see cref="InstructionSyntaxException"/> for a repeated directive or a bad escape character.</summary>
    public void Consider(string line)
    {
        if (_done)
        {
            return;
        }

        var match = Directive().Match(line);
        var name = match.Success ? match.Groups[1].Value.ToLowerInvariant() : "";
        if (name is not ("syntax" or "escape" or "check"))
        {
            _done = true;
            return;
        }

        if (!_seen.Add(name))
        {
            throw new InstructionSyntaxException($"only one {name} parser directive can be used");
        }

        var value = match.Groups[2].Value;
        switch (name)
        {
            case "escape":
                if (value is not ("`" or "\\"))
                {
                    // podman 4.3.1's wording (BuildKit: "invalid escape token … does not match ` or \").
                    throw new InstructionSyntaxException($"invalid ESCAPE '{value}'. Must be ` or \\");
                }

                Escape = value[0];
                break;
            case "syntax":
                Syntax = value;
                break;
            default:
                Check = value;
                break;
        }
    }
}
