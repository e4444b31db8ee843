using System.Text.RegularExpressions;

namespace Berth.Build.Containerfile;

/// <summary>RUN/CMD/ENTRYPOINT arguments: a JSON array of strings is the exec form; anything else (also malformed
/// JSON) is the shell form, kept as one text.</summary>
internal static class CommandSyntax
{
    public static CommandForm Parse(string arguments) =>
        InstructionSyntax.ParseJsonArray(arguments, out var words) switch
        {
            JsonArrayResult.Strings => new CommandForm(words, true),
            JsonArrayResult.NotStrings => throw new InstructionSyntaxException(InstructionSyntax.NotStringArray),
            _ => new CommandForm(arguments.Length == 0 ? [] : [arguments], false),
        };

    /// <summary>COPY/ADD/VOLUME: a JSON array of strings, or whitespace-separated words.</summary>
    public static (List<string> Words, bool IsJson) ParseList(string arguments) =>
        InstructionSyntax.ParseJsonArray(arguments, out var words) switch
        {
            JsonArrayResult.Strings => (words, true),
            JsonArrayResult.NotStrings => throw new InstructionSyntaxException(InstructionSyntax.NotStringArray),
            _ => (InstructionSyntax.WhitespaceWords(arguments), false),
        };
}

/// <summary>
/// Builds the <see cref="Instruction"/> of one logical line: checks the keyword, the flags and the arguments with
/// Docker's rules and podman's messages. Errors are <see cref="InstructionSyntaxException"/>s; the parser adds where.
/// </summary>
internal static partial class InstructionFactory
{
    [GeneratedRegex("^[a-z][a-z0-9-_.]*$")]
    private static partial Regex StageName();

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OnbuildPrefix();

