using System.Text;

namespace Berth.Cli.CommandLine;

/// <summary>Writes <c>--help</c> in podman's shape (cobra's usage sections, pflag's flag table).</summary>
public static class HelpWriter
{
    private const int MinNamePadding = 11;

    public static string Render(CommandSpec command) =>
        command.EffectiveHelpStyle == HelpStyle.Cobra ? RenderCobra(command) : RenderPodman(command);

    private static string RenderPodman(CommandSpec command)
    {
        var sb = new StringBuilder();
        sb.Append(command.Summary).Append("\n\n");
        var isRoot = command.Parent is null;
        if (!isRoot)
        {
            sb.Append("Description:\n");
            AppendIndented(sb, command.Description ?? command.Summary, command.DescriptionAsWritten);
            sb.Append('\n');
        }

        sb.Append("Usage:\n  ").Append(command.Path);
        if (command.Usage.Length > 0)
        {
            // A command without arguments or options (volume reload) has no usage words and no trailing space.
            sb.Append(' ').Append(command.Usage);
        }

        sb.Append('\n');
        if (command.Aliases.Count > 0)
        {
            sb.Append("\nAliases:\n  ").Append(command.Name);
            foreach (var alias in command.Aliases)
            {
                sb.Append(", ").Append(alias);
            }

            sb.Append('\n');
        }

        if (command.Example is { } example)
        {
            sb.Append("\nExamples:\n");
            AppendIndented(sb, example.Replace("{path}", command.Path, StringComparison.Ordinal), command.ExampleAsWritten);
        }

        var visible = command.Subcommands.Where(c => !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (visible.Count > 0)
        {
            var padding = Math.Max(MinNamePadding, visible.Max(c => c.Name.Length));
            sb.Append("\nAvailable Commands:\n");
            foreach (var c in visible)
            {
                sb.Append("  ").Append(c.Name.PadRight(padding)).Append(' ').Append(c.Summary).Append('\n');
            }
        }

        var flags = new List<OptionSpec>(command.Options);
        if (isRoot)
        {
            flags.AddRange(command.GlobalOptions);
        }

        var helpOption = CommandLineParser.HelpOption(command);
        if (isRoot || helpOption.Short is null)
        {
            flags.Add(helpOption with { Short = null });
        }

        if (flags.Count > 0)
        {
            sb.Append("\nOptions:\n").Append(FlagUsages(flags));
        }

        if (!isRoot)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>cobra's default help template, as buildah and skopeo print it.</summary>
    private static string RenderCobra(CommandSpec command)
    {
        var sb = new StringBuilder();
        sb.Append((command.Description ?? command.Summary).TrimEnd()).Append("\n\n");
        var flags = new List<OptionSpec>(command.Options);
        if (command.Parent is null || command.Parent.EffectiveHelpStyle != HelpStyle.Cobra)
        {
            flags.AddRange(command.GlobalOptions);
        }

        flags.Add(OptionSpec.Flag(CommandLineParser.HelpFlag, CommandLineParser.HelpOption(command).Short, $"help for {command.Name}"));
        var visible = command.Subcommands.Where(c => !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        sb.Append("Usage:");
        var indent = command.PlainUsage ? "" : "  ";
        if (command.Action is not null)
        {
            sb.Append('\n').Append(indent).Append(command.Path).Append(' ').Append(command.Usage.Replace("[options]", "[flags]", StringComparison.Ordinal));
        }

        if (visible.Count > 0)
        {
            sb.Append("\n  ").Append(command.Path).Append(" [command]");
        }

        if (command.Aliases.Count > 0)
        {
            sb.Append("\n\nAliases:\n  ").Append(string.Join(", ", new[] { command.Name }.Concat(command.Aliases)));
        }

        if (command.Example is { } example)
        {
            sb.Append("\n\nExamples:\n");
            sb.Append(string.Join('\n', example.Replace("{path}", command.Path, StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? l : indent + l)));
        }

        if (visible.Count > 0)
        {
            var padding = Math.Max(MinNamePadding, visible.Max(c => c.Name.Length));
            sb.Append("\n\nAvailable Commands:");
            foreach (var c in visible)
            {
                sb.Append("\n  ").Append(c.Name.PadRight(padding)).Append(' ').Append(c.Summary);
            }
        }

        sb.Append("\n\nFlags:\n").Append(FlagUsages(flags).TrimEnd());
        var inherited = new List<OptionSpec>();
        var buildah = command.InSubcommandUsageTemplate || command.BuildahUsage;
        for (var p = command.Parent; p is not null && p.EffectiveHelpStyle == HelpStyle.Cobra && !command.PlainUsage && !buildah; p = p.Parent)
        {
            inherited.AddRange(p.GlobalOptions);
        }

        if (inherited.Count > 0)
        {
            sb.Append("\n\nGlobal Flags:\n").Append(FlagUsages(inherited).TrimEnd());
        }

        if (visible.Count > 0 && !command.BuildahUsage)
        {
            sb.Append("\n\nUse \"").Append(command.Path).Append(" [command] --help\" for more information about a command.");
        }

        // skopeo's subcommand template ends with a blank line, and so does buildah's.
        return sb.Append(command.PlainUsage || buildah ? "\n\n" : "\n").ToString();
    }

    /// <summary>pflag's flag table: sorted by name, shorthand column, value name, usage and default.</summary>
    public static string FlagUsages(IEnumerable<OptionSpec> options)
    {
        var rows = new List<(string Left, string Usage)>();
        var maxLen = 0;
        foreach (var o in options.Where(o => !o.Hidden).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var left = o.Short is { } s ? $"  -{s}, --{o.Name}" : $"      --{o.Name}";
            var (valueName, usage) = UnquoteUsage(o);
            if (valueName.Length > 0)
            {
                left += " " + valueName;
            }

            if (o.NoOptDefault is { } noOpt && !(o.Kind == OptionKind.Bool && noOpt == "true"))
            {
                left += o.Kind == OptionKind.String ? $"[=\"{noOpt}\"]" : $"[={noOpt}]";
            }

            maxLen = Math.Max(maxLen, left.Length + 1);
            if (o.Default is { } d)
            {
                usage += o.Kind == OptionKind.String ? $" (default \"{d}\")" : $" (default {d})";
            }

            rows.Add((left, usage));
        }

        var sb = new StringBuilder();
        foreach (var (left, usage) in rows)
        {
            var column = maxLen + 2;
            sb.Append(left).Append(' ', maxLen - left.Length + 2)
              .Append(usage.Replace("\n", "\n" + new string(' ', column), StringComparison.Ordinal))
              .Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>pflag's UnquoteUsage: a back-quoted word in the usage names the value; else the type does.</summary>
    private static (string Name, string Usage) UnquoteUsage(OptionSpec option)
    {
        var usage = option.Help;
        var start = usage.IndexOf('`', StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = usage.IndexOf('`', start + 1);
            if (end > start)
            {
                var name = usage[(start + 1)..end];
                return (name, usage[..start] + name + usage[(end + 1)..]);
            }
        }

        return (option.TypeName, usage);
    }

    /// <summary>podman indents the first line always (so an empty text leaves "  ") and later lines unless blank.</summary>
    private static void AppendIndented(StringBuilder sb, string text, bool asWritten = false)
    {
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            // podman indents the first line; the rest are its text as written, where its own two spaces are implied
            // unless the line starts with a tab (push's description and examples).
            if (first || (!asWritten && line.Length > 0 && line[0] != '\t'))
            {
                sb.Append("  ");
            }

            sb.Append(line).Append('\n');
            first = false;
        }
    }
}
