namespace Berth.Build.Containerfile;

/// <summary>
/// Parses Containerfiles/Dockerfiles with Docker's (BuildKit's) syntax: parser directives, comments, continuations,
/// exec and shell forms, flags, heredocs, global ARGs, stages. Pure: no I/O, no expansion (the executor expands words
/// with <see cref="WordExpander"/> when it knows the variables).
/// </summary>
/// <remarks>
/// Every error is a <see cref="BerthException"/> of kind <see cref="ErrorKind.InvalidArgument"/> whose message starts
/// with <c>file:line: </c> and names the instruction, with podman 4.3.1's wording where podman has one (see
/// tests/Berth.Build.Tests/Containerfile/Golden/errors/README.md for where and why it differs).
/// </remarks>
public static class ContainerfileParser
{
    /// <summary>The document of a Containerfile. <paramref name="file"/> is the name used in messages.</summary>
    public static ContainerfileDocument Parse(string text, string file)
    {
        if (text.Length == 0)
        {
            throw Error(new SourceLocation(file, 1), $"no contents in {WordExpander.GoQuote(file)}");
        }

        var directives = new ParserDirectives(enabled: true);
        var lines = Scan(text, file, directives, 1);
        var globalArgs = new List<ArgInstruction>();
        var stages = new List<BuildStage>();
        FromInstruction? from = null;
        var body = new List<Instruction>();
        var names = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var instruction = Create(line, file, directives.Escape);
            switch (instruction)
            {
                case FromInstruction next:
                    if (next.StageName is { } name && !names.TryAdd(name, next.Location))
                    {
                        throw Error(next.Location, $"FROM: duplicate stage name {WordExpander.GoQuote(name)} (first used at {names[name]})");
                    }

                    if (from is not null)
                    {
                        stages.Add(new BuildStage { Index = stages.Count, From = from, Instructions = body });
                        body = [];
                    }

                    from = next;
                    break;
                case ArgInstruction arg when from is null:
                    globalArgs.Add(arg);
                    break;
                case var other when from is null:
                    throw Error(other.Location, $"{other.Keyword}: no build stage in current context (only ARG may come before the first FROM)");
                default:
                    body.Add(instruction);
                    break;
            }
        }

        if (from is null)
        {
            // podman: "building: no stages to build"; the line is the end of the file, where a FROM was still missing.
            throw Error(new SourceLocation(file, Math.Max(1, LineScanner.CountLines(text))), "no stages to build: the file has no FROM instruction");
        }

        stages.Add(new BuildStage { Index = stages.Count, From = from, Instructions = body });
        return new ContainerfileDocument
        {
            File = file,
            EscapeCharacter = directives.Escape,
            Syntax = directives.Syntax,
            GlobalArgs = globalArgs,
            Stages = stages,
        };
    }

    /// <summary>
    /// One instruction on its own (its text may continue with heredoc bodies on the following lines), e.g. an ONBUILD
    /// trigger read back from a base image. No parser directives; <paramref name="escape"/> is the escape character.
    /// </summary>
    public static Instruction ParseInstruction(string line, SourceLocation location, char escape = '\\')
    {
        var directives = new ParserDirectives(enabled: false, escape);
        var lines = Scan(line, location.File, directives, location.Line);
        if (lines.Count != 1)
        {
            throw Error(location, lines.Count == 0
                ? "empty instruction"
                : $"expected one instruction, found {lines.Count}: {WordExpander.GoQuote(line)}");
        }

        return Create(lines[0], location.File, escape);
    }

    /// <summary>An ONBUILD trigger of a base image (<c>RUN make</c>) as the instruction it runs in the child build;
    /// ONBUILD, FROM and MAINTAINER are refused as triggers, as Docker does.</summary>
    public static Instruction ParseTrigger(string trigger, SourceLocation location, char escape = '\\')
    {
        var instruction = ParseInstruction(trigger, location, escape);
        return instruction.Keyword switch
        {
            "ONBUILD" => throw Error(location, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
            "FROM" or "MAINTAINER" => throw Error(location, $"{instruction.Keyword} isn't allowed as an ONBUILD trigger"),
            _ => instruction,
        };
    }

    /// <summary>The delimiter name of a heredoc word (<c>&lt;&lt;EOF</c> → EOF, <c>&lt;&lt;-'END'</c> → END), or null when the
    /// word is not a heredoc.</summary>
    public static string? HeredocName(string word) => HeredocSyntax.ParseWord(word)?.Name;

    private static List<LogicalLine> Scan(string text, string file, ParserDirectives directives, int firstLine)
    {
        try
        {
            return LineScanner.Scan(text, directives, firstLine);
        }
        catch (LocatedSyntaxException e)
        {
            throw Error(new SourceLocation(file, e.Line), e.Message);
        }
    }

    private static Instruction Create(LogicalLine line, string file, char escape)
    {
        var location = new SourceLocation(file, line.Line);
        try
        {
            return InstructionFactory.Create(line, location, escape);
        }
        catch (InstructionSyntaxException e)
        {
            // Messages name their instruction; those that do not (flags, JSON, durations) get the keyword in front.
            var keyword = InstructionSyntax.SplitCommand(line.Text).Keyword.ToUpperInvariant();
            var message = e.Message.Contains(keyword, StringComparison.Ordinal) ? e.Message : $"{keyword}: {e.Message}";
            throw Error(location, message);
        }
    }

    private static BerthException Error(SourceLocation location, string message) =>
        new(ErrorKind.InvalidArgument, $"{location}: {message}");
}
