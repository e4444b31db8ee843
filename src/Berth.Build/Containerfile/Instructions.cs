using Berth.Oci;

namespace Berth.Build.Containerfile;

/// <summary>Where an instruction starts in its file (1-based line), for error messages: <c>Containerfile:7</c>.</summary>
public readonly record struct SourceLocation(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>A <c>--name=value</c> flag written before an instruction's arguments (<c>COPY --from=build</c>,
/// <c>RUN --mount=type=cache,target=/x</c>). Value is null for a bare <c>--link</c>. Values are not expanded yet.</summary>
public sealed record InstructionFlag(string Name, string? Value);

/// <summary>A heredoc body attached to RUN/COPY/ADD (<c>&lt;&lt;EOF</c> … <c>EOF</c>). <see cref="Expand"/> is false when
/// the delimiter was quoted (<c>&lt;&lt;"EOF"</c>), so variables in the body are left alone; <see cref="Chomp"/> is
/// true for <c>&lt;&lt;-EOF</c> (leading tabs removed from each line, already done in <see cref="Content"/>).</summary>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp);

/// <summary>A command in exec (JSON) form or shell form. Shell form keeps the text as written (continuations
/// joined), to be run through the stage's SHELL.</summary>
public sealed record CommandForm(IReadOnlyList<string> Words, bool IsJson)
{
    /// <summary>The shell-form text (the one word) or the JSON words joined by spaces.</summary>
    public string Text => IsJson ? string.Join(' ', Words) : Words.Count == 0 ? "" : Words[0];
}

/// <summary>A <c>key=value</c> pair of ENV, LABEL or ARG; words still carry their quotes and <c>$</c> references,
/// the executor expands them with <see cref="WordExpander"/>. ARG without a default has a null Value.</summary>
public sealed record KeyValueWord(string Key, string? Value);

/// <summary>One instruction of a Containerfile. <see cref="Original"/> is the instruction as written, continuations
/// joined into one line (keyword included): it goes into the image history and the cache key.</summary>
public abstract record Instruction
{
    public required SourceLocation Location { get; init; }

    /// <summary>The keyword upper-cased: FROM, RUN, COPY, …</summary>
    public required string Keyword { get; init; }

    public required string Original { get; init; }

    public IReadOnlyList<InstructionFlag> Flags { get; init; } = [];

    /// <summary>The last value of a flag, or null when it is not given.</summary>
    public string? Flag(string name) => Flags.LastOrDefault(f => f.Name == name)?.Value;

    public bool HasFlag(string name) => Flags.Any(f => f.Name == name);

    /// <summary>Every value of a repeatable flag (<c>--mount</c>, <c>--exclude</c>), in order.</summary>
    public IReadOnlyList<string> FlagValues(string name) => [.. Flags.Where(f => f.Name == name && f.Value is not null).Select(f => f.Value!)];

    /// <summary>A bool flag (<c>--link</c>, <c>--parents</c>, <c>--keep-git-dir</c>): true when given bare or as
    /// <c>=true</c> (the parser has already refused values other than true/false).</summary>
    public bool BoolFlag(string name) => Flags.LastOrDefault(f => f.Name == name) is { } flag && (flag.Value is null || flag.Value == "true");
}

/// <summary><c>FROM [--platform=p] image [AS name]</c>; <see cref="Image"/> is not expanded yet (ARGs before the first
/// FROM may be used in it).</summary>
public sealed record FromInstruction : Instruction
{
    public required string Image { get; init; }

    public string? StageName { get; init; }
}

/// <summary>RUN in shell or exec form; flags <c>--mount</c> (repeatable), <c>--network</c>, <c>--security</c>.</summary>
public sealed record RunInstruction : Instruction
{
    public required CommandForm Command { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
}

public sealed record CmdInstruction : Instruction
{
    public required CommandForm Command { get; init; }
}

public sealed record EntrypointInstruction : Instruction
{
    public required CommandForm Command { get; init; }
}

/// <summary><c>SHELL ["executable", "params"]</c> (JSON form only).</summary>
public sealed record ShellInstruction : Instruction
{
    public required IReadOnlyList<string> Shell { get; init; }
}

public sealed record LabelInstruction : Instruction
{
    public required IReadOnlyList<KeyValueWord> Labels { get; init; }
}

public sealed record MaintainerInstruction : Instruction
{
    public required string Maintainer { get; init; }
}

/// <summary>EXPOSE words (<c>80</c>, <c>80/udp</c>, <c>$PORT</c>), not expanded yet.</summary>
public sealed record ExposeInstruction : Instruction
{
    public required IReadOnlyList<string> Ports { get; init; }
}

public sealed record EnvInstruction : Instruction
{
    public required IReadOnlyList<KeyValueWord> Variables { get; init; }
}

/// <summary>COPY or ADD (<see cref="Instruction.Keyword"/> tells which): sources and destination as written (JSON or
/// shell words, not expanded). Flags: <c>--from</c>, <c>--chown</c>, <c>--chmod</c>, <c>--link</c>, <c>--parents</c>,
/// <c>--exclude</c> (repeatable), <c>--checksum</c> (ADD), <c>--keep-git-dir</c> (ADD). A heredoc source
/// (<c>COPY &lt;&lt;EOF /file</c>) appears in <see cref="Heredocs"/> and as the word <c>&lt;&lt;EOF</c> in Sources.</summary>
public sealed record CopyInstruction : Instruction
{
    public required IReadOnlyList<string> Sources { get; init; }

    public required string Destination { get; init; }

    public bool IsAdd => Keyword == "ADD";

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>The heredoc a source word opens (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOF"</c>), or null for a path.</summary>
    public Heredoc? HeredocFor(string source) =>
        ContainerfileParser.HeredocName(source) is { } name ? Heredocs.FirstOrDefault(h => h.Name == name) : null;
}

public sealed record VolumeInstruction : Instruction
{
    public required IReadOnlyList<string> Paths { get; init; }
}

public sealed record UserInstruction : Instruction
{
    public required string User { get; init; }
}

public sealed record WorkdirInstruction : Instruction
{
    public required string Path { get; init; }
}

/// <summary><c>ARG name[=default] …</c>.</summary>
public sealed record ArgInstruction : Instruction
{
    public required IReadOnlyList<KeyValueWord> Args { get; init; }
}

/// <summary><c>ONBUILD INSTRUCTION …</c>: <see cref="Trigger"/> is the text after ONBUILD (stored in the image config);
/// the inner instruction is parsed when the image is used as a base.</summary>
public sealed record OnbuildInstruction : Instruction
{
    public required string Trigger { get; init; }
}

public sealed record StopSignalInstruction : Instruction
{
    public required string Signal { get; init; }
}

/// <summary><c>HEALTHCHECK NONE</c> (Command null) or <c>HEALTHCHECK [--interval --timeout --start-period
/// --start-interval --retries] CMD …</c>.</summary>
public sealed record HealthcheckInstruction : Instruction
{
    public CommandForm? Command { get; init; }

    /// <summary>The image config's healthcheck this instruction sets: Test <c>["NONE"]</c>, <c>["CMD", …]</c> (exec
    /// form) or <c>["CMD-SHELL", text]</c>; durations in nanoseconds and Retries as given (null = not given; the
    /// parser has checked them: durations positive, retries at least 1).</summary>
    public HealthConfig Health { get; init; } = new();
}

/// <summary>One build stage: its FROM and the instructions after it up to the next FROM.</summary>
public sealed record BuildStage
{
    public required int Index { get; init; }

    public required FromInstruction From { get; init; }

    public required IReadOnlyList<Instruction> Instructions { get; init; }

    /// <summary>The <c>AS name</c> (lower-cased, as Docker compares them), or null.</summary>
    public string? Name => From.StageName;
}

/// <summary>A parsed Containerfile: the ARGs before the first FROM and the stages.</summary>
public sealed record ContainerfileDocument
{
    public required string File { get; init; }

    public char EscapeCharacter { get; init; } = '\\';

    /// <summary>The <c># syntax=</c> directive, or null (recorded only: Berth has one built-in frontend).</summary>
    public string? Syntax { get; init; }

    public IReadOnlyList<ArgInstruction> GlobalArgs { get; init; } = [];

    public required IReadOnlyList<BuildStage> Stages { get; init; }
}
