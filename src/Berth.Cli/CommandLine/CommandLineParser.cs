using System.Globalization;

namespace Berth.Cli.CommandLine;

/// <summary>
/// Parses a command line the way cobra and pflag do for podman: subcommands by name or alias, global
/// flags anywhere, <c>--opt=value</c> and <c>--opt value</c>, bundled shorthands (<c>-dit</c>,
/// <c>-p8080:80</c>, <c>-e=A</c>), repeated flags, <c>--</c> ending flags, and flags after arguments
/// unless the command stops at its first argument (<c>run</c>, <c>exec</c>).
/// </summary>
public static class CommandLineParser
{
    public const string HelpFlag = "help";

    public static Invocation Parse(CommandSpec root, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var command = root;
        var options = new ParsedOptions();
        var positionals = new List<string>();
        var help = false;
        var onlyPositionals = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositionals)
            {
                positionals.Add(arg);
            }
            else if (arg == "--")
            {
                onlyPositionals = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                help |= ParseLong(command, options, args, ref i);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                help |= ParseShorthands(command, options, args, ref i);
            }
            else if (positionals.Count == 0 && command.HasSubcommands && command.FindSubcommand(arg) is { } sub)
            {
                command = sub;
            }
            else
            {
                positionals.Add(arg);
                onlyPositionals |= !command.Interspersed;
            }
        }

        foreach (var spec in VisibleOptions(command))
        {
            options.Declare(spec);
        }

        return new Invocation
        {
            Command = command,
            Options = options,
            Arguments = positionals,
            HelpRequested = help,
            Out = output,
            Error = error,
        };
    }

    /// <summary>The flags a command accepts: its own, the persistent ones of its ancestors, and help.</summary>
    public static IEnumerable<OptionSpec> VisibleOptions(CommandSpec command)
    {
        foreach (var o in command.Options)
        {
            yield return o;
        }

        for (var c = command; c is not null; c = c.Parent)
        {
            foreach (var o in c.GlobalOptions)
            {
                yield return o;
            }
        }
    }

    /// <summary>cobra's help flag: <c>-h</c> too unless the command uses that letter itself.</summary>
    public static OptionSpec HelpOption(CommandSpec command)
    {
        var hTaken = VisibleOptions(command).Any(o => o.Short == 'h');
        return OptionSpec.Flag(HelpFlag, hTaken ? null : 'h', command.Parent is null ? $"Help for {command.Name}" : "");
    }

    private static OptionSpec? FindLong(CommandSpec command, string name)
    {
        foreach (var o in VisibleOptions(command))
        {
            if (o.Name == name)
            {
                return o;
            }
        }

        return name == HelpFlag ? HelpOption(command) : null;
    }

    private static OptionSpec? FindShort(CommandSpec command, char c)
    {
        foreach (var o in VisibleOptions(command))
        {
            if (o.Short == c)
            {
                return o;
            }
        }

        return c == 'h' && HelpOption(command).Short == 'h' ? HelpOption(command) : null;
    }

    private static bool ParseLong(CommandSpec command, ParsedOptions options, IReadOnlyList<string> args, ref int i)
    {
        var body = args[i].AsSpan(2);
        var eq = body.IndexOf('=');
        var name = (eq < 0 ? body : body[..eq]).ToString();
        if (name.Length == 0 || name[0] == '-' || name[0] == '=')
        {
            throw UsageException.ForFlag(command, $"bad flag syntax: {args[i]}");
        }

        var spec = FindLong(command, name) ?? throw UsageException.ForFlag(command, $"unknown flag: --{name}");
        string value;
        if (eq >= 0)
        {
            value = body[(eq + 1)..].ToString();
        }
        else if (!spec.TakesValue)
        {
            value = spec.NoOptDefault ?? "true";
        }
        else if (i + 1 < args.Count)
        {
            value = args[++i];
        }
        else
        {
            throw UsageException.ForFlag(command, $"flag needs an argument: --{name}");
        }

        return Assign(command, options, spec, value, $"--{spec.Name}");
    }

    private static bool ParseShorthands(CommandSpec command, ParsedOptions options, IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var shorthands = arg.AsSpan(1);
        var help = false;
        while (shorthands.Length > 0)
        {
            var c = shorthands[0];
            var spec = FindShort(command, c)
                ?? throw UsageException.ForFlag(command, $"unknown shorthand flag: '{c}' in {arg}");
            string value;
            if (shorthands.Length > 2 && shorthands[1] == '=')
            {
                value = shorthands[2..].ToString();
                shorthands = default;
            }
            else if (!spec.TakesValue)
            {
                value = spec.NoOptDefault ?? "true";
                shorthands = shorthands[1..];
            }
            else if (shorthands.Length > 1)
            {
                value = shorthands[1..].ToString();
                shorthands = default;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
                shorthands = default;
            }
            else
            {
                throw UsageException.ForFlag(command, $"flag needs an argument: '{c}' in -{c}");
            }

            help |= Assign(command, options, spec, value, $"-{spec.Short}, --{spec.Name}");
        }

        return help;
    }

    private static bool Assign(CommandSpec command, ParsedOptions options, OptionSpec spec, string value, string display)
    {
        display = spec.Short is { } s ? $"-{s}, --{spec.Name}" : $"--{spec.Name}";
        switch (spec.Kind)
        {
            case OptionKind.Bool:
                value = ParseBool(value) ?? throw UsageException.ForFlag(command,
                    $"invalid argument \"{value}\" for \"{display}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax");
                break;
            case OptionKind.Int:
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw UsageException.ForFlag(command,
                        $"invalid argument \"{value}\" for \"{display}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax");
                }

                break;
            case OptionKind.UInt:
                if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw UsageException.ForFlag(command,
                        $"invalid argument \"{value}\" for \"{display}\" flag: strconv.ParseUint: parsing \"{value}\": invalid syntax");
                }

                break;
        }

        if (spec.Name == HelpFlag && spec.Kind == OptionKind.Bool)
        {
            return value == "true";
        }

        options.Set(spec, value);
        return false;
    }

    /// <summary>Go's strconv.ParseBool, returning the canonical "true"/"false".</summary>
    private static string? ParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => null,
    };
}