    /// <summary>The keywords Containerfiles know.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
        "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    public static Instruction Create(LogicalLine line, SourceLocation location, char escape)
    {
        var (word, rawFlags, args) = InstructionSyntax.SplitCommand(line.Text);
        var keyword = word.ToUpperInvariant();
        if (!Keywords.Contains(keyword))
        {
            throw new InstructionSyntaxException($"Unknown instruction: {WordExpander.GoQuote(keyword)}");
        }

        var flags = InstructionFlags.Parse(keyword, rawFlags);
        var c = new Common(location, keyword, line.Text, flags, line.Heredocs);
        return keyword switch
        {
            "FROM" => From(c, args),
            "RUN" => Run(c, args),
            "CMD" => new CmdInstruction
            {
                Command = CommandSyntax.Parse(args),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "ENTRYPOINT" => new EntrypointInstruction
            {
                Command = CommandSyntax.Parse(args),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "SHELL" => Shell(c, args),
            "LABEL" => new LabelInstruction
            {
                Labels = AtLeastOne(InstructionSyntax.NameValues(args, "LABEL", escape), "LABEL"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "ENV" => new EnvInstruction
            {
                Variables = AtLeastOne(InstructionSyntax.NameValues(args, "ENV", escape), "ENV"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "ARG" => Arg(c, args, escape),
            "MAINTAINER" => new MaintainerInstruction
            {
                Maintainer = ExactlyOne(args, "MAINTAINER"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "USER" => new UserInstruction
            {
                User = ExactlyOne(args, "USER"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "WORKDIR" => new WorkdirInstruction
            {
                Path = ExactlyOne(args, "WORKDIR"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "STOPSIGNAL" => new StopSignalInstruction
            {
                Signal = ExactlyOne(args, "STOPSIGNAL"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "EXPOSE" => new ExposeInstruction
            {
                Ports = AtLeastOne(InstructionSyntax.WhitespaceWords(args), "EXPOSE"),
                Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
            },
            "VOLUME" => Volume(c, args),
            "ADD" or "COPY" => Copy(c, args),
            "ONBUILD" => Onbuild(c, args),
            _ => Healthcheck(c, args),
        };
    }

    private static FromInstruction From(Common c, string args)
    {
        var words = InstructionSyntax.WhitespaceWords(args);
        string? stage = null;
        if (words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
        {
            stage = words[2].ToLowerInvariant();
            if (!StageName().IsMatch(stage))
            {
                throw new InstructionSyntaxException(
                    $"invalid name for build stage: {WordExpander.GoQuote(words[2])}, name can't start with a number or contain symbols");
            }
        }
        else if (words.Count != 1)
        {
            throw new InstructionSyntaxException("FROM requires either one argument, or three: FROM <source> [as <name>]");
        }

        return new FromInstruction
        {
            Image = words[0],
            StageName = stage,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static RunInstruction Run(Common c, string args)
    {
        var command = CommandSyntax.Parse(args);
        if (command.Words.Count == 0)
        {
            throw new InstructionSyntaxException("RUN requires at least one argument");
        }

        return new RunInstruction
        {
            Command = command,
            Heredocs = c.Heredocs,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static ShellInstruction Shell(Common c, string args)
    {
        var command = CommandSyntax.Parse(args);
        if (command.Words.Count == 0)
        {
            throw new InstructionSyntaxException("SHELL requires at least one argument");
        }

        if (!command.IsJson)
        {
            throw new InstructionSyntaxException("SHELL requires the arguments to be in JSON form");
        }

        return new ShellInstruction
        {
            Shell = command.Words,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static ArgInstruction Arg(Common c, string args, char escape)
    {
        var words = AtLeastOne(InstructionSyntax.QuotedWords(args, escape), "ARG");
        var pairs = new List<KeyValueWord>(words.Count);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            pairs.Add(eq < 0 ? new KeyValueWord(word, null) : new KeyValueWord(word[..eq], word[(eq + 1)..]));
        }

        return new ArgInstruction
        {
            Args = pairs,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static VolumeInstruction Volume(Common c, string args)
    {
        var (paths, _) = CommandSyntax.ParseList(args);
        AtLeastOne(paths, "VOLUME");
        if (paths.Any(p => p.Length == 0))
        {
            throw new InstructionSyntaxException("Volume specified can not be an empty string"); // podman's wording
        }

        return new VolumeInstruction
        {
            Paths = paths,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static CopyInstruction Copy(Common c, string args)
    {
        var (words, _) = CommandSyntax.ParseList(args);
        if (words.Count < 2)
        {
            var detail = words.Count == 1 ? ", but only one was provided. Destination could not be determined" : "";
            throw new InstructionSyntaxException($"{c.Keyword} requires at least two arguments{detail}");
        }

        if (HeredocSyntax.ParseWord(words[^1]) is not null)
        {
            throw new InstructionSyntaxException($"{c.Keyword} cannot accept a heredoc as a destination");
        }

        return new CopyInstruction
        {
            Sources = words.GetRange(0, words.Count - 1),
            Destination = words[^1],
            Heredocs = c.Heredocs,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static OnbuildInstruction Onbuild(Common c, string args)
    {
        if (args.Length == 0)
        {
            throw new InstructionSyntaxException("ONBUILD requires at least one argument");
        }

        var (trigger, _, _) = InstructionSyntax.SplitCommand(args);
        switch (trigger.ToUpperInvariant())
        {
            case "ONBUILD":
                throw new InstructionSyntaxException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw new InstructionSyntaxException($"{trigger.ToUpperInvariant()} isn't allowed as an ONBUILD trigger");
        }

        // The trigger is the text after ONBUILD; heredoc bodies follow it as they were written, so the trigger can
        // be parsed again on its own (ContainerfileParser.ParseTrigger).
        var text = OnbuildPrefix().Replace(c.Original, "", 1);
        foreach (var heredoc in c.Heredocs)
        {
            text += "\n" + heredoc.Content + heredoc.Name;
        }

        return new OnbuildInstruction
        {
            Trigger = text,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static HealthcheckInstruction Healthcheck(Common c, string args)
    {
        var (health, command) = HealthcheckSyntax.Parse(args, c.Flags);
        return new HealthcheckInstruction
        {
            Command = command,
            Health = health,
            Location = c.Location, Keyword = c.Keyword, Original = c.Original, Flags = c.Flags,
        };
    }

    private static string ExactlyOne(string args, string keyword) =>
        args.Length > 0 ? args : throw new InstructionSyntaxException($"{keyword} requires exactly one argument");

    private static List<T> AtLeastOne<T>(List<T> items, string keyword) =>
        items.Count > 0 ? items : throw new InstructionSyntaxException($"{keyword} requires at least one argument");

    /// <summary>What every instruction carries.</summary>
    private sealed record Common(SourceLocation Location, string Keyword, string Original, IReadOnlyList<InstructionFlag> Flags, IReadOnlyList<Heredoc> Heredocs);

}
